/**
 * Builds the static site of a region: one page per locale (`/<locale>/index.html`, and `/`
 * in the region's first locale), the stylesheet, the form's script and the proof-of-work
 * worker, minified by esbuild; and the organisations' inbox (`/inbox/`, English, and
 * `/inbox/<locale>/` for its other languages) with its own script and stylesheet, each pinned
 * in the inbox's pages by a Subresource Integrity hash of the exact bytes written; and the
 * monitor's pages (`/monitor/`, web/monitor/monitor-build.ts), pinned the same way.
 * `intake dev` builds it at start; the CDK app deploys it.
 *
 *   npx tsx web/build.ts [--region regions/nl-sample.json] [--out web/dist]
 */
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { build } from "esbuild";
import { readRegionFile } from "../config/region-file.ts";
import type { Region } from "../domain/region.ts";
import { INBOX_LOCALES, inboxPath } from "./inbox/catalog.ts";
import { type PinnedAsset, renderInboxPage } from "./inbox/inbox-page.ts";
import { type BuiltMonitor, buildMonitor } from "./monitor/monitor-build.ts";
import { renderFormPage } from "./pages/form-page.ts";
import { ASSETS } from "./pages/page-shell.ts";
import { renderStatusLookup } from "./pages/status-page.ts";

const HERE = fileURLToPath(new URL(".", import.meta.url));
export const DEFAULT_OUT = join(HERE, "dist");

/** ES2020: what the browsers of cheap phones of the last five years run without a polyfill. */
const BROWSER_TARGETS = ["es2020"];

/** What the first load of an inbox page (its HTML, CSS and JS) may weigh, gzipped (issue 13). */
export const INBOX_FIRST_LOAD_BUDGET = 40 * 1024;

export interface BuiltSite {
  outDir: string;
  /** the form's pages */
  pages: string[];
  inbox: BuiltInbox;
  monitor: BuiltMonitor;
}

export interface BuiltInbox {
  /** `/inbox/` and `/inbox/<locale>/` */
  pages: string[];
  script: PinnedAsset;
  style: PinnedAsset;
  /** loaded by the script when the key is given, pinned by it */
  decryption: PinnedAsset;
}

/** Subresource Integrity metadata of some bytes: SHA-384, base64 (the SRI spec's strongest). */
export function subresourceIntegrity(bytes: Uint8Array): string {
  return `sha384-${createHash("sha384").update(bytes).digest("base64")}`;
}

/** How every browser bundle is built: minified, one file per entry, for BROWSER_TARGETS. */
const bundling = (outDir: string) =>
  ({
    outdir: join(outDir, "assets"),
    entryNames: "[name]",
    bundle: true,
    minify: true,
    format: "iife",
    target: BROWSER_TARGETS,
    legalComments: "none",
    logLevel: "silent",
  }) as const;

/** Writes one of esbuild's in-memory outputs as `as` and pins it to the exact bytes written. */
function pinOutput(
  outputFiles: readonly { path: string; contents: Uint8Array }[],
  outDir: string,
  from: string,
  as: string,
): PinnedAsset {
  const file = outputFiles.find((output) => basename(output.path) === from);
  if (!file) throw new Error(`esbuild wrote no ${from}.`);
  writeFileSync(join(outDir, "assets", as), file.contents);
  return { path: `/assets/${as}`, integrity: subresourceIntegrity(file.contents) };
}

/**
 * The inbox: its script and stylesheet, pinned in its pages, and its decryption module
 * (age-encryption, web/inbox/age-crypto.ts), an ES module of its own that the script loads only
 * when the key is given, pinned by the script: built first, its path and integrity are put
 * into the script (`DECRYPTION_MODULE`), which the pages pin in turn. Each is written from
 * esbuild's output in memory so that every hash is taken over exactly the bytes on disk.
 */
async function buildInbox(region: Region, outDir: string): Promise<BuiltInbox> {
  const age = await build({
    entryPoints: { "inbox-age": join(HERE, "inbox/age-crypto.ts") },
    ...bundling(outDir),
    format: "esm",
    write: false,
  });
  const decryption = pinOutput(age.outputFiles, outDir, "inbox-age.js", "inbox-age.js");
  const { outputFiles } = await build({
    entryPoints: {
      inbox: join(HERE, "inbox/inbox.ts"),
      "inbox-style": join(HERE, "inbox/inbox.css"),
    },
    ...bundling(outDir),
    define: { DECRYPTION_MODULE: JSON.stringify(decryption) },
    write: false,
  });
  const script = pinOutput(outputFiles, outDir, "inbox.js", "inbox.js");
  const style = pinOutput(outputFiles, outDir, "inbox-style.css", "inbox.css");

  const pages: string[] = [];
  for (const locale of INBOX_LOCALES) {
    const path = inboxPath(locale);
    mkdirSync(join(outDir, path), { recursive: true });
    writeFileSync(
      join(outDir, path, "index.html"),
      renderInboxPage(region, locale, { script, style, icon: ASSETS.icon }),
    );
    pages.push(path);
  }
  return { pages, script, style, decryption };
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
    ...bundling(outDir),
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
    // Where the person comes back with their code: /<locale>/status/.
    mkdirSync(join(dir, "status"), { recursive: true });
    writeFileSync(join(dir, "status", "index.html"), renderStatusLookup({ region, locale }));
  }
  const monitor = await buildMonitor(region, outDir, {
    bundling: bundling(outDir),
    integrity: subresourceIntegrity,
    icon: ASSETS.icon,
  });
  return { outDir, pages, inbox: await buildInbox(region, outDir), monitor };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { region: { type: "string" }, out: { type: "string" } },
  });
  const site = await buildSite(readRegionFile(values.region), values.out ?? DEFAULT_OUT);
  process.stdout.write(
    `built ${site.pages.length} pages and the inbox (${site.inbox.pages.join(", ")}) into ${site.outDir}\n`,
  );
}
