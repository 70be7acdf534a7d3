/** When the form sends a report again by itself (web/src/resend.ts), and after how long. */
import { describe, expect, it } from "vitest";
import { resender } from "../../web/src/resend.ts";

describe("the form's resends", () => {
  it.each([
    ["in_progress", "2", 2_000],
    ["in_progress", null, 2_000],
    ["unavailable", "5", 5_000],
    ["invalid_proof", "5", null],
    ["invalid_report", null, null],
    [undefined, null, null],
  ])("after %s (Retry-After %s) waits %s ms", (code, retryAfter, wait) => {
    expect(resender().after(code, retryAfter)).toBe(wait);
  });

  it("sends to a busy server three times by itself, then again after the person's retry", () => {
    const resend = resender();
    const waits = () => [1, 2, 3, 4].map(() => resend.after("unavailable", "5"));
    expect(waits()).toEqual([5_000, 5_000, 5_000, null]);
    expect(resend.after("in_progress", "2")).toBe(2_000); // still being taken in: always
    resend.reset();
    expect(waits()).toEqual([5_000, 5_000, 5_000, null]);
  });
});
