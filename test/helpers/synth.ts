/**
 * Synthesizing the intake stack in a test: no esbuild (the `aws:cdk:bundling-stacks` context
 * lists no stack to bundle, so every NodejsFunction gets a placeholder asset), and small
 * readers for what the assertions need from the template.
 *
 * CDK's built-in CloudFormation validation (a WebAssembly linter) takes seconds to start, so
 * it is off unless a test asks for it; test/lib/app.test.ts runs it on every region.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { App, type CfnElement, Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import type { IConstruct } from "constructs";
import { readRegionFile } from "../../config/region-file.ts";
import type { Region } from "../../domain/region.ts";
import type { Canary } from "../../lib/canary.ts";
import type { EdgeAlarmsStack } from "../../lib/edge-alarms-stack.ts";
import type { EdgeStack } from "../../lib/edge-stack.ts";
import { APP_CONTEXT, addRegionStacks } from "../../lib/intake-app.ts";
import type { IntakeStack } from "../../lib/intake-stack.ts";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const REGIONS_DIR = path.join(REPO_ROOT, "regions");
/** A two-page site: what the hosting construct deploys in the tests. */
export const FIXTURE_WEB_ROOT = path.join(REPO_ROOT, "test/lib/fixtures/site");
/** The AWS region of a test region's stack when its file names none. */
export const TEST_AWS_REGION = "eu-central-1";

/** Every region file shipped in regions/. */
export const regionFileNames = () =>
  readdirSync(REGIONS_DIR).filter((name) => name.endsWith(".json"));

export const sampleRegion = (): Region => readRegionFile(path.join(REGIONS_DIR, "nl-sample.json"));

export interface Synthesized {
  region: Region;
  app: App;
  stack: IntakeStack;
  template: Template;
  edge: EdgeStack;
  edgeTemplate: Template;
  edgeAlarms: EdgeAlarmsStack;
  edgeAlarmsTemplate: Template;
}

export interface SynthesizeOptions {
  /** CDK's CloudFormation validation (slow to start) */
  validate?: boolean;
  /** before the app is synthesized: cdk-nag, acknowledgements */
  prepare?: (
    app: App,
    stacks: { intake: IntakeStack; edge: EdgeStack; edgeAlarms: EdgeAlarmsStack },
  ) => void;
  originSecretRotation?: string;
  account?: string;
  /** when the templates are made (the edge's soak period); the clock unless given */
  now?: Date;
}

/**
 * A region's two stacks, as bin/app.ts makes them, synthesized once: in the region file's AWS
 * region, or TEST_AWS_REGION; environment-agnostic account unless one is given.
 */
export function synthesize(
  region: Region = sampleRegion(),
  { validate = false, prepare, originSecretRotation, account, now }: SynthesizeOptions = {},
): Synthesized {
  const app = new App({
    context: { ...APP_CONTEXT, "aws:cdk:bundling-stacks": [] },
    builtinCloudFormationValidation: validate,
  });
  const { intake, edge, edgeAlarms } = addRegionStacks(app, region, {
    env: { region: region.aws?.region ?? TEST_AWS_REGION, ...(account ? { account } : {}) },
    webRoot: FIXTURE_WEB_ROOT,
    ...(originSecretRotation ? { originSecretRotation } : {}),
    ...(now ? { now } : {}),
  });
  prepare?.(app, { intake, edge, edgeAlarms });
  return {
    region,
    app,
    stack: intake,
    template: Template.fromStack(intake),
    edge,
    edgeTemplate: Template.fromStack(edge),
    edgeAlarms,
    edgeAlarmsTemplate: Template.fromStack(edgeAlarms),
  };
}

/**
 * The logical id of a construct's CloudFormation resource (an L2's default child), as the
 * template writes it: a pinned id (lib/stateful-ids.ts) included.
 */
export function logicalId(construct: IConstruct): string {
  const resource = (construct.node.defaultChild ?? construct) as CfnElement;
  return Stack.of(construct).resolve(resource.logicalId);
}

