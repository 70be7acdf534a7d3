import { describe, expect, it } from "vitest";
import { formatReceipt, normaliseReceipt } from "../../domain/receipt.ts";

describe("normaliseReceipt", () => {
  it.each([
    ["4821093755201184", "4821093755201184"],
    ["4821 0937 5520 1184", "4821093755201184"],
    ["4821-0937-5520-1184", "4821093755201184"],
    ["4821\u00A00937\u202F5520\u20071184", "4821093755201184"],
    ["4821\u20100937\u20115520-1184", "4821093755201184"],
    ["٤٨٢١ ٠٩٣٧ ٥٥٢٠ ١١٨٤", "4821093755201184"],
    ["۴۸۲۱۰۹۳۷۵۵۲۰۱۱۸۴", "4821093755201184"],
    ["४८२१ 0937 ५५२० 1184", "4821093755201184"],
    ["４８２１０９３７５５２０１１８４", "4821093755201184"],
    ["𝟒𝟖𝟐𝟏𝟎𝟗𝟑𝟕𝟓𝟓𝟐𝟎𝟏𝟏𝟖𝟒", "4821093755201184"],
  ])("reads %j as %s", (input, digits) => {
    expect(normaliseReceipt(input)).toBe(digits);
  });

  it.each([
    ["too short", "4821 0937 5520 118"],
    ["too long", "4821 0937 5520 11845"],
    ["a letter", "4821 0937 5520 118a"],
    ["a dot", "4821.0937.5520.1184"],
    ["a tab", "4821\t0937 5520 1184"],
    ["a superscript digit (not decimal)", "4821 0937 5520 118²"],
    ["empty", ""],
    ["very long", "1".repeat(500)],
  ])("refuses %s", (_, input) => {
    expect(normaliseReceipt(input)).toBeNull();
  });

  it("formats a receipt in four groups", () => {
    expect(formatReceipt("4821093755201184")).toBe("4821 0937 5520 1184");
  });
});
