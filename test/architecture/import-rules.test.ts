/**
 * The house rules of the code, checked against the real import graph (every static and dynamic
 * import of every source file, read with TypeScript's own pre-processor): which folder may
 * import which (docs/architecture.md draws them), no circle between the top-level folders, no
 * two files of one layer with the same name, and no production file over 400 lines. A new
 * arrow against the rules fails here with the file and the import that drew it.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SOURCE_FOLDERS = [
  "bin",
  "bench",
  "cli",
  "config",
  "domain",
  "functions",
  "lib",
  "local",
  "scripts",
  "web",
];

/** The layer of a file, by where it lives; the first pattern that fits wins. */
const LAYERS: readonly [layer: string, pattern: RegExp][] = [
  ["domain", /^domain\//],
  ["locales", /^locales\//],
  ["config", /^config\//],
  ["ports", /^functions\/ports\//],
  ["use-cases", /^functions\/use-cases\//],
  ["adapters", /^functions\/adapters\//],
  ["wiring", /^functions\/wiring\//],
  ["http", /^functions\/http\//],
  ["handlers", /^functions\/[^/]+\.ts$/],
  ["pages", /^web\/pages\//],
  ["web", /^web\//],
  ["lib", /^lib\//],
  ["local", /^local\//],
  ["cli", /^cli\//],
  ["bin", /^bin\//],
  ["scripts", /^scripts\//],
  ["bench", /^bench\//],
  ["test", /^test\//],
];

/**
 * Who may import whom (beside itself). The core is pure and depends on nothing; use cases see
 * ports and the domain; adapters implement ports; the wiring alone puts adapters and use cases
 * together; handlers take what the wiring built. `lib/` (the CDK app) reads the shared
 * configuration and the domain, and names the handlers' entry files as paths, never imports.
 */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  domain: ["locales"],
  locales: [],
  config: ["domain"],
  ports: ["domain"],
  "use-cases": ["ports", "domain"],
  adapters: ["ports", "domain", "config", "locales"],
  wiring: ["adapters", "use-cases", "ports", "domain", "config"],
  http: ["wiring", "use-cases", "ports", "domain", "config", "pages"],
  handlers: ["wiring", "http", "use-cases", "domain", "pages"],
  pages: ["domain", "locales"],
  web: ["pages", "domain", "config", "locales"],
  lib: ["config", "domain"],
  // The local runtime is a shell of its own around the handlers (emulators, timers, redelivery).
  local: ["handlers", "wiring", "use-cases", "adapters", "ports", "domain", "config", "web"],
  cli: ["local", "wiring", "use-cases", "adapters", "ports", "domain", "config"],
  // The tools around the product (the CDK app's entry, deployment, benchmarks) may use any of it.
  bin: ["lib", "cli", "web", "config", "domain"],
  scripts: ["lib", "cli", "web", "wiring", "adapters", "use-cases", "ports", "domain", "config"],
  bench: LAYERS.map(([layer]) => layer),
};

const layerOf = (file: string) => LAYERS.find(([, pattern]) => pattern.test(file))?.[0] ?? "other";

function filesUnder(folder: string): string[] {
  const full = path.join(ROOT, folder);
  return readdirSync(full).flatMap((name) => {
    if (name === "node_modules" || name === "dist" || name === "cdk.out") return [];
    const file = path.join(full, name);
    if (statSync(file).isDirectory()) return filesUnder(path.join(folder, name));
    return /\.(ts|mts|mjs)$/.test(name) && !name.endsWith(".d.ts") ? [path.join(folder, name)] : [];
  });
}

interface Arrow {
  from: string;
  to: string;
}

/** Every relative import of a file, resolved to a path from the repository's root. */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(path.join(ROOT, file), "utf8"), true, true);
  return info.importedFiles
    .map((imported) => imported.fileName)
    .filter((name) => name.startsWith("."))
    .map((name) => path.normalize(path.join(path.dirname(file), name)));
}

const SOURCES = SOURCE_FOLDERS.flatMap(filesUnder);
const ARROWS: Arrow[] = SOURCES.flatMap((from) => importsOf(from).map((to) => ({ from, to })));
const PRODUCTION = SOURCES.filter((file) => !/^(bench|test)\//.test(file));

describe("the import graph", () => {
  it("reads the imports of every source file (the check sees the code)", () => {
    expect(SOURCES.length).toBeGreaterThan(150);
    expect(ARROWS.some((arrow) => arrow.from === "functions/submit-report.ts")).toBe(true);
  });

  it("has no arrow between layers that the rules do not allow", () => {
    const against = ARROWS.filter(({ from, to }) => {
      const [a, b] = [layerOf(from), layerOf(to)];
      return a !== b && !(ALLOWED[a] ?? []).includes(b);
    }).map(({ from, to }) => `${from} (${layerOf(from)}) → ${to} (${layerOf(to)})`);
    expect(against).toEqual([]);
  });

  it("has no runtime file importing lib/ (the CDK app)", () => {
    const runtime = ARROWS.filter(
      ({ from, to }) =>
        /^(functions|web|domain|config|local|cli)\//.test(from) && to.startsWith("lib/"),
    );
    expect(runtime).toEqual([]);
  });

  it("has no circle between the top-level folders", () => {
    const top = (file: string) => file.split("/")[0] ?? file;
    const edges = new Map<string, Set<string>>();
    for (const { from, to } of ARROWS) {
      if (top(from) === top(to) || top(from) === "bench" || top(from) === "test") continue;
      edges.set(top(from), (edges.get(top(from)) ?? new Set()).add(top(to)));
    }
    const reaches = (start: string, goal: string, seen = new Set<string>()): boolean =>
      [...(edges.get(start) ?? [])].some(
        (next) => next === goal || (!seen.has(next) && seen.add(next) && reaches(next, goal, seen)),
      );
    const circles = [...edges.keys()].filter((folder) => reaches(folder, folder));
    expect(circles).toEqual([]);
  });
});

describe("the files", () => {
  it("share no base name within one layer", () => {
    const byLayer = new Map<string, Map<string, string[]>>();
    for (const file of SOURCES) {
      const names = byLayer.get(layerOf(file)) ?? new Map<string, string[]>();
      const base = path.basename(file);
      names.set(base, [...(names.get(base) ?? []), file]);
      byLayer.set(layerOf(file), names);
    }
    const shared = [...byLayer.values()].flatMap((names) =>
      [...names.values()].filter((files) => files.length > 1),
    );
    expect(shared).toEqual([]);
  });

  it("has no production file over 400 lines", () => {
    const long = PRODUCTION.map((file) => ({
      file,
      lines: readFileSync(path.join(ROOT, file), "utf8").split("\n").length,
    })).filter(({ lines }) => lines > 400);
    expect(long).toEqual([]);
  });
});
