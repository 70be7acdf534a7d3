/**
 * A region's three stacks, as bin/app.ts and the tests build them, in the order they deploy:
 *
 * - `Intake-<id>-edge`, in us-east-1: the CLOUDFRONT-scope web ACL (CloudFront takes it from
 *   there only) and its log;
 * - `Intake-<id>`, in the region's AWS region: everything else, the data included;
 * - `Intake-<id>-edge-alarms`, in us-east-1: the alarms on CloudFront's and the web ACL's
 *   metrics, which live there (lib/edge-alarms-stack.ts), and their topic. The distribution's
 *   id reaches it from the region's stack the same way as the ARN below.
 *
 * The web ACL's ARN crosses from the first to the second as a CDK cross-region reference
 * (`crossRegionReferences`): CDK writes it to an SSM parameter in the region's AWS region from
 * the edge stack, and the region's stack reads it with a dynamic reference. It was chosen over
 * a parameter that ops copy by hand between two deploys: `npm run deploy` deploys the stacks
 * in order in one command, and CDK refuses to delete the edge stack's export while the
 * region's stack still uses it. It costs two small custom-resource functions, which hold no
 * data. It needs an explicit AWS region for the region's stack, which bin/app.ts makes sure of.
 *
 * Where a region's data lives is decided by its region file (`aws.region`) or, failing that, by
 * the deploying environment (the CDK CLI's `CDK_DEFAULT_REGION`, from `AWS_REGION` or the
 * profile); likewise the account. Nothing here names an AWS account or a data region.
 */
import type { Construct } from "constructs";
import {
  EDGE_AWS_REGION,
  edgeAlarmsStackName,
  edgeStackName,
  intakeStackName,
} from "../config/resources.ts";
import type { Region } from "../domain/region.ts";
import { EdgeAlarmsStack } from "./edge-alarms-stack.ts";
import { EdgeStack } from "./edge-stack.ts";
import { IntakeStack } from "./intake-stack.ts";

/**
 * The app's context defaults (the CLI's `-c` overrides them): cross-stack references stay
 * strong, so CloudFormation refuses to remove the edge stack's web ACL export while the
 * region's stack still uses it.
 */
export const APP_CONTEXT = {
  "@aws-cdk/core:defaultCrossStackReferences": "strong",
} as const;

export interface RegionEnvironment {
  /** unresolved (`aws://unknown-account/…`) when neither the file nor the CLI names one */
  account?: string;
  region: string;
}

export interface RegionStacksOptions {
  env: RegionEnvironment;
  /** The folder of built static files (the form). */
  webRoot: string;
  /** During an origin secret rotation only (docs/deploy.md). */
  originSecretRotation?: string;
  /** When the templates are made (the edge's soak period); the clock unless given. */
  now?: Date;
}

export interface RegionStacks {
  edge: EdgeStack;
  intake: IntakeStack;
  edgeAlarms: EdgeAlarmsStack;
}

export class MissingAwsRegionError extends Error {
  override name = "MissingAwsRegionError";
}

/**
 * The AWS account and region of a region's stack: the region file's `aws` first, then the CDK
 * CLI's environment. Throws when no AWS region is known at all.
 */
export function environmentOf(
  region: Region,
  environment: Readonly<Record<string, string | undefined>> = process.env,
): RegionEnvironment {
  const account = region.aws?.account ?? environment.CDK_DEFAULT_ACCOUNT;
  const awsRegion = region.aws?.region ?? environment.CDK_DEFAULT_REGION;
  if (!awsRegion) {
    throw new MissingAwsRegionError(
      "names no AWS region: set aws.region in the region file, or AWS_REGION",
    );
  }
  return { ...(account ? { account } : {}), region: awsRegion };
}

export function addRegionStacks(
  scope: Construct,
  region: Region,
  options: RegionStacksOptions,
): RegionStacks {
  const { env } = options;
  // A sample region is refused at deploy anyway (lib/deploy-guard.ts); a real one is protected
  // from a stray `cdk destroy` (docs/deploy.md says how to tear a region down).
  const terminationProtection = !region.sample;
  const edge = new EdgeStack(scope, edgeStackName(region.id), {
    region,
    now: options.now ?? new Date(),
    env: { ...(env.account ? { account: env.account } : {}), region: EDGE_AWS_REGION },
    crossRegionReferences: true,
    terminationProtection,
    description: `intake ${region.id}: the web ACL in front of CloudFront (us-east-1)`,
  });
  const intake = new IntakeStack(scope, intakeStackName(region.id), {
    region,
    env,
    crossRegionReferences: true,
    terminationProtection,
    description: `intake ${region.id}: anonymous self-report intake`,
    webRoot: options.webRoot,
    edgeWebAcl: {
      arn: edge.protection.webAcl.attrArn,
      metrics: {
        metricName: edge.protection.metricName,
        ruleMetricNames: edge.protection.ruleMetricNames,
        region: EDGE_AWS_REGION,
      },
    },
    ...(options.originSecretRotation ? { originSecretRotation: options.originSecretRotation } : {}),
  });
  const edgeAlarms = new EdgeAlarmsStack(scope, edgeAlarmsStackName(region.id), {
    region,
    env: { ...(env.account ? { account: env.account } : {}), region: EDGE_AWS_REGION },
    crossRegionReferences: true,
    terminationProtection,
    description: `intake ${region.id}: the edge's alarms and their topic (us-east-1)`,
    distributionId: intake.web.distribution.distributionId,
    webAclMetricName: edge.protection.metricName,
  });
  return { edge, intake, edgeAlarms };
}
