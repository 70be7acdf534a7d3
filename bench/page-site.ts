/**
 * The web root of the page benchmarks: the region's site as `web/build.ts` builds it for
 * production, plus one page of the bench's own, the floor page, so that the baseline of the
 * speed benchmark is served by the same local system, with the same headers, as the form.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Region } from "../domain/region.ts";
import { buildSite } from "../web/build.ts";
import { ASSETS } from "../web/pages/page-shell.ts";

/** Outside the locale folders, so that it can never be taken for a page of the form. */
export const FLOOR_PAGE = "/bench-floor/";

/**
 * The least a page can be: one request, one line of text, no stylesheet, no script. It keeps
 * the form's head (charset, the viewport a phone needs, the same icon, which Chromium fetches
 * on load) so that the difference to a form page is the form itself.
 */
const FLOOR_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Floor</title>
<link rel="icon" href="${ASSETS.icon}" type="image/svg+xml">
</head>
<body>
<p>One line of text, the least a page can show.</p>
</body>
</html>
`;

export interface PageSite {
  webRoot: string;
  /** deletes the folder */
  remove(): void;
}

export async function buildPageSite(region: Region): Promise<PageSite> {
  const webRoot = mkdtempSync(join(tmpdir(), "intake-bench-web-"));
  try {
    await buildSite(region, webRoot);
    mkdirSync(join(webRoot, FLOOR_PAGE), { recursive: true });
    writeFileSync(join(webRoot, FLOOR_PAGE, "index.html"), FLOOR_HTML);
  } catch (error) {
    rmSync(webRoot, { recursive: true, force: true });
    throw error;
  }
  return { webRoot, remove: () => rmSync(webRoot, { recursive: true, force: true }) };
}
