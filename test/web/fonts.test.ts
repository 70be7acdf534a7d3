/**
 * The pages use the phone's own fonts: no web font is declared, preloaded or fetched, from this
 * origin or another (a font file costs a cheap phone's data, and a font host learns who opened
 * the page). Checked on the site as web/build.ts builds it: every stylesheet and every page.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSite } from "../../web/build.ts";
import { sampleRegion } from "../helpers/region-factory.ts";

/** What would make a browser fetch or use a font that is not the phone's. */
const WEB_FONT = [
  /@font-face/i,
  /@import/i,
  /url\(/i,
  /\.(?:woff2?|ttf|otf|eot)\b/i,
  /fonts\.(?:googleapis|gstatic)\.com/i,
  /<link[^>]+(?:rel=["']?preload[^>]+as=["']?font|font)/i,
];

const site = { dir: "" };
beforeAll(async () => {
  site.dir = mkdtempSync(join(tmpdir(), "fonts-site-"));
  await buildSite(sampleRegion, site.dir);
});
afterAll(() => rmSync(site.dir, { recursive: true, force: true }));

const filesOf = (extension: string) =>
  (readdirSync(site.dir, { recursive: true }) as string[]).filter((file) =>
    file.endsWith(extension),
  );

/** The patterns of WEB_FONT a text matches, by their source. */
const webFontsIn = (text: string) =>
  WEB_FONT.filter((pattern) => pattern.test(text)).map((pattern) => pattern.source);

describe("the built site", () => {
  it("declares no web font in any stylesheet", () => {
    const css = filesOf(".css");
    expect(css).toContain(join("assets", "form.css"));
    const found = css.flatMap((file) =>
      webFontsIn(readFileSync(join(site.dir, file), "utf8")).map((hit) => `${file}: ${hit}`),
    );
    expect(found).toEqual([]);
  });

  it("loads no font from any page", () => {
    const pages = filesOf(".html");
    expect(pages.length).toBeGreaterThan(sampleRegion.locales.length);
    const found = pages.flatMap((file) =>
      webFontsIn(readFileSync(join(site.dir, file), "utf8")).map((hit) => `${file}: ${hit}`),
    );
    expect(found).toEqual([]);
  });

  it("names the system's fonts first, so every script finds one on the phone", () => {
    const css = readFileSync(join(site.dir, "assets", "form.css"), "utf8");
    expect(css).toMatch(/font-family:\s*system-ui,/);
  });
});

describe("webFontsIn", () => {
  it.each([
    ["@font-face{font-family:X;src:local(X)}", [0]],
    ['@import url("https://fonts.googleapis.com/css2?family=Noto")', [1, 2, 4]],
    ['<link rel="preload" href="/a.woff2" as="font">', [3, 5]],
    ["body{font-family:system-ui,sans-serif}", []],
  ] as const)("finds in %j the patterns %j", (text, found) => {
    expect(webFontsIn(text)).toEqual(found.map((index) => WEB_FONT[index]?.source));
  });
});
