/**
 * The best of a region's locales for a browser's Accept-Language header (RFC 9110 12.5.4):
 * the languages in the order of their weights, each matched exactly and then by its primary
 * subtag (`pl-PL` → `pl`, `zh-Hans-CN` → `zh`), Filipino (`fil-PH`, what Android and Chrome
 * send from the Philippines) counting as the Tagalog catalog `tl`; nothing that matches gives
 * the region's first locale. The same function runs in the dev server and, as its source, in the CloudFront
 * Function of lib/web-hosting.ts (runtime cloudfront-js-2.0): plain JavaScript both run, with
 * no optional chaining, spread or for…of.
 */
export function bestLocale(header: string, locales: readonly string[]): string {
  // The helpers live inside: the CloudFront Function gets this function's source, and only it.
  function weightOf(fields: string[]): number {
    let q = 1;
    for (let field = 1; field < fields.length; field++) {
      const param = (fields[field] || "").trim();
      if (param.indexOf("q=") === 0) q = Number(param.slice(2));
    }
    return q;
  }
  function wantedLanguages(): { tag: string; q: number; at: number }[] {
    const wanted: { tag: string; q: number; at: number }[] = [];
    const parts = String(header || "").split(",");
    for (let at = 0; at < parts.length && at < 32; at++) {
      const fields = (parts[at] || "").split(";");
      const tag = (fields[0] || "").trim().toLowerCase();
      const q = weightOf(fields);
      if (tag && tag !== "*" && q > 0 && q <= 1) wanted.push({ tag: tag, q: q, at: at });
    }
    return wanted.sort((a, b) => b.q - a.q || a.at - b.at);
  }
  function offered(tag: string): string | null {
    if (locales.indexOf(tag) >= 0) return tag;
    const subtag = tag.split("-")[0] || "";
    // Filipino browsers send `fil` (our Tagalog catalog); Dari is Persian as written in
    // Afghanistan, and Windows there sends `prs-AF`.
    const primary = subtag === "fil" ? "tl" : subtag === "prs" ? "fa" : subtag;
    return locales.indexOf(primary) >= 0 ? primary : null;
  }
  const wanted = wantedLanguages();
  for (let index = 0; index < wanted.length; index++) {
    const match = offered((wanted[index] || { tag: "" }).tag);
    if (match !== null) return match;
  }
  return locales[0] || "en";
}
