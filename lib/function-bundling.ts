/**
 * How every Lambda function is bundled, declared once: the CDK constructs
 * (lib/intake-function.ts), the bundle-size test and `npm run bench` all build from here, so
 * what is measured is what is deployed.
 *
 * Choices, each explicit below:
 * - no AWS SDK: the functions call DynamoDB, SQS, SNS and Secrets Manager through signed
 *   requests of their own (functions/adapters/aws-requests.ts, with `aws4` and the SDK's value
 *   converter `@aws-sdk/util-dynamodb`). The SDK, bundled, was 390-400 KB of every package (more
 *   than all the rest) and most of its module load; left to the runtime's copy, it loaded from
 *   `node_modules` three times slower still (`npm run bench` prints both beside the packages);
 * - esbuild's `module` condition is kept beside `lambda`: setting `conditions` drops it, and
 *   packages' `exports` maps then resolve to CommonJS builds that cannot be tree-shaken;
 * - the schemas use `zod/mini`, zod 4's functional API, imported as a namespace: esbuild keeps
 *   only the functions a bundle calls. A classic `zod` schema carries all its methods (JSON
 *   Schema processors, the English locale): 90-100 KB of zod in every bundle, however little it
 *   used (`import { z }` added the 40 locales, 260 KB). With mini, zod weighs 20 KB in
 *   get-challenge, 31 KB in most functions, 35 KB in submit-report (esbuild's metafile). mini
 *   has no locale: every parse passes `fixedMessage` (domain/invalid-input.ts), the texts the
 *   contract's errors and the region check show;
 * - the message catalogs are files beside the bundle (`locales/<locale>.json`, the region's
 *   locales only), read the first time a locale is needed (functions/adapters/catalog-files.ts),
 *   chosen by the `lambda` condition of the `#catalog-source` import (package.json `imports`);
 * - age without the curves it never runs here (`AGE_ALIASES`): the recipient kinds the region
 *   refuses, and the JavaScript X25519 that WebCrypto replaces (100 KB); and powertools'
 *   JMESPath engine, where idempotency only reads plain fields (`PACKAGE_ALIASES`, 23 KB);
 * - no banner: `aws4`, the one CommonJS package, gets the built-ins it requires as imports
 *   (`BUILTIN_ALIASES`), where a `createRequire` banner loaded Node's `module` at every start;
 *   and `node:crypto` and `node:fs` come from `process.getBuiltinModule`, without ESM's facade,
 *   which loaded WebCrypto and the file promises API at every start (`BUILTIN_ALIASES`);
 * - no `node:stream/web` (`PACKAGE_ALIASES`): middy's core imports it for one `instanceof` on a
 *   streamed answer, and importing it loads every web stream of Node, about 4 ms of each
 *   module load here (functions/adapters/web-streams-on-demand.ts);
 * - the region is a file beside the bundle too (`region.json`), written from the region
 *   validated at synth and read on first use (functions/adapters/region-beside-bundle.ts, the
 *   `lambda` condition of `#region-source`): inlined, it weighed 38 KB of every bundle, and
 *   the runtime check of it brought the region's schema along (55-70 KB in all). One file,
 *   not one per locale: it parses in about 0.2 ms. It carries no staff contact: the
 *   organisations' `alerts` are left out (domain/function-region.ts), they live in the
 *   template's SNS subscriptions only;
 * - no source map in the package and no `--enable-source-maps`: Node's source-map support made
 *   a cold start ~25 ms slower and the map was larger than the code. Errors are logged by name
 *   (functions/adapters/logger.ts) and every error class of the project sets its own `name`.
 */
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type BundlingOptions, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";
import { type BuildOptions, build } from "esbuild";
import { FUNCTION_REGION_FILE, functionRegion } from "../domain/function-region.ts";
import { FALLBACK_LOCALE } from "../domain/messages.ts";
import type { Region } from "../domain/region.ts";

/** The repository root: entries are relative to it, and esbuild runs in it. */
export const PROJECT_ROOT = fileURLToPath(new URL("..", import.meta.url));

/**
 * What a function's package may weigh, minified: a cold start reads and compiles all of it.
 * Issue 14's 250 KB: the largest, the status page and the intake, weigh about 230 and 200 KB.
 * The region is beside them, not inside (`region.json`: inlined, with the schema that checked
 * it, it was 55-70 KB of every package that reads it), and age's unused curves and powertools'
 * JMESPath engine are replaced by stand-ins (`PACKAGE_ALIASES`, 120 KB).
 */
