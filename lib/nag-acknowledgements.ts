/**
 * cdk-nag 3 (the AwsSolutions and Serverless packs) checks every synth. A finding that is not
 * fixed is acknowledged here, and only here: one list of (rule id, resource path, reason).
 *
 * - A path names one resource (an L1 `CfnResource`), never a stack or the app: `{intake}` and
 *   `{edge}` stand for the region's two stack names, and `*` for part of one path segment, only
 *   where the segment holds a name that differs per region (an organisation's dead-letter
 *   queue, the event source mapping's hashed id).
 * - A rule id is the finding's full id, with its detail for the rules that report several
 *   findings per resource (`AwsSolutions-IAM5[Resource::*]`): acknowledging one finding never
 *   acknowledges another of the same rule. `{account}` and `{awsRegion}` in a detail stand for
 *   the stack's account and AWS region.
 * - test/lib/nag.test.ts holds the list against the findings of every region in regions/: every
 *   finding is acknowledged, and every acknowledgement matches a finding (none is stale).
 */
import { CfnResource, Stack, Token, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks, ServerlessChecks } from "cdk-nag";
import type { IConstruct } from "constructs";
import type { WebHosting } from "./web-hosting.ts";

export interface NagAcknowledgement {
  ruleId: string;
  /** a resource's construct path: `{intake}/Api/RestApi/DeploymentStage.live/Resource` */
  path: string;
  reason: string;
  /** Acknowledges only on the resources this holds for (a finding that depends on the region). */
  appliesTo?: (resource: CfnResource) => boolean;
}

const BUCKET_DEPLOYMENT =
  "{intake}/Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C256MiB";
const BUCKET_DEPLOYMENT_POLICY = `${BUCKET_DEPLOYMENT}/ServiceRole/DefaultPolicy/Resource`;
const BUCKET_DEPLOYMENT_REASON =
  "CDK's BucketDeployment copies the built form from the CDK asset bucket into the site bucket at deploy time; its role and function are CDK's own. It runs only during a deploy and touches static public files only, never a report.";
const OUR_FUNCTIONS = [
  "{intake}/Api/Challenge/Function/Resource",
  "{intake}/Api/Intake/Function/Resource",
  "{intake}/Routing/Router/Function/Resource",
  "{intake}/Schedules/Sweeper/Function/Resource",
  "{intake}/Api/Organisations/Function/Resource",
  "{intake}/Api/Status/Function/Resource",
  "{intake}/Schedules/Escalator/Function/Resource",
  "{intake}/Monitor/Api/Function/Resource",
  "{intake}/Canary/Runner/Function/Resource",
];

