/**
 * `intake org token issue|revoke ORG NAME` and `intake ops token issue|revoke NAME`: credentials
 * of the organisations' API, made by ops against the local system (`intake dev`'s DynamoDB) or a
 * deployed region (the tables named in the stack's outputs, with the AWS credentials of the
 * environment). A token is printed once and kept only as its hash.
 */
import { readFileSync } from "node:fs";
import { STACK_OUTPUTS, TABLES } from "../config/resources.ts";
import { STAFF_NAME } from "../domain/case-work.ts";
import type { Region } from "../domain/region.ts";
import type { Caller } from "../functions/ports/access.ts";
import { UsageError } from "./io.ts";

export interface CredentialTarget {
  /** `intake dev`'s DynamoDB (default http://127.0.0.1:8082) … */
  dynamo?: string;
  /** … with table names prefixed (the tests' systems) … */
  prefix?: string;
  /** … or a deployed region: `cdk deploy --outputs-file` of its stack */
  outputs?: string;
  stack?: string;
}

/** Points the adapters at the target's access and audit tables, before they are loaded. */
function useTarget(region: Region, target: CredentialTarget): void {
  const table = (id: "access" | "audit") => TABLES.find((t) => t.id === id)?.envVar ?? "";
  if (target.outputs) {
    let outputs: Record<string, Record<string, string>>;
    try {
      outputs = JSON.parse(readFileSync(target.outputs, "utf8"));
    } catch {
      throw new UsageError("The outputs file cannot be read.");
    }
    const stack = outputs[target.stack ?? `Intake-${region.id}`] ?? {};
    for (const id of ["access", "audit"] as const) {
      const name = stack[STACK_OUTPUTS.table(id)];
      if (!name) throw new UsageError(`The outputs hold no ${STACK_OUTPUTS.table(id)}.`);
      process.env[table(id)] = name;
    }
    return;
  }
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: target.dynamo ?? "http://127.0.0.1:8082",
    AWS_REGION: process.env.AWS_REGION ?? "eu-west-1",
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
    [table("access")]: `${target.prefix ?? ""}${region.id}-access`,
    [table("audit")]: `${target.prefix ?? ""}${region.id}-audit`,
  });
}

export function holder(region: Region, kind: "org" | "ops", names: string[]): Caller {
  const [first, second] = names;
  if (kind === "ops") {
    if (!first || second !== undefined || !STAFF_NAME.test(first))
      throw new UsageError("Name one ops member.");
    return { kind: "ops", name: first };
  }
  if (!first || !second || names.length > 2)
    throw new UsageError("Name an organisation and a staff member.");
  if (!region.organisations.some((organisation) => organisation.id === first))
    throw new UsageError("No organisation of the region has that id.");
  if (!STAFF_NAME.test(second))
    throw new UsageError("A staff member's name is 1 to 60 letters, digits, spaces, . _ or -.");
  return { kind: "staff", organisation: first, name: second };
}

export async function manageCredentials(
  region: Region,
  verb: "issue" | "revoke",
  caller: Caller,
  target: CredentialTarget,
  days: number,
): Promise<Record<string, unknown>> {
  useTarget(region, target);
  const [{ credentialStore, auditLog }, { issueCredential, revokeCredentials }] = await Promise.all(
    [
      import("../functions/adapters/dynamo-access.ts"),
      import("../functions/use-cases/credentials.ts"),
    ],
  );
  const deps = { credentials: credentialStore, audit: auditLog };
  const who =
    caller.kind === "ops"
      ? { ops: caller.name }
      : { organisation: caller.organisation, name: caller.name };
  try {
    if (verb === "revoke")
      return { ...who, revoked: await revokeCredentials(deps, caller, Date.now()) };
    const { token, expiresAt } = await issueCredential(deps, caller, days, Date.now());
    return { ...who, token, expires: new Date(expiresAt * 1000).toISOString() };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError("The credentials table cannot be reached. Is the system running?");
  }
}
