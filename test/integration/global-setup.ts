/**
 * Starts the real local emulators (dynalite, local-aws-sqs) once for the whole test run, on
 * ports the operating system chooses. Each test file then starts its own local system on them,
 * with table and queue names of its own (test/helpers/test-system.ts).
 */
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
  const emulators = await startEmulators();
  project.provide("dynamoEndpoint", emulators.dynamoEndpoint);
  project.provide("sqsEndpoint", emulators.sqsEndpoint);
  return () => emulators.stop();
}
