/**
 * The CDK app: one stack per region file. `cdk synth -c region=nl-sample` builds the region
 * of regions/nl-sample.json (`-c region=` also takes a path to a file); without it, every
 * file in regions/ gets its stack. A region file with errors stops synth, every error listed.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { App } from "aws-cdk-lib";
import { readRegionFile } from "../functions/adapters/region-file.ts";
import { InvalidInputError } from "../functions/domain/invalid-input.ts";
import type { Region } from "../functions/domain/region.ts";
import { IntakeStack, stackNameOf } from "../lib/intake-stack.ts";

const REGIONS_DIR = fileURLToPath(new URL("../regions/", import.meta.url));
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

/** Every file is read before any stack is made, so one run lists the errors of all of them. */
function readRegions(files: string[]): { regions: Region[]; problems: string[] } {
  const regions: Region[] = [];
  const problems: string[] = [];
  for (const file of files) {
    try {
      regions.push(readRegionFile(file));
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      problems.push(
        `${shown(file)}: ${error.message}`,
        ...error.fields.map((field) => `  ${field.path || "(the file)"}: ${field.message}`),
      );
    }
  }
  return { regions, problems };
}

// Synthesized explicitly below, and only when every region is valid.
const app = new App({ autoSynth: false });
const { regions, problems } = readRegions(regionFiles(app.node.tryGetContext("region")));
if (problems.length > 0) {
  process.stderr.write(`${problems.join("\n")}\n`);
  process.exitCode = INVALID_INPUT_EXIT_CODE;
} else {
  for (const region of regions) {
    new IntakeStack(app, stackNameOf(region.id), {
      region,
      // The CLI sets these from the current credentials; without them the stack is
      // environment-agnostic (and synth needs no AWS account at all).
      env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
    });
  }
  app.synth();
}
