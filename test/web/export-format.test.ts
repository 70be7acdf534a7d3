import { describe, expect, it } from "vitest";
import { COLUMNS, csvCell, csvOf, type ExportedCase } from "../../web/inbox/export-format.ts";

const aCase = (changes: Partial<ExportedCase> = {}): ExportedCase => ({
  ...(Object.fromEntries(COLUMNS.map((column) => [column, ""])) as ExportedCase),
  caseId: "3f2a9c1b-0000-4000-8000-000000000000",
  ...changes,
});

describe("csvCell", () => {
  it.each([
    ["plain words", "They kept my passport", '"They kept my passport"'],
    ["quotes doubled", 'He said "tomorrow"', '"He said ""tomorrow"""'],
    ["a line break kept inside the quotes", "one\ntwo", '"one\ntwo"'],
    ["a formula made inert", '=HYPERLINK("http://x")', '"\'=HYPERLINK(""http://x"")"'],
    ["a plus made inert", "+31 6 1234", '"\'+31 6 1234"'],
    ["a minus made inert", "-1", '"\'-1"'],
    ["an at made inert", "@SUM(A1)", '"\'@SUM(A1)"'],
    ["a leading tab made inert", "\tx", '"\'\tx"'],
    ["an empty cell", "", '""'],
  ])("quotes %s", (_name, value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });
});

describe("csvOf", () => {
  it("starts with a byte-order mark and the header, one CRLF line per case", () => {
    const text = csvOf([aCase({ narrative: "ü ş ا" }), aCase({ urgency: "emergency" })]);
    expect(text.startsWith(`\uFEFF${COLUMNS.join(",")}\r\n`)).toBe(true);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text.split("\r\n")).toHaveLength(4);
    expect(text).toContain('"ü ş ا"');
  });

  it("gives only the header for no case", () => {
    expect(csvOf([])).toBe(`\uFEFF${COLUMNS.join(",")}\r\n`);
  });
});
