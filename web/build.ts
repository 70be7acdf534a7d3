/**
 * Builds the static site of a region: one page per locale (`/<locale>/index.html`, and `/`
 * in the region's first locale), the stylesheet, the form's script and the proof-of-work
 * worker, minified by esbuild. `intake dev` builds it at start; the CDK app deploys it.
 *
 *   npx tsx web/build.ts [--region regions/nl-sample.json] [--out web/dist]
 */
import { copyFileSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { build } from "esbuild";
import { readRegionFile } from "../functions/adapters/region-file.ts";
import type { Region } from "../functions/domain/region.ts";
import { renderFormPage } from "./render/form-page.ts";

const HERE = fileURLToPath(new URL(".", import.meta.url));
export const DEFAULT_OUT = join(HERE, "dist");

/** ES2020: what the browsers of cheap phones of the last five years run without a polyfill. */
const BROWSER_TARGETS = ["es2020"];

export interface BuiltSite {
  outDir: string;
  pages: string[];
}

export async function buildSite(region: Region, outDir: string = DEFAULT_OUT): Promise<BuiltSite> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(join(outDir, "assets"), { recursive: true });

  await build({
    entryPoints: {
      form: join(HERE, "src/form.ts"),
      "pow-worker": join(HERE, "src/pow-worker.ts"),
      "form-style": join(HERE, "src/form.css"),
    },
    outdir: join(outDir, "assets"),
    entryNames: "[name]",
    bundle: true,
    minify: true,
    format: "iife",
    target: BROWSER_TARGETS,
    legalComments: "none",
    logLevel: "silent",
  });
  // esbuild names a CSS entry after its key; the pages link /assets/form.css.
  renameSync(join(outDir, "assets/form-style.css"), join(outDir, "assets/form.css"));
  copyFileSync(join(HERE, "src/icon.svg"), join(outDir, "assets/icon.svg"));

  const pages: string[] = [];
  for (const locale of region.locales) {
    const dir = join(outDir, locale);
    mkdirSync(dir, { recursive: true });
    const html = renderFormPage({ region, locale });
    writeFileSync(join(dir, "index.html"), html);
    pages.push(`/${locale}/`);
    if (locale === region.locales[0]) writeFileSync(join(outDir, "index.html"), html);
  }
  return { outDir, pages };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { region: { type: "string" }, out: { type: "string" } },
  });
  const site = await buildSite(readRegionFile(values.region), values.out ?? DEFAULT_OUT);
  process.stdout.write(`built ${site.pages.length} pages into ${site.outDir}\n`);
}