/** A scheduled function's (lib/schedules.ts, lib/canary.ts): no retries, no dead letters. */
const onSchedule = (fn: string, rule: string, why: string): NagAcknowledgement[] => [
  {
    ruleId: "Serverless-LambdaDLQ",
    path: `{intake}/${fn}/Function/Resource`,
    reason: `${why} By design; a dead-letter queue would only collect stale ticks.`,
  },
  {
    ruleId: "Serverless-LambdaAsyncFailureDestination",
    path: `{intake}/${fn}/Live/EventInvokeConfig/Resource`,
    reason: `${why} By design; an on-failure destination would only collect stale ticks.`,
  },
  {
    ruleId: "Serverless-EventBusDLQ",
    path: `{intake}/${rule}/Resource`,
    reason: `The schedule's target has no retries and no dead-letter queue on purpose. ${why}`,
  },
];
export const NAG_ACKNOWLEDGEMENTS: readonly NagAcknowledgement[] = [
  // The API: anonymous on purpose.
  ...["challenge/GET", "reports/POST"].flatMap((method) => [
    {
      ruleId: "AwsSolutions-APIG4",
      path: `{intake}/Api/RestApi/Default/api/v1/${method}/Resource`,
      reason:
        "The reporter's API is anonymous by design (docs/report-contract.md): the people who report must not identify themselves. Abuse is held back by proof of work, WAF rate limits and stage throttling.",
    },
    {
      ruleId: "AwsSolutions-COG4",
      path: `{intake}/Api/RestApi/Default/api/v1/${method}/Resource`,
      reason:
        "No Cognito user pool: the reporter's API is anonymous by design, and an account would identify the person.",
    },
  ]),
  // The person's status: the receipt in the body is the credential.
  ...["status/POST", "status/{proxy+}/POST"].flatMap((method) => [
    {
      ruleId: "AwsSolutions-APIG4",
      path: `{intake}/Api/RestApi/Default/api/v1/${method}/Resource`,
      reason:
        "The person comes back with only the receipt they were shown (docs/report-contract.md, section 1), sent in the body so it never appears in a URL or a log; the function checks it (a keyed slow digest) and, when one was chosen, the PIN, counts wrong PINs per case and calls per keyed address, and answers an unknown receipt like a malformed one. WAF holds a tight rate limit on these paths.",
    },
    {
      ruleId: "AwsSolutions-COG4",
      path: `{intake}/Api/RestApi/Default/api/v1/${method}/Resource`,
      reason:
        "No Cognito user pool: the person is anonymous by design and holds only a receipt; an account would identify them.",
    },
  ]),
  // The organisations' API: bearer tokens, checked by its own function.
  ...["org", "ops"].flatMap((part) => [
    {
      ruleId: "AwsSolutions-APIG4",
      path: `{intake}/Api/RestApi/Default/api/v1/${part}/{proxy+}/ANY/Resource`,
      reason:
        "Authorized inside the function, before anything else is read: the bearer token's SHA-256 must name a live, unrevoked credential in the access table, within 120 requests a minute; anything else gets 401 (docs/report-contract.md, section 7). An API Gateway authorizer would cache its decisions, letting a revoked token in until its cache expired.",
    },
    {
      ruleId: "AwsSolutions-COG4",
      path: `{intake}/Api/RestApi/Default/api/v1/${part}/{proxy+}/ANY/Resource`,
      reason:
        "No Cognito user pool: staff and ops hold bearer tokens that ops issue and revoke with the intake command (docs/deploy.md); a user pool would be a second store of staff identities and contact details for the same check.",
    },
  ]),
  // The monitor: bearer tokens checked by its own function, and the open view of published counts.
  ...[
    "monitor/GET",
    "monitor/{proxy+}/GET",
    "open/monitor/GET",
    "open/monitor/{proxy+}/GET",
  ].flatMap((method) => [
    {
      ruleId: "AwsSolutions-APIG4",
      path: `{intake}/Api/RestApi/Default/api/v1/${method}/Resource`,
      reason:
        "The monitor authorizes inside its function, as the organisations' API does (a live bearer token of the coordinator's staff or ops, rate-limited); the open view answers only when the region publishes it, with counts after disclosure control that identify nobody (docs/privacy.md).",
    },
    {
      ruleId: "AwsSolutions-COG4",
      path: `{intake}/Api/RestApi/Default/api/v1/${method}/Resource`,
      reason:
        "No Cognito user pool: the monitor takes the same bearer tokens as the organisations' API, which ops issue and revoke; the open view is public counts by design.",
    },
  ]),
  {
    ruleId: "AwsSolutions-APIG2",
    path: "{intake}/Api/RestApi/Resource",
    reason:
      "The handlers validate every request against the contract (zod) and answer its error shape with fixed messages that never echo input; API Gateway's request validation would answer in another shape.",
  },
  {
    ruleId: "AwsSolutions-APIG6",
    path: "{intake}/Api/RestApi/DeploymentStage.live/Resource",
    reason:
      "Execution logs are off: they record request headers, and CloudFront's X-Forwarded-For carries the viewer's address. The stage's JSON access logs (no address, no user agent, no body) and the functions' own logs cover operations.",
  },
  {
    ruleId: "Serverless-APIGWXrayEnabled",
    path: "{intake}/Api/RestApi/DeploymentStage.live/Resource",
    reason:
      "No X-Ray on the stage: API Gateway's trace segments record the client's address and user agent, which this intake never keeps.",
  },
  {
    ruleId:
      "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]",
    path: "{intake}/Api/RestApi/CloudWatchRole/Resource",
    reason:
      "The account-wide role API Gateway needs to write access logs to CloudWatch (AWS::ApiGateway::Account); AWS's managed policy is the documented one for it and covers logging only.",
  },
  {
    ruleId:
      "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSCodeDeployRoleForLambdaLimited]",
    path: "{intake}/Deployments/Role/Resource",
    reason:
      "CodeDeploy's service role for the functions' gradual deployments (lib/gradual-deployments.ts): AWS's managed policy is the documented one and CDK attaches it to every Lambda deployment group; it lets CodeDeploy read and shift Lambda aliases, read CloudWatch alarms and invoke hooks, never read a table, a queue or a secret.",
  },

  // The distribution.
  {
    ruleId: "AwsSolutions-CFR1",
    path: "{intake}/Web/Distribution/Resource",
    reason:
      "No geo restriction: people report from wherever they are, often abroad or across a border from where they were exploited.",
  },
  {
    ruleId: "AwsSolutions-CFR3",
    path: "{intake}/Web/Distribution/Resource",
    reason:
      "CloudFront access logs are off on purpose: every line holds the viewer's address, and whoever can read the logs could tell who visited the form. The dashboard shows CloudFront's and WAF's counts.",
  },
  {
    ruleId: "AwsSolutions-CFR4",
    path: "{intake}/Web/Distribution/Resource",
    reason:
      "A region without a domain of its own is served with the default *.cloudfront.net certificate, whose minimum protocol CloudFront fixes and which still accepts TLS 1.0; it cannot be pinned to TLS 1.2. A region that sets `domain` in its file gets its ACM certificate with TLSv1.2_2021 and no acknowledgement (docs/deploy.md, 'Custom domain').",
    appliesTo: (resource) =>
      (resource.node.scope?.node.scope as WebHosting | undefined)?.domainName === undefined,
  },
  {
    ruleId: "AwsSolutions-S1",
    path: "{intake}/Web/Site/Resource",
    reason:
      "The bucket holds the public static form, written only by the deploy and read only by CloudFront through origin access control; server access logs would add a bucket of records with nothing to investigate.",
  },

  // Secrets: rotated by the runbook, never automatically.
  ...Object.entries({
    ReceiptKeys:
      "Never rotated automatically, by design: every receipt digest and link was made with one key version, and a rotation that replaced it would orphan every receipt. A planned rotation adds a version and keeps the old ones readable (docs/deploy.md, 'Rotate secrets').",
    CountersKey:
      "Never rotated, by design: the monitor's idempotency markers are keyed with it for as long as cases live, and a new key would count again, or fail to take out of the counts, every step the old one marked (docs/deploy.md, 'Rotate secrets').",
    ProofOfWork:
      "Rotated by hand with the runbook (docs/deploy.md, 'Rotate secrets'): a rotation invalidates the challenges handed out in the last ten minutes, so ops choose a quiet moment; a rotation Lambda would add code and permissions for a key that signs ten-minute challenges.",
    Origin:
      "Rotated by hand with the two-deploy runbook (docs/deploy.md, 'Rotate secrets'): CloudFront and the API's web ACL read it through dynamic references, which only a deploy resolves again.",
  }).map(([secret, reason]) => ({
    ruleId: "AwsSolutions-SMG4",
    path: `{intake}/Secrets/${secret}/Resource`,
    reason,
  })),
  {
    ruleId: "AwsSolutions-SMG4",
    path: "{intake}/Canary/Token/Resource",
    reason:
      "It holds an ops token that ops issue (`intake ops token issue canary`, at most 365 days) and put in; the token expires by itself, and renewing it is a runbook step (docs/deploy.md, 'The canary'): a rotation Lambda would need the credentials table's write rights, which the canary must not have.",
  },

  // Queues and functions.
  {
    ruleId: "Serverless-SQSRedrivePolicy",
    path: "{intake}/Routing/*-dlq/Resource",
    reason:
      "A dead-letter queue is the last stop: a message there raises an alarm and waits 14 days for ops to redrive it (docs/deploy.md). A dead-letter queue of its own would only hide it further.",
  },
  {
    ruleId: "Serverless-LambdaEventSourceMappingDestination",
    path: "{intake}/Routing/Router/Live/SqsEventSource:*/Resource",
    reason:
      "An SQS event source mapping takes no on-failure destination; a case that fails five times goes to the routing queue's dead-letter queue, which is alarmed.",
  },
  ...OUR_FUNCTIONS.map((path) => ({
    ruleId: "Serverless-LambdaTracing",
    path,
    reason:
      "No X-Ray: the functions log ids, counts, durations and error names, and CloudWatch metrics and alarms cover them; tracing would add a wildcard permission and a store of per-request records to an intake that keeps as little as it can.",
  })),
  {
    ruleId: "Serverless-LambdaDLQ",
    path: "{intake}/Api/Challenge/Function/Resource",
    reason:
      "Invoked synchronously by API Gateway only: a failure is answered to the caller at once; there is no asynchronous event to dead-letter.",
  },
  {
    ruleId: "Serverless-LambdaDLQ",
    path: "{intake}/Api/Intake/Function/Resource",
    reason:
      "Invoked synchronously by API Gateway only: a failure is answered to the person at once (and the form retries with the same submissionId); nothing of a report may be parked in a queue of failures.",
  },
  {
    ruleId: "Serverless-LambdaDLQ",
    path: "{intake}/Api/Organisations/Function/Resource",
    reason:
      "Invoked synchronously by API Gateway only: a failure is answered to the organisation's staff at once, who retry; there is no asynchronous event to dead-letter.",
  },
  {
    ruleId: "Serverless-LambdaDLQ",
    path: "{intake}/Api/Status/Function/Resource",
    reason:
      "Invoked synchronously by API Gateway only: a failure is answered to the person at once, who tries again; nothing the person sent (a reply, check-in answers) may be parked in a queue of failures.",
  },
  {
    ruleId: "Serverless-LambdaDLQ",
    path: "{intake}/Monitor/Api/Function/Resource",
    reason:
      "Invoked synchronously by API Gateway only, and only to read: a failure is answered to the caller at once; there is no asynchronous event to dead-letter.",
  },
  {
    ruleId: "Serverless-LambdaDLQ",
    path: "{intake}/Routing/Router/Function/Resource",
    reason:
      "Invoked by the routing queue's event source mapping, not asynchronously: a failed case returns to the queue and, after five receives, to its dead-letter queue.",
  },
  ...onSchedule(
    "Schedules/Sweeper",
    "Schedules/Sweep",
    "A failed sweep is retried by the next tick a minute later; its errors are alarmed.",
  ),
  ...onSchedule(
    "Schedules/Escalator",
    "Schedules/Escalate",
    "A failed escalation run is retried by the next tick five minutes later: the cases it did not reach still wait in the index; its errors are alarmed.",
  ),
  ...onSchedule(
    "Canary/Runner",
    "Canary/Schedule",
    "A failed canary run, or one that did not run, is its alarm 'canary failed' (a failure counted, no data a breach), and the next tick runs it again.",
  ),

  // The organisations' alert subscriptions.
  {
    ruleId: "Serverless-SNSRedrivePolicy",
    path: "{intake}/Alerts/Subscriptions/*/Resource",
    reason:
      "An alert only says that something waits in an inbox, and a late one is worth nothing: the case itself waits in the inbox and on the delivery queue (alarmed when unread for 4 days), and an unclaimed urgent case is escalated (alarmed). Failed deliveries show on the dashboard; a queue of undelivered alert texts would hold nothing to redrive.",
  },

  // CDK's BucketDeployment, which uploads the form at deploy time.
  {
    ruleId:
      "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
    path: `${BUCKET_DEPLOYMENT}/ServiceRole/Resource`,
    reason: BUCKET_DEPLOYMENT_REASON,
  },
  ...[
    "Action::s3:Abort*",
    "Action::s3:DeleteObject*",
    "Action::s3:GetBucket*",
    "Action::s3:GetObject*",
    "Action::s3:List*",
    "Resource::*",
    "Resource::<WebSiteD504717C.Arn>/*",
    "Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-{account}-{awsRegion}/*",
  ].map((finding) => ({
    ruleId: `AwsSolutions-IAM5[${finding}]`,
    path: BUCKET_DEPLOYMENT_POLICY,
    reason: `${BUCKET_DEPLOYMENT_REASON} The wildcards are CDK's: read the asset bucket's objects, write and prune the site bucket's, invalidate the distribution.`,
  })),
  ...["AwsSolutions-L1", "Serverless-LambdaLatestVersion"].map((ruleId) => ({
    ruleId,
    path: `${BUCKET_DEPLOYMENT}/Resource`,
    reason: `${BUCKET_DEPLOYMENT_REASON} Its Python runtime is the one this CDK version pins, and moves with CDK upgrades.`,
  })),
  ...["Serverless-LambdaDLQ", "Serverless-LambdaTracing"].map((ruleId) => ({
    ruleId,
    path: `${BUCKET_DEPLOYMENT}/Resource`,
    reason: `${BUCKET_DEPLOYMENT_REASON} CloudFormation invokes it and reports its failure as a failed deploy.`,
  })),
];

