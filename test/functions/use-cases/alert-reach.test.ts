import { describe, expect, it } from "vitest";
import { alertReachOf } from "../../../functions/use-cases/alert-reach.ts";

describe("who a case's alerts may reach", () => {
  it.each([
    [true, "email"],
    [false, "all"],
  ] as const)("a case with unproven %s alerts %s", (unproven, reach) => {
    expect(alertReachOf({ unproven })).toBe(reach);
  });
});
