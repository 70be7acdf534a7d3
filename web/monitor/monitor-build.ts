/**
 * Builds the monitor's pages (`/monitor/`, `/monitor/<locale>/`), its script and its stylesheet,
 * pinned by Subresource Integrity as the inbox's are. Called by web/build.ts.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BuildOptions, build } from "esbuild";
import type { Region } from "../../domain/region.ts";
import type { PinnedAsset } from "../inbox/inbox-page.ts";
import { MONITOR_LOCALES, monitorPath, renderMonitorPage } from "./render.ts";

const HERE = fileURLToPath(new URL(".", import.meta.url));

export interface BuiltMonitor {
  pages: string[];
  script: PinnedAsset;
  style: PinnedAsset;
}

export async function buildMonitor(
  region: Region,
  outDir: string,
  options: { bundling: BuildOptions; integrity: (bytes: Uint8Array) => string; icon: string },
): Promise<BuiltMonitor> {
  const { outputFiles } = await build({
    entryPoints: { monitor: join(HERE, "monitor.ts"), "monitor-style": join(HERE, "monitor.css") },
    ...options.bundling,
    write: false,
  });
  const pinned = (from: string, as: string): PinnedAsset => {
    const file = outputFiles.find((output) => basename(output.path) === from);
    if (!file) throw new Error(`esbuild wrote no ${from}.`);
    writeFileSync(join(outDir, "assets", as), file.contents);
    return { path: `/assets/${as}`, integrity: options.integrity(file.contents) };
  };
  const script = pinned("monitor.js", "monitor.js");
  const style = pinned("monitor-style.css", "monitor.css");
  // `/monitor/` in the region's first language the monitor has (Dutch, else English).
  const first = MONITOR_LOCALES.find((locale) => region.locales.includes(locale)) ?? "en";
  const pages: string[] = [];
  for (const [path, locale] of [
    [monitorPath(null), first],
    ...MONITOR_LOCALES.map((locale) => [monitorPath(locale), locale] as const),
  ] as const) {
    mkdirSync(join(outDir, path), { recursive: true });
    writeFileSync(
      join(outDir, path, "index.html"),
      renderMonitorPage(region, locale, { script, style, icon: options.icon }),
    );
    pages.push(path);
  }
  return { pages, script, style };
}