export const BUNDLE_BUDGET_BYTES = 250_000;

/** The esbuild condition that picks the Lambda variant of a package `imports` entry. */
export const LAMBDA_CONDITION = "lambda";

/** Where a function finds its catalogs, relative to its package root (`/var/task`). */
export const CATALOG_FOLDER = "locales";

/** A Node built-in as the packages get it (functions/adapters/builtins/). */
const builtIn = (name: string) => path.join(PROJECT_ROOT, `functions/adapters/builtins/${name}.ts`);

/**
 * Node's built-ins, where the bundle gives its own module in their place:
 * - the ones the bundled CommonJS package (`aws4`) requires, as imports: esbuild's ESM output
 *   has no `require`, and a banner that made one with `createRequire` loaded Node's `module`
 *   for three calls (about 1 ms of every module load here). A built-in required and not listed
 *   here leaves esbuild's `__require`, which throws at run time; the bundle test fails on it;
 * - `node:crypto` and `node:fs` through `process.getBuiltinModule`, not ESM's facade: the
 *   facade reads every export, and so loads WebCrypto and the file promises API at start
 *   (about 3 ms here) that the functions use late or never.
 */
export const BUILTIN_ALIASES: Readonly<Record<string, string>> = {
  crypto: builtIn("crypto"),
  "node:crypto": builtIn("crypto"),
  "node:fs": builtIn("fs"),
  // an alias names a path and its subpaths: the promises API stays Node's own
  "node:fs/promises": "node:fs/promises",
  querystring: builtIn("querystring"),
  url: builtIn("url"),
};

/** In place of age's unused curves (functions/adapters/age-unused-curves.ts). */
const AGE_STAND_IN = path.join(PROJECT_ROOT, "functions/adapters/age-unused-curves.ts");

/**
 * Modules the packages carry in place of others: the curves of the age recipient kinds the
 * region refuses, and the pure-JavaScript X25519 that Node's WebCrypto makes unused.
 */
export const AGE_ALIASES: Readonly<Record<string, string>> = {
  "@noble/post-quantum/hybrid.js": AGE_STAND_IN,
  "@noble/curves/nist.js": AGE_STAND_IN,
  "@noble/curves/ed25519.js": AGE_STAND_IN,
};

/** In place of powertools' JMESPath engine (functions/adapters/field-path-search.ts). */
const SEARCH_STAND_IN = path.join(PROJECT_ROOT, "functions/adapters/field-path-search.ts");

/** In place of Node's web streams module (functions/adapters/web-streams-on-demand.ts). */
const WEB_STREAMS_STAND_IN = path.join(PROJECT_ROOT, "functions/adapters/web-streams-on-demand.ts");

/**
 * Every module a package carries in place of another: age's unused curves, powertools'
 * JMESPath engine, which idempotency uses only for plain field paths, `node:stream/web`,
 * which middy imports for a streamed answer no function gives, and aws4's built-ins.
 */
export const PACKAGE_ALIASES: Readonly<Record<string, string>> = {
  ...AGE_ALIASES,
  "@aws-lambda-powertools/jmespath": SEARCH_STAND_IN,
  "@aws-lambda-powertools/jmespath/functions": SEARCH_STAND_IN,
  "node:stream/web": WEB_STREAMS_STAND_IN,
  ...BUILTIN_ALIASES,
};

/**
 * The esbuild options of one function's bundle. `npm run bench` and the tests call esbuild
 * with these; CDK's command line gets the same through `bundlingOptions`.
 */
export function esbuildOptions(): BuildOptions {
  return {
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node24",
    // Prefer the ESM build of a package: esbuild can drop what the function does not import.
    mainFields: ["module", "main"],
    // Setting `conditions` drops esbuild's default `module` condition: without it packages'
    // `exports` maps resolve to their CommonJS builds, which cannot be tree-shaken.
    conditions: [LAMBDA_CONDITION, "module"],
    minify: true,
    sourcemap: false,
    alias: { ...PACKAGE_ALIASES },
  };
}

/** The catalogs a function of the region carries: its locales, and English to fall back to. */
export const catalogLocales = (region: Region): string[] => [
  ...new Set([...region.locales, FALLBACK_LOCALE]),
];

