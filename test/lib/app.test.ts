import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { readRegionFile } from "../../config/region-file.ts";
import { stackNameOf } from "../../lib/intake-stack.ts";
import { FIXTURE_WEB_ROOT, REGIONS_DIR, REPO_ROOT, regionFileNames } from "../helpers/synth.ts";

const run = promisify(execFile);
const scratch = mkdtempSync(path.join(tmpdir(), "intake-app-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface AppRun {
  code: number;
  stderr: string;
  /** stack name → its environment (`aws://account/region`), from the cloud assembly */
  stacks: Record<string, string>;
}

/**
 * Runs bin/app.ts as the CDK CLI does: context in CDK_CONTEXT_JSON, the assembly directory in
 * CDK_OUTDIR. No stack is bundled (esbuild is not what these tests are about).
 */
async function runApp(context: Record<string, unknown>, env: Record<string, string> = {}) {
  const outdir = mkdtempSync(path.join(scratch, "out-"));
  const { CDK_DEFAULT_ACCOUNT: _account, CDK_DEFAULT_REGION: _region, ...inherited } = process.env;
  const child = run(process.execPath, ["--import", "tsx", "bin/app.ts"], {
    cwd: REPO_ROOT,
    env: {
      ...inherited,
      ...env,
      CDK_VALIDATION: "false",
      CDK_OUTDIR: outdir,
      CDK_CONTEXT_JSON: JSON.stringify({
        "aws:cdk:bundling-stacks": [],
        webRoot: FIXTURE_WEB_ROOT,
        ...context,
      }),
    },
  });
  const result: AppRun = { code: 0, stderr: "", stacks: {} };
  try {
    result.stderr = (await child).stderr;
  } catch (error) {
    const failed = error as { code: number; stderr: string };
    return { ...result, code: failed.code, stderr: failed.stderr };
  }
  const manifest = JSON.parse(readFileSync(path.join(outdir, "manifest.json"), "utf8"));
  for (const [name, artifact] of Object.entries<{ type: string; environment: string }>(
    manifest.artifacts,
  )) {
    if (artifact.type === "aws:cloudformation:stack") result.stacks[name] = artifact.environment;
  }
  return result;
}

const regionFiles = regionFileNames();
const sample = JSON.parse(readFileSync(path.join(REGIONS_DIR, "nl-sample.json"), "utf8"));

/** A copy of the sample region with changes, in the scratch folder; returns its path. */
function regionFile(id: string, changes: Record<string, unknown>): string {
  const file = path.join(scratch, `${id}.json`);
  writeFileSync(file, JSON.stringify({ ...sample, id, ...changes }));
  return file;
}

/** A child that synthesizes two stacks with cdk-nag, beside the other test files: slow. */
const SYNTH_TIMEOUT_MS = 150_000;
/**
 * A child that refuses its input: it still loads the whole CDK app (aws-cdk-lib, cdk-nag, every
 * construct) first, five at once beside the other test files, which takes seconds on a busy
 * machine.
 */
const REFUSAL_TIMEOUT_MS = 90_000;

// Each test is a child process: they run side by side.
describe.concurrent("bin/app.ts", () => {
  it(
    "makes the three stacks of every region file when no region is named, each where its file says",
    async () => {
      const result = await runApp({});
      expect(result.code, result.stderr).toBe(0);
      expect(result.stacks).toEqual(
        Object.fromEntries(
          regionFiles.flatMap((name) => {
            const region = readRegionFile(path.join(REGIONS_DIR, name));
            return [
              [stackNameOf(region.id), `aws://unknown-account/${region.aws?.region}`],
              [`${stackNameOf(region.id)}-edge`, "aws://unknown-account/us-east-1"],
              [`${stackNameOf(region.id)}-edge-alarms`, "aws://unknown-account/us-east-1"],
            ];
          }),
        ),
      );
    },
    SYNTH_TIMEOUT_MS,
  );

  it(
    "takes the account from the CLI, and the AWS region from the file before the CLI's",
    async () => {
      const result = await runApp(
        { region: "nl-sample" },
        { CDK_DEFAULT_ACCOUNT: "111111111111", CDK_DEFAULT_REGION: "eu-west-1" },
      );
      expect(result.code, result.stderr).toBe(0);
      expect(result.stacks).toEqual({
        "Intake-nl-sample": "aws://111111111111/eu-central-1",
        "Intake-nl-sample-edge": "aws://111111111111/us-east-1",
        "Intake-nl-sample-edge-alarms": "aws://111111111111/us-east-1",
      });
    },
    SYNTH_TIMEOUT_MS,
  );

  it(
    "stops a region that names no AWS region when the CLI names none either: exit 2",
    async () => {
      const file = regionFile("nowhere", { aws: undefined });
      const result = await runApp({ region: file });
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        `${file}: names no AWS region: set aws.region in the region file, or AWS_REGION\n`,
      );
    },
    REFUSAL_TIMEOUT_MS,
  );

  it(
    "refuses a region file with errors: exit 2, every error listed, no stack trace",
    async () => {
      const broken = regionFile("broken", {
        id: "Not A Slug",
        coordinator: undefined,
        extra: true,
      });
      const result = await runApp({ region: broken });
      expect(result.code).toBe(2);
      const lines = result.stderr.trim().split("\n");
      expect(lines[0]).toBe(`${broken}: The region configuration is not valid.`);
      expect(lines).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^ {2}id: /),
          "  coordinator: is required",
          "  extra: is not a field of the contract",
        ]),
      );
      expect(result.stderr).not.toMatch(/\n\s+at /);
    },
    REFUSAL_TIMEOUT_MS,
  );

  it(
    "refuses a region that has no file: exit 2",
    async () => {
      const result = await runApp({ region: "no-such-region" });
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        "regions/no-such-region.json: The region configuration is not valid.\n" +
          "  (the file): cannot be read\n",
      );
    },
    REFUSAL_TIMEOUT_MS,
  );
});
