/**
 * The file an export makes (web/inbox/case-export.ts): its columns, and CSV as spreadsheets and
 * case systems read it. Pure, so it is tested without a page.
 */

/** One exported case: what the organisation may read of it, its sealed parts opened. */
export type ExportedCase = Record<(typeof COLUMNS)[number], string>;

export const COLUMNS = [
  "caseId",
  "receivedAt",
  "urgency",
  "state",
  "claimedBy",
  "needs",
  "gaps",
  "municipality",
  "contactLanguages",
  "situation",
  "circumstances",
  "others",
  "narrative",
  "contact",
  "replies",
  "messages",
  "notes",
] as const;

/**
 * A cell of a CSV file: quoted, quotes doubled, and a text a spreadsheet would run as a formula
 * (`=`, `+`, `-`, `@`, a tab or a carriage return first) made inert with a leading apostrophe.
 */
export function csvCell(value: string): string {
  const inert = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${inert.replaceAll('"', '""')}"`;
}

/** The cases as CSV (RFC 4180, CRLF), with a byte-order mark so spreadsheets read UTF-8. */
export function csvOf(cases: readonly ExportedCase[]): string {
  const lines = [
    COLUMNS.join(","),
    ...cases.map((row) => COLUMNS.map((column) => csvCell(row[column])).join(",")),
  ];
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
