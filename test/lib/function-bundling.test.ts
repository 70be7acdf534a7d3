/**
 * Every function's package as it is deployed (esbuild with lib/function-bundling.ts): under its
 * budget, with zod/mini and no zod locale, no catalog inside, the region's catalogs and the
 * region beside it, and no staff contact anywhere in it.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import {
  generateHybridIdentity,
  generateX25519Identity,
  identityToRecipient,
} from "age-encryption";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FUNCTION_REGION_FILE, functionRegion } from "../../domain/function-region.ts";
import {
  BUNDLE_BUDGET_BYTES,
  type BuiltBundle,
  buildBundle,
  bundlingOptions,
  CATALOG_FOLDER,
  catalogLocales,
  esbuildOptions,
  functionEntries,
  PACKAGE_ALIASES,
  packageCommands,
} from "../../lib/function-bundling.ts";
import { staffContacts, withStaffContacts } from "../helpers/region-factory.ts";
import { REPO_ROOT, sampleRegion } from "../helpers/synth.ts";

const region = withStaffContacts(sampleRegion());
const contacts = staffContacts(region);
const entries = functionEntries();
const outDir = mkdtempSync(path.join(REPO_ROOT, ".bundles-test-"));
const bundles = new Map<string, BuiltBundle>();

beforeAll(async () => {
  for (const entry of entries) bundles.set(entry, await buildBundle(entry, region, outDir));
}, 120_000);
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

const bundleOf = (entry: string) => {
  const bundle = bundles.get(entry);
  if (!bundle) throw new Error(`${entry} was not built`);
  return bundle;
};

describe("function packages", () => {
  it("finds the nine handlers of functions/", () => {
    expect(entries).toEqual([
      "functions/escalate-unclaimed.ts",
      "functions/get-challenge.ts",
      "functions/monitor-api.ts",
      "functions/organisation-api.ts",
      "functions/person-status.ts",
      "functions/route-cases.ts",
      "functions/run-canary.ts",
      "functions/submit-report.ts",
      "functions/sweep-stale.ts",
    ]);
  });

  it("builds the canary without a table's adapter: it reads its secret, and calls the API", () => {
    const { inputs } = bundleOf("functions/run-canary.ts");
    expect(inputs).toContain("functions/adapters/aws-requests.ts");
    expect(
      inputs.filter((input) =>
        /@aws-sdk\/(client|lib)-|functions\/adapters\/dynamo-(?!client)/.test(input),
      ),
    ).toEqual([]);
  });

  it.each(entries)("%s stays under the bundle budget", (entry) => {
    expect(bundleOf(entry).bytes).toBeLessThanOrEqual(BUNDLE_BUDGET_BYTES);
  });

  it.each(entries)(
    "%s carries zod/mini only (no classic API, no locale), and no catalog",
    (entry) => {
      const { inputs } = bundleOf(entry);
      expect(inputs.filter((input) => /zod\/v4\/(classic|locales)\//.test(input))).toEqual([]);
      expect(inputs.filter((input) => /^(\.\.\/)*locales\//.test(input))).toEqual([]);
    },
  );

  it.each(entries)("%s has the region's catalogs and English beside it", (entry) => {
    const folder = path.join(path.dirname(bundleOf(entry).file), CATALOG_FOLDER);
    expect(readdirSync(folder).sort()).toEqual(
      catalogLocales(region)
        .map((locale) => `${locale}.json`)
        .sort(),
    );
  });

  it("gives CDK's esbuild the same conditions, so the deployed package is the one measured", () => {
    expect(bundlingOptions(region).esbuildArgs?.["--conditions"]).toBe(
      esbuildOptions().conditions?.join(","),
    );
    expect(esbuildOptions().conditions).toContain("module");
  });

  it.each(entries)("%s carries no AWS SDK client: only its value converter", (entry) => {
    const sdk = bundleOf(entry).inputs.filter((input) =>
      /node_modules\/(@aws-sdk|@smithy)\//.test(input),
    );
    expect(sdk.filter((input) => !input.includes("node_modules/@aws-sdk/util-dynamodb/"))).toEqual(
      [],
    );
  });

  it.each(entries)("%s carries the stand-ins, never the modules they replace", (entry) => {
    const { inputs } = bundleOf(entry);
    for (const module of Object.keys(PACKAGE_ALIASES))
      expect(inputs.filter((input) => input.includes(`node_modules/${module}`))).toEqual([]);
  });

  it.each(entries)(
    "%s imports no web streams module (middy's import of it is a stand-in)",
    (entry) => {
      expect(readFileSync(bundleOf(entry).file, "utf8")).not.toMatch(/["'](node:)?stream\/web["']/);
    },
  );

  // ESM's facade of node:crypto loads WebCrypto, of node:fs the promises API (BUILTIN_ALIASES).
  it.each(entries)("%s imports node:crypto and node:fs without ESM's facade", (entry) => {
    const text = readFileSync(bundleOf(entry).file, "utf8");
    expect(text).not.toMatch(/(from|import)\s*\(?\s*["']node:(crypto|fs)["']/);
    expect(text).toContain('getBuiltinModule("node:crypto")');
  });

  // esbuild's stand-in for a `require` it could not bundle: it throws in ESM at run time.
  it.each(entries)("%s calls no require at run time", (entry) => {
    expect(readFileSync(bundleOf(entry).file, "utf8")).not.toMatch(/typeof require/);
  });

  it.each(entries)("%s ships no source map", (entry) => {
    expect(existsSync(`${bundleOf(entry).file}.map`)).toBe(false);
  });

  it.each(entries)("%s has the region beside it, without the organisations' contacts", (entry) => {
    const file = path.join(path.dirname(bundleOf(entry).file), FUNCTION_REGION_FILE);
    const shipped = JSON.parse(readFileSync(file, "utf8"));
    expect(shipped).toEqual(functionRegion(region));
    expect(
      shipped.organisations.filter((organisation: object) => "alerts" in organisation),
    ).toEqual([]);
  });
});

/** Every file under a folder, with its path. */
const filesUnder = (folder: string): string[] =>
  readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));

