/**
 * Starts the real local emulators (dynalite, local-aws-sqs) once for the whole test run, on
 * ports the operating system chooses. Each test file then starts its own local system on them,
 * with table and queue names of its own (test/helpers/test-system.ts).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startEmulators } from "../../local/emulators.ts";

declare module "vitest" {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    sqsEndpoint: string;
  }
}

export default async function setup(project: TestProject) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  // One scratch folder for the whole run: every test worker, child process (the CLI, intake
  // dev), Chromium profile and CDK synth inherits TMPDIR, so whatever they create in the temp
  // directory goes here, and the run leaves nothing behind when it ends.
  const scratch = mkdtempSync(join(tmpdir(), "safe-intake-test-"));
  process.env.TMPDIR = scratch;
  const emulators = await startEmulators();
  project.provide("dynamoEndpoint", emulators.dynamoEndpoint);
  project.provide("sqsEndpoint", emulators.sqsEndpoint);
  return async () => {
    await emulators.stop();
    rmSync(scratch, { recursive: true, force: true });
  };
}
