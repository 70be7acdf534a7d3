/** Safe HTML from strings: every interpolated text is escaped, nothing else is. */

export function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/** Attributes from a map; `true` writes a bare attribute, `false` and undefined write nothing. */
export function attributes(map: Record<string, string | number | boolean | undefined>): string {
  return Object.entries(map)
    .filter(([, value]) => value !== false && value !== undefined)
    .map(([name, value]) =>
      value === true ? ` ${name}` : ` ${name}="${escapeHtml(String(value))}"`,
    )
    .join("");
}