/** A `{ Ref }` or `{ "Fn::GetAtt" }` to the resource, as the template writes it. */
export const ref = (construct: IConstruct) => ({ Ref: logicalId(construct) });
export const arnOf = (construct: IConstruct) => ({ "Fn::GetAtt": [logicalId(construct), "Arn"] });

/** The logical id of a function's execution role. */
export function roleOf(handler: IFunction): string {
  if (!handler.role) throw new Error("The function has no role");
  return logicalId(handler.role);
}

/**
 * Every logical id that a template value refers to (Ref and Fn::GetAtt, at any depth);
 * pseudo parameters (`AWS::Region`) are no resources and are left out.
 */
export function referencedIds(value: unknown): Set<string> {
  const ids = new Set<string>();
  collectReferences(value, ids);
  return ids;
}

/**
 * The ids a `Ref` or `Fn::GetAtt` names (none for a pseudo parameter); undefined for any other
 * key, whose value is searched in turn.
 */
function namedBy(key: string, child: unknown): string[] | undefined {
  if (key === "Ref" && typeof child === "string") return child.startsWith("AWS::") ? [] : [child];
  if (key === "Fn::GetAtt" && Array.isArray(child)) return [String(child[0])];
  return undefined;
}

function collectReferences(node: unknown, ids: Set<string>): void {
  if (Array.isArray(node)) {
    for (const child of node) collectReferences(child, ids);
    return;
  }
  if (node === null || typeof node !== "object") return;
  for (const [key, child] of Object.entries(node)) {
    const named = namedBy(key, child);
    if (named) for (const id of named) ids.add(id);
    else collectReferences(child, ids);
  }
}

export interface PolicyStatement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

export const actionsOf = (statement: PolicyStatement): string[] =>
  Array.isArray(statement.Action) ? statement.Action : [statement.Action];

/** Whether the statement allows one of the actions, wildcards (`sqs:*`, `*`) included. */
export function allowsAny(statement: PolicyStatement, actions: readonly string[]): boolean {
  if (statement.Effect !== "Allow") return false;
  return actionsOf(statement).some((pattern) => {
    const matcher = new RegExp(
      `^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`,
      "i",
    );
    return actions.some((action) => matcher.test(action));
  });
}

/** Every statement of every inline policy attached to the role. */
export function statementsOfRole(template: Template, roleLogicalId: string): PolicyStatement[] {
  const policies = template.findResources("AWS::IAM::Policy");
  return Object.values(policies)
    .filter((policy) => referencedIds(policy.Properties.Roles).has(roleLogicalId))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as PolicyStatement[]);
}

/** The roles whose policies allow one of the actions on the resource. */
export function rolesAllowed(
  template: Template,
  actions: readonly string[],
  resourceId: string,
): string[] {
  const policies = template.findResources("AWS::IAM::Policy");
  return Object.values(policies)
    .filter((policy) =>
      (policy.Properties.PolicyDocument.Statement as PolicyStatement[]).some(
        (statement) =>
          allowsAny(statement, actions) && referencedIds(statement.Resource).has(resourceId),
      ),
    )
    .flatMap((policy) => [...referencedIds(policy.Properties.Roles)]);
}

/**
 * An alias's qualified function name (`<function>:live`) as CDK writes it where a name is
 * wanted (an event source mapping's FunctionName): the function's name taken from the alias's
 * ARN, and the alias.
 */
export const aliasNameOf = (alias: IConstruct & { aliasName: string }) => ({
  "Fn::Join": [
    "",
    [{ "Fn::Select": [6, { "Fn::Split": [":", ref(alias)] }] }, `:${alias.aliasName}`],
  ],
});

/** The stack's canary (lib/canary.ts), which the sample region runs. */
export function canaryOf(stack: IntakeStack): Canary {
  if (!stack.canary) throw new Error("The region runs no canary");
  return stack.canary;
}
