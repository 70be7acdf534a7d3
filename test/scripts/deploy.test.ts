import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { requiredConcurrencyQuota } from "../../lib/capacity.ts";
import { sampleRefusal } from "../../lib/deploy-guard.ts";
import { DeployRefusal, outputsFileOf, planDeploy, quotaRefusal } from "../../scripts/deploy.ts";
import { REGIONS_DIR, REPO_ROOT } from "../helpers/synth.ts";

const run = promisify(execFile);
const scratch = mkdtempSync(path.join(tmpdir(), "intake-deploy-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const sample = JSON.parse(readFileSync(path.join(REGIONS_DIR, "nl-sample.json"), "utf8"));

/** A region file that is not a sample, in the scratch folder. */
function realRegion(id: string, changes: Record<string, unknown> = {}): string {
  const file = path.join(scratch, `${id}.json`);
  writeFileSync(
    file,
    JSON.stringify({ ...sample, id, sample: false, aws: { region: "eu-central-1" }, ...changes }),
  );
  return file;
}

const refusalOf = (call: () => unknown) => {
  try {
    call();
  } catch (error) {
    if (error instanceof DeployRefusal) return error.message;
    throw error;
  }
  throw new Error("not refused");
};

describe("planDeploy", () => {
  it("refuses a sample region", () => {
    expect(refusalOf(() => planDeploy("nl-sample", {}, {}))).toBe(sampleRefusal("nl-sample"));
  });

  it("refuses a region file with errors, listing every one", () => {
    const file = realRegion("broken", { coordinator: "nobody", locales: ["xx"] });
    const message = refusalOf(() => planDeploy(file, {}, {}));
    expect(message.split("\n")).toEqual([
      `${file}: The region configuration is not valid.`,
      "  locales.0: is not one of the allowed values",
      "  coordinator: must be the id of one of the organisations",
    ]);
  });

  it("refuses a region whose AWS region nobody named", () => {
    const file = realRegion("nowhere", { aws: undefined });
    expect(refusalOf(() => planDeploy(file, {}, {}))).toContain("names no AWS region");
    expect(planDeploy(file, {}, { AWS_REGION: "eu-west-1" }).region.id).toBe("nowhere");
  });

  it("deploys the edge stack, then the region's, then the edge alarms', with its file, its site and its outputs", () => {
    const file = realRegion("be");
    const plan = planDeploy(file, { cdkOptions: ["--require-approval", "never"] }, {});
    expect(plan.stacks).toEqual(["Intake-be-edge", "Intake-be", "Intake-be-edge-alarms"]);
    expect(plan.cdkArgs("/tmp/site")).toEqual([
      "cdk",
      "deploy",
      "Intake-be-edge",
      "Intake-be",
      "Intake-be-edge-alarms",
      "-c",
      `region=${file}`,
      "-c",
      "webRoot=/tmp/site",
      "--outputs-file",
      outputsFileOf("be"),
      "--require-approval",
      "never",
    ]);
    expect(plan.synthArgs("/tmp/site")).toEqual([
      "cdk",
      "synth",
      "Intake-be",
      "-c",
      `region=${file}`,
      "-c",
      "webRoot=/tmp/site",
      "--quiet",
    ]);
    expect(plan.templateFile).toBe(path.join(REPO_ROOT, "cdk.out", "Intake-be.template.json"));
    // Apart from cdk.out/, which any synth rewrites; ignored by git.
    expect(outputsFileOf("be")).toBe(path.join(REPO_ROOT, "deploy-outputs", "outputs-be.json"));
    expect(readFileSync(path.join(REPO_ROOT, ".gitignore"), "utf8").split("\n")).toContain(
      "deploy-outputs/",
    );
  });

  it("passes an origin secret rotation to the app", () => {
    const plan = planDeploy(realRegion("rot"), { rotateOriginSecret: "2026-05" }, {});
    expect(plan.cdkArgs(undefined)).toContain("originSecretRotation=2026-05");
  });
});

describe("npm run deploy", () => {
  const deploy = (args: string[]) =>
    run(process.execPath, ["--import", "tsx", "scripts/deploy.ts", ...args], {
      cwd: REPO_ROOT,
    }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );

  it.concurrent("refuses the sample region: exit 2, before anything runs", async () => {
    const result = await deploy(["nl-sample"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`${sampleRefusal("nl-sample")}\n`);
    expect(result.stdout).toBe("");
  });

  it.concurrent("prints the deploy of a real region with --dry-run", async () => {
    const file = realRegion("dry");
    const result = await deploy([file, "--dry-run", "--", "--require-approval", "never"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      `npx cdk deploy Intake-dry-edge Intake-dry Intake-dry-edge-alarms -c region=${file} -c webRoot=<the region's built site> --outputs-file ${outputsFileOf("dry")} --require-approval never\n`,
    );
  });

  it.concurrent("takes the organisations whose queues may go, and never hands them to cdk", async () => {
    const file = realRegion("named");
    const result = await deploy([
      file,
      "--delete-queues-of",
      "a",
      "--delete-queues-of",
      "b",
      "--dry-run",
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      `npx cdk deploy Intake-named-edge Intake-named Intake-named-edge-alarms -c region=${file} -c webRoot=<the region's built site> --outputs-file ${outputsFileOf("named")}\n`,
    );
  });

  it.concurrent("refuses --delete-queues-of without an organisation: exit 2 and the usage", async () => {
    const result = await deploy([realRegion("unnamed"), "--dry-run", "--delete-queues-of"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("[--delete-queues-of ORG]...");
    expect(result.stdout).toBe("");
  });

  it.concurrent("refuses to guess the region: exit 2 and the usage", async () => {
    const result = await deploy([]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("usage: npm run deploy");
  });
});

describe("quotaRefusal", () => {
  const needed = requiredConcurrencyQuota();

  it.each([10, needed - 1, Number.NaN])("refuses an account quota of %d", (limit) => {
    expect(quotaRefusal(limit, "eu-central-1")).toMatch(
      new RegExp(`quota in eu-central-1 is ${limit}.*at least ${needed}`),
    );
  });

  it.each([needed, 1000])("accepts an account quota of %d", (limit) => {
    expect(quotaRefusal(limit, "eu-central-1")).toBeUndefined();
  });
});