/** Copies the region's catalogs beside a bundle (the package's `locales/` folder). */
export function copyCatalogs(region: Region, outputDir: string): void {
  const folder = path.join(outputDir, CATALOG_FOLDER);
  mkdirSync(folder, { recursive: true });
  for (const locale of catalogLocales(region)) {
    copyFileSync(
      path.join(PROJECT_ROOT, "locales", `${locale}.json`),
      path.join(folder, `${locale}.json`),
    );
  }
}

/** The region a function reads (`region.json`), as JSON: validated, without any contact. */
const functionRegionJson = (region: Region): string => JSON.stringify(functionRegion(region));

/** Writes the region beside a bundle (the package's `region.json`). */
export function writeRegion(region: Region, outputDir: string): void {
  writeFileSync(path.join(outputDir, FUNCTION_REGION_FILE), functionRegionJson(region));
}

/**
 * The region's file for CDK to copy, written at synth into the temporary folder and named by
 * its content: a shell command cannot carry it (a region with many texts is longer than one
 * argument may be).
 */
function stagedRegionFile(region: Region): string {
  const json = functionRegionJson(region);
  const hash = createHash("sha256").update(json).digest("hex").slice(0, 16);
  const file = path.join(tmpdir(), `intake-function-region-${hash}.json`);
  writeFileSync(file, json);
  return file;
}

/**
 * The shell commands CDK runs after esbuild: the same files as `copyCatalogs` and
 * `writeRegion`. CDK hashes the output, so a change of the region deploys new packages.
 */
export const packageCommands = (region: Region, outputDir: string): string[] => [
  `mkdir -p "${outputDir}/${CATALOG_FOLDER}"`,
  ...catalogLocales(region).map(
    (locale) => `cp "${PROJECT_ROOT}locales/${locale}.json" "${outputDir}/${CATALOG_FOLDER}/"`,
  ),
  `cp "${stagedRegionFile(region)}" "${outputDir}/${FUNCTION_REGION_FILE}"`,
];

/**
 * The same bundle as `esbuildOptions`, in the terms of CDK's `NodejsFunction`: local esbuild
 * (never Docker), one ESM file, the region's catalogs and the region copied beside it.
 */
export function bundlingOptions(region: Region): BundlingOptions {
  const options = esbuildOptions();
  return {
    forceDockerBundling: false,
    externalModules: [],
    format: OutputFormat.ESM,
    target: String(options.target),
    mainFields: options.mainFields ?? [],
    minify: true,
    sourceMap: false,
    esbuildArgs: {
      "--conditions": (options.conditions ?? []).join(","),
      ...Object.fromEntries(
        Object.entries(PACKAGE_ALIASES).map(([module, stand]) => [`--alias:${module}`, stand]),
      ),
    },
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (_inputDir, outputDir) => packageCommands(region, outputDir),
    },
  };
}

/** Every handler of the project: each top-level module of `functions/` is one function. */
export function functionEntries(): string[] {
  return readdirSync(path.join(PROJECT_ROOT, "functions"))
    .filter((name) => name.endsWith(".ts"))
    .sort()
    .map((name) => `functions/${name}`);
}

export interface BuiltBundle {
  entry: string;
  /** the bundle's file (`<outDir>/<name>/index.mjs`), its catalogs and region beside it */
  file: string;
  bytes: number;
  /** every source file and package module with code in the bundle (esbuild's metafile) */
  inputs: string[];
}

/**
 * One function's package, built with esbuild as it is deployed (or with other options, for a
 * baseline), into `<outDir>/<name>/`, the region's catalogs in `locales/` and the region in
 * `region.json` beside it.
 */
export async function buildBundle(
  entry: string,
  region: Region,
  outDir: string,
  options: BuildOptions = esbuildOptions(),
): Promise<BuiltBundle> {
  const folder = path.join(outDir, path.basename(entry, ".ts"));
  const file = path.join(folder, "index.mjs");
  const { metafile } = await build({
    ...options,
    entryPoints: [path.join(PROJECT_ROOT, entry)],
    outfile: file,
    write: true,
    metafile: true,
    logLevel: "silent",
  });
  copyCatalogs(region, folder);
  writeRegion(region, folder);
  // What is in the output: esbuild's inputs also list modules tree-shaking left out entirely.
  const output = Object.values(metafile.outputs)[0];
  const inputs = Object.entries(output?.inputs ?? {})
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([name]) => name);
  return { entry, file, bytes: statSync(file).size, inputs };
}
