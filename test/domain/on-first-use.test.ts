import { describe, expect, it } from "vitest";
import { onFirstUse } from "../../domain/on-first-use.ts";

describe("onFirstUse", () => {
  it("makes nothing until asked, then once, and gives the same value every time", () => {
    let made = 0;
    const value = onFirstUse(() => ({ made: ++made }));
    expect(made).toBe(0);
    const first = value();
    expect(value()).toBe(first);
    expect(made).toBe(1);
  });
});