export interface StackNames {
  intake: string;
  edge: string;
}

const escapeRegExp = (text: string) => text.replace(/[.+?^${}()|[\]\\]/g, "\\$&");

/** Whether an acknowledgement's path names the resource at `path` in these stacks. */
export function pathMatches(pattern: string, path: string, stacks: StackNames): boolean {
  const source = pattern
    .split(/(\{intake\}|\{edge\}|\*)/)
    .map((part) => {
      if (part === "{intake}") return escapeRegExp(stacks.intake);
      if (part === "{edge}") return escapeRegExp(stacks.edge);
      if (part === "*") return "[^/]*";
      return escapeRegExp(part);
    })
    .join("");
  return new RegExp(`^${source}$`).test(path);
}

/**
 * A rule id as the finding names it: `{account}` and `{awsRegion}` stand for the stack's
 * account (`<AWS::AccountId>` when the stack is environment-agnostic) and AWS region.
 */
export function ruleIdFor(ruleId: string, stack: Stack): string {
  const account = Token.isUnresolved(stack.account) ? "<AWS::AccountId>" : stack.account;
  const region = Token.isUnresolved(stack.region) ? "<AWS::Region>" : stack.region;
  return ruleId.replaceAll("{account}", account).replaceAll("{awsRegion}", region);
}

