/**
 * The CDK app: the three stacks of each region file (lib/intake-app.ts). `cdk synth -c
 * region=nl-sample` builds the region of regions/nl-sample.json (`-c region=` also takes a
 * path to a file); without it, every file in regions/ gets its stacks. A region file with
 * errors stops synth, every error listed. cdk-nag's AwsSolutions and Serverless packs check
 * every synth; what they find is fixed or acknowledged in lib/nag-acknowledgements.ts.
 *
 * Context:
 * - `region`: a region id (a file in regions/) or a path;
 * - `webRoot`: the folder of built static files; by default web/dist when it has been built,
 *   else web/public, else the region's site is built now (web/build.ts);
 * - `originSecretRotation`: during an origin secret rotation only (docs/deploy.md).
 *
 * The AWS account and region come from the region file (`aws`) or from the CDK CLI's
 * environment; nothing here names one.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { App } from "aws-cdk-lib";
import { readRegionFile } from "../config/region-file.ts";
import { edgeStackName, intakeStackName } from "../config/resources.ts";
import { InvalidInputError } from "../domain/invalid-input.ts";
import type { Region } from "../domain/region.ts";
import {
  APP_CONTEXT,
  addRegionStacks,
  environmentOf,
  MissingAwsRegionError,
  type RegionEnvironment,
} from "../lib/intake-app.ts";
import { acknowledgeNagFindings, checkWithNag } from "../lib/nag-acknowledgements.ts";

const REPO_ROOT = fileURLToPath(new URL("../", import.meta.url));
const REGIONS_DIR = path.join(REPO_ROOT, "regions");
/** The exit code of every refusal of input (the `intake` command line uses it too). */
const INVALID_INPUT_EXIT_CODE = 2;

/** A value with a slash or ending in `.json` is a path; anything else names a file in regions/. */
function regionFiles(requested: unknown): string[] {
  if (requested === undefined) {
    return readdirSync(REGIONS_DIR)
      .filter((name) => name.endsWith(".json"))
      .sort()
      .map((name) => path.join(REGIONS_DIR, name));
  }
  const value = String(requested);
  return [
    value.includes("/") || value.endsWith(".json")
      ? path.resolve(value)
      : path.join(REGIONS_DIR, `${value}.json`),
  ];
}

/** A file under the working directory by its relative path, any other by its absolute one. */
function shown(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith("..") ? file : relative;
}

interface ReadRegion {
  region: Region;
  env: RegionEnvironment;
}

/** Every file is read before any stack is made, so one run lists the errors of all of them. */
function readRegions(files: string[]): { regions: ReadRegion[]; problems: string[] } {
  const regions: ReadRegion[] = [];
  const problems: string[] = [];
  for (const file of files) {
    try {
      const region = readRegionFile(file);
      regions.push({ region, env: environmentOf(region) });
    } catch (error) {
      if (error instanceof InvalidInputError) {
        problems.push(
          `${shown(file)}: ${error.message}`,
          ...error.fields.map((field) => `  ${field.path || "(the file)"}: ${field.message}`),
        );
      } else if (error instanceof MissingAwsRegionError) {
        problems.push(`${shown(file)}: ${error.message}`);
      } else throw error;
    }
  }
  return { regions, problems };
}

/** Sites built by this run: synth copies them into the cloud assembly, then they go. */
const builtSites: string[] = [];

/** The built site: web/dist, else the minimal web/public, else the region's site built now. */
async function webRootFor(region: Region, requested: unknown): Promise<string> {
  if (requested !== undefined) return path.resolve(String(requested));
  for (const candidate of ["web/dist", "web/public"]) {
    const folder = path.join(REPO_ROOT, candidate);
    if (existsSync(path.join(folder, "index.html"))) return folder;
  }
  const { buildSite } = await import("../web/build.ts");
  const outDir = mkdtempSync(path.join(tmpdir(), `intake-web-${region.id}-`));
  builtSites.push(outDir);
  return (await buildSite(region, outDir)).outDir;
}

// Synthesized explicitly below, and only when every region is valid.
const app = new App({ autoSynth: false, context: APP_CONTEXT });
const { regions, problems } = readRegions(regionFiles(app.node.tryGetContext("region")));
if (problems.length > 0) {
  process.stderr.write(`${problems.join("\n")}\n`);
  process.exitCode = INVALID_INPUT_EXIT_CODE;
} else {
  checkWithNag(app);
  const rotation = app.node.tryGetContext("originSecretRotation");
  for (const { region, env } of regions) {
    const { edge, intake, edgeAlarms } = addRegionStacks(app, region, {
      env,
      webRoot: await webRootFor(region, app.node.tryGetContext("webRoot")),
      ...(rotation ? { originSecretRotation: String(rotation) } : {}),
    });
    acknowledgeNagFindings([edge, intake, edgeAlarms], {
      intake: intakeStackName(region.id),
      edge: edgeStackName(region.id),
    });
  }
  try {
    app.synth();
  } finally {
    for (const folder of builtSites) rmSync(folder, { recursive: true, force: true });
  }
}