describe("staff contacts", () => {
  it("are in the region the packages are built from, one address and one number a team", () => {
    expect(contacts).toHaveLength(region.organisations.length * 2);
  });

  it("are in no file of any package: bundle, catalog or region", () => {
    const files = filesUnder(outDir);
    expect(files.length).toBeGreaterThan(entries.length * 2);
    const found = files.flatMap((file) => {
      const text = readFileSync(file, "utf8");
      return contacts
        .filter((contact) => text.includes(contact))
        .map((contact) => ({ file, contact }));
    });
    expect(found).toEqual([]);
  });
});

describe("CDK's commands after esbuild", () => {
  const packageDir = mkdtempSync(path.join(REPO_ROOT, ".package-test-"));
  afterAll(() => rmSync(packageDir, { recursive: true, force: true }));

  // CDK runs the hook's commands joined by `&&` in a shell, in the bundling output folder.
  it("put the same catalogs and region beside the bundle as the esbuild path", () => {
    const hooks = bundlingOptions(region).commandHooks;
    const commands = hooks?.afterBundling(REPO_ROOT, packageDir) ?? [];
    expect(commands).toEqual(packageCommands(region, packageDir));
    execFileSync("bash", ["-c", commands.join(" && ")]);
    const built = path.dirname(bundleOf("functions/submit-report.ts").file);
    const relative = (folder: string) =>
      filesUnder(folder)
        .map((file) => path.relative(folder, file))
        .filter((file) => file !== "index.mjs")
        .sort();
    expect(relative(packageDir)).toEqual(relative(built));
    for (const file of relative(packageDir))
      expect(readFileSync(path.join(packageDir, file), "utf8"), file).toBe(
        readFileSync(path.join(built, file), "utf8"),
      );
  });
});

describe("age, as the packages carry it", () => {
  // Node loads its fetch implementation (undici) on the first `Response`, which age uses to read
  // a stream it made of a string: functions/adapters/seal.ts reads the streams itself.
  it("seals to an X25519 recipient and opens, without loading fetch, and refuses the kinds the region refuses", async () => {
    const { file } = await buildBundle("functions/adapters/seal.ts", region, outDir);
    const inputs = bundleOf("functions/submit-report.ts").inputs.join();
    expect(inputs).not.toContain("@noble/post-quantum");
    expect(inputs).not.toContain("@noble/curves");
    const identity = await generateX25519Identity();
    const hybrid = await identityToRecipient(await generateHybridIdentity());
    const script = `
      const { ageSealing } = await import(${JSON.stringify(file)});
      const sealed = await ageSealing.seal([process.argv[1]], "tekst ✓");
      const opened = await ageSealing.open(process.argv[2], sealed);
      const fetchLoaded = process.moduleLoadList.some((name) => name.includes("undici"));
      const refused = await ageSealing.seal([process.argv[3]], "x").then(() => "sealed", (e) => e.message);
      process.stdout.write(JSON.stringify({ opened, fetchLoaded, refused }));`;
    const output = execFileSync(
      process.execPath,
      ["--input-type=module", "-e", script, await identityToRecipient(identity), identity, hybrid],
      { encoding: "utf8" },
    );
    expect(JSON.parse(output)).toEqual({
      opened: "tekst ✓",
      fetchLoaded: false,
      refused: "This age recipient kind is refused: only X25519 recipients are sealed to.",
    });
  });
});