/** Every L1 resource of the stacks, the ones custom resources add included. */
export function resourcesOf(stacks: readonly Stack[]): CfnResource[] {
  return stacks.flatMap((stack) =>
    stack.node.findAll().filter((node): node is CfnResource => CfnResource.isCfnResource(node)),
  );
}

/**
 * Acknowledges each listed finding on the one resource its path names; returns the resources
 * acknowledged, per acknowledgement.
 */
export function acknowledgeNagFindings(
  stacks: readonly Stack[],
  names: StackNames,
  acknowledgements: readonly NagAcknowledgement[] = NAG_ACKNOWLEDGEMENTS,
): Map<NagAcknowledgement, IConstruct[]> {
  const applied = new Map<NagAcknowledgement, IConstruct[]>();
  for (const resource of resourcesOf(stacks)) {
    for (const acknowledgement of acknowledgements) {
      if (!pathMatches(acknowledgement.path, resource.node.path, names)) continue;
      if (acknowledgement.appliesTo && !acknowledgement.appliesTo(resource)) continue;
      Validations.of(resource).acknowledge({
        id: ruleIdFor(acknowledgement.ruleId, Stack.of(resource)),
        reason: acknowledgement.reason,
      });
      applied.set(acknowledgement, [...(applied.get(acknowledgement) ?? []), resource]);
    }
  }
  return applied;
}

/** The packs every synth runs: AwsSolutions and Serverless. */
export function nagPacks(scope: IConstruct) {
  return [new AwsSolutionsChecks(scope), new ServerlessChecks(scope)];
}

export function checkWithNag(scope: IConstruct): void {
  Validations.of(scope).addPlugins(...nagPacks(scope));
}
