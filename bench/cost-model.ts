/**
 * What a region costs: pure arithmetic over counts (read from the synthesized templates and the
 * region file by bench/costs.ts) and AWS list prices. Every price is an ESTIMATE copied by hand
 * from AWS's public pricing pages (eu-west-1 for the region's stack, us-east-1 for the edge's
 * alarms and logs; nothing is fetched): each constant names its page and the date it was read.
 * The per-report usage (calls, durations, read and write units) is an estimate from the code
 * paths, documented in docs/deploy.md section 14.
 */

/** A list price, in US dollars, with where it comes from. */
export interface Price {
  usd: number;
  per: string;
  /** the AWS pricing page, and when it was read */
  source: string;
}

const READ = "2025-08";
const page = (path: string) => `https://aws.amazon.com/${path}/pricing/ (read ${READ})`;

export const PRICES = {
  // https://aws.amazon.com/lambda/pricing/ — arm64, eu-west-1; INIT is billed like duration
  // for on-demand functions since 1 August 2025.
  lambdaGbSecond: { usd: 0.0000133334, per: "GB-second (arm64)", source: page("lambda") },
  lambdaRequest: { usd: 0.2 / 1e6, per: "invocation", source: page("lambda") },
  // https://aws.amazon.com/api-gateway/pricing/ — REST API, first 333 million a month
  apiRequest: { usd: 3.5 / 1e6, per: "REST API request", source: page("api-gateway") },
  // https://aws.amazon.com/dynamodb/pricing/on-demand/ — eu-west-1 (after the November 2024 cut)
  dynamoWriteUnit: { usd: 0.7068 / 1e6, per: "write request unit", source: page("dynamodb") },
  dynamoReadUnit: { usd: 0.1415 / 1e6, per: "read request unit", source: page("dynamodb") },
  // https://aws.amazon.com/sqs/pricing/ — standard queues, after the free million
  sqsRequest: { usd: 0.4 / 1e6, per: "SQS request", source: page("sqs") },
  // https://aws.amazon.com/kms/pricing/
  kmsKey: { usd: 1, per: "customer managed key-month", source: page("kms") },
  kmsRequest: { usd: 0.03 / 1e4, per: "KMS request", source: page("kms") },
  // https://aws.amazon.com/secrets-manager/pricing/
  secret: { usd: 0.4, per: "secret-month", source: page("secrets-manager") },
  secretsApiCall: {
    usd: 0.05 / 1e4,
    per: "Secrets Manager API call",
    source: page("secrets-manager"),
  },
  // https://aws.amazon.com/waf/pricing/
  webAcl: { usd: 5, per: "web ACL-month", source: page("waf") },
  webAclRule: { usd: 1, per: "rule-month", source: page("waf") },
  wafRequest: { usd: 0.6 / 1e6, per: "request inspected", source: page("waf") },
  // https://aws.amazon.com/cloudwatch/pricing/ — standard resolution; a metric-math alarm is
  // billed per metric it reads
  alarmMetric: { usd: 0.1, per: "alarm metric-month", source: page("cloudwatch") },
  dashboard: { usd: 3, per: "dashboard-month", source: page("cloudwatch") },
  logIngestGb: { usd: 0.57, per: "GB of logs ingested (eu-west-1)", source: page("cloudwatch") },
  vendedLogIngestGb: {
    usd: 0.5,
    per: "GB of vended (WAF) logs ingested, us-east-1",
    source: page("cloudwatch"),
  },
  logStorageGb: { usd: 0.03, per: "GB-month of log storage", source: page("cloudwatch") },
  // https://aws.amazon.com/sns/pricing/
  snsPublish: { usd: 0.5 / 1e6, per: "publish", source: page("sns") },
  snsEmail: { usd: 2 / 1e5, per: "email delivered", source: page("sns") },
  // https://aws.amazon.com/end-user-messaging/pricing/ — an SMS to a Dutch number (carrier fees
  // included); varies by country and sender type: check the price list for yours
  smsToNl: { usd: 0.1, per: "SMS to the Netherlands", source: page("end-user-messaging") },
  // https://aws.amazon.com/cloudfront/pricing/ — Europe, pay as you go
  cloudFrontRequest: { usd: 0.012 / 1e4, per: "HTTPS request", source: page("cloudfront") },
  cloudFrontFunction: {
    usd: 0.1 / 1e6,
    per: "CloudFront Functions invocation",
    source: page("cloudfront"),
  },
  cloudFrontGb: { usd: 0.085, per: "GB out to the internet", source: page("cloudfront") },
} as const satisfies Record<string, Price>;

export type PriceName = keyof typeof PRICES;

/**
 * How each CloudFormation resource kind of the templates is priced: `fixed` (costs by the month
 * whether used or not), `usage` (costs per request or GB only), or `free`. A kind missing here
 * fails the test: a new kind of resource must be priced before it ships.
 */
export const RESOURCE_PRICING: Readonly<Record<string, "fixed" | "usage" | "free">> = {
  "AWS::KMS::Key": "fixed",
  "AWS::SecretsManager::Secret": "fixed",
  "AWS::WAFv2::WebACL": "fixed",
  "AWS::CloudWatch::Alarm": "fixed",
  "AWS::CloudWatch::Dashboard": "fixed",
  "AWS::Lambda::Function": "usage",
  "AWS::Lambda::EventSourceMapping": "usage",
  "AWS::Events::Rule": "usage",
  "AWS::DynamoDB::Table": "usage",
  "AWS::SQS::Queue": "usage",
  "AWS::SNS::Topic": "usage",
  "AWS::Logs::LogGroup": "usage",
  "AWS::WAFv2::LoggingConfiguration": "usage",
  "AWS::ApiGateway::RestApi": "usage",
  "AWS::CloudFront::Distribution": "usage",
  "AWS::S3::Bucket": "usage",
  // CodeDeploy to Lambda is free; so are the rest: configuration, not billed.
  "AWS::CodeDeploy::Application": "free",
  "AWS::CodeDeploy::DeploymentGroup": "free",
  "AWS::Lambda::Version": "free",
  "AWS::Lambda::Alias": "free",
  "AWS::Lambda::Permission": "free",
  "AWS::Lambda::EventInvokeConfig": "free",
  "AWS::Lambda::LayerVersion": "free",
  "AWS::KMS::Alias": "free",
  "AWS::SNS::TopicPolicy": "free",
  "AWS::SQS::QueuePolicy": "free",
  "AWS::IAM::Role": "free",
  "AWS::IAM::Policy": "free",
  "AWS::ApiGateway::Account": "free",
  "AWS::ApiGateway::Deployment": "free",
  "AWS::ApiGateway::Stage": "free",
  "AWS::ApiGateway::Resource": "free",
  "AWS::ApiGateway::Method": "free",
  "AWS::WAFv2::WebACLAssociation": "free",
  "AWS::S3::BucketPolicy": "free",
  "AWS::CloudFront::ResponseHeadersPolicy": "free",
  "AWS::CloudFront::OriginRequestPolicy": "free",
  "AWS::CloudFront::CachePolicy": "free",
  "AWS::CloudFront::Function": "usage",
  "AWS::CloudFront::OriginAccessControl": "free",
  "Custom::CDKBucketDeployment": "free",
  "Custom::CrossRegionExportReader": "free",
  "Custom::CrossRegionExportWriter": "free",
};

/** What the templates and the region file hold that costs by the month. */
export interface RegionCounts {
  organisations: number;
  /** organisations with a delivery queue (`"delivery": "both"`) */
  withQueues: number;
  kmsKeys: number;
  secrets: number;
  /** rules of each web ACL, edge and regional */
  webAclRules: readonly number[];
  /** alarm metrics: one per single-metric alarm, one per metric a math alarm reads */
  alarmMetrics: number;
  dashboards: number;
  /** scheduled runs a month of each scheduled function, with its memory (the canary apart) */
  scheduledRuns: readonly { runsPerMonth: number; memoryMb: number }[];
  /** the canary's runs a month and its memory; undefined when the region turns it off */
  canary?: { runsPerMonth: number; memoryMb: number };
  /** Lambda's pollers of SQS queues */
  queuePollers: number;
  /** memory of the functions a report calls */
  memoryMb: { challenge: number; intake: number; router: number; status: number; org: number };
}

/** Estimates from the code paths (docs/deploy.md section 14): what one report does. */
export interface Usage {
  /** organisations a report is routed to */
  routed: number;
  /** the person's visits to the status page per report */
  statusCalls: number;
  /** organisations' API calls per case */
  orgCalls: number;
  /** share of invocations that start a new environment (0 warm, 1 every call cold) */
  coldShare: number;
  /** billed INIT of a cold start, ms */
  initMs: number;
  /** billed duration, ms */
  durationMs: { challenge: number; intake: number; router: number; status: number; org: number };
  /**
   * DynamoDB units: a report's own (idempotency 1 + 2, spent challenge 1, receipt link 1, a 5 KB
   * case 5, the case marked routed 5), per organisation routed (its assignment and its inbox
   * index entry, 2 each), per status call, per organisations' call, the monitor's per report
   */
  writeUnits: { report: number; perRouted: number; status: number; org: number; monitor: number };
  readUnits: { report: number; status: number; org: number };
  /** email addresses subscribed per organisation */
  emailsPerOrg: number;
  /** bytes of logs per invocation, and per API request (the access log) */
  logBytesPerInvocation: number;
  logBytesPerApiRequest: number;
  /** edge requests of one page view (page, stylesheet, script, worker, icon) and its weight */
  pageRequests: number;
  pageKb: number;
  /** a scheduled run's billed duration */
  scheduledMs: number;
  /**
   * a canary run's billed duration (its proof, its calls, and the waits between its checks of
   * the routing, CANARY_POLL_MS each), and how many times it asks for the routing outcome
   */
  canaryMs: number;
  canaryChecks: number;
  /** requests a minute of Lambda's long poll of a queue */
  pollsPerMinute: number;
}

export const USAGE: Usage = {
  routed: 4,
  statusCalls: 3,
  orgCalls: 10,
  coldShare: 0,
  initMs: 250,
  durationMs: { challenge: 20, intake: 300, router: 170, status: 250, org: 100 },
  writeUnits: { report: 15, perRouted: 4, status: 1, org: 4, monitor: 86 },
  readUnits: { report: 3, status: 3, org: 4 },
  emailsPerOrg: 2,
  logBytesPerInvocation: 1_000,
  logBytesPerApiRequest: 1_000,
  pageRequests: 5,
  pageKb: 100,
  scheduledMs: 100,
  canaryMs: 5_000,
  canaryChecks: 2,
  pollsPerMinute: 15,
};

export interface Line {
  what: string;
  usd: number;
}

const MINUTES_A_MONTH = 60 * 24 * 30;
const GB = 1024 ** 3;
const cost = (name: PriceName, quantity: number) => PRICES[name].usd * quantity;
const gbSeconds = (memoryMb: number, ms: number) => (memoryMb / 1024) * (ms / 1000);
export const sum = (lines: readonly Line[]) => lines.reduce((total, line) => total + line.usd, 0);

/** The fixed monthly part: what a region costs with no report at all. */
export function idleMonthly(counts: RegionCounts, usage: Usage = USAGE): Line[] {
  const runs = counts.scheduledRuns.reduce((total, s) => total + s.runsPerMonth, 0);
  const scheduledGbS = counts.scheduledRuns.reduce(
    (total, s) => total + s.runsPerMonth * gbSeconds(s.memoryMb, usage.scheduledMs),
    0,
  );
  const rules = counts.webAclRules.reduce((total, n) => total + n, 0);
  return [
    { what: `KMS keys (${counts.kmsKeys})`, usd: cost("kmsKey", counts.kmsKeys) },
    { what: `Secrets Manager secrets (${counts.secrets})`, usd: cost("secret", counts.secrets) },
    {
      what: `WAF: ${counts.webAclRules.length} web ACLs, ${rules} rules`,
      usd: cost("webAcl", counts.webAclRules.length) + cost("webAclRule", rules),
    },
    {
      what: `CloudWatch alarm metrics (${counts.alarmMetrics})`,
      usd: cost("alarmMetric", counts.alarmMetrics),
    },
    {
      what: `CloudWatch dashboards (${counts.dashboards})`,
      usd: cost("dashboard", counts.dashboards),
    },
    {
      what: `scheduled runs (${runs.toLocaleString("en")} a month)`,
      usd: cost("lambdaRequest", runs) + cost("lambdaGbSecond", scheduledGbS),
    },
    {
      what: `Lambda's queue pollers (${counts.queuePollers})`,
      usd: cost("sqsRequest", counts.queuePollers * usage.pollsPerMinute * MINUTES_A_MONTH),
    },
    {
      // Scheduled runs log their START, END and REPORT lines even with nothing to do.
      what: "log ingestion and storage at idle",
      usd:
        cost("logIngestGb", (runs * usage.logBytesPerInvocation) / GB) +
        cost("logStorageGb", (runs * usage.logBytesPerInvocation) / GB),
    },
    ...canaryMonthly(counts, usage),
  ];
}

/**
 * The canary's runs (lib/canary.ts): each one its own invocation, its token read (cached 5
 * minutes: one call a run at an hourly tick), and a test report through the region like a
 * person's (no page, no status call, no alert, not counted): a challenge, the post, the
 * routing, then `canaryChecks` outcome calls and a removal on the organisations' API, which
 * deletes the case and its assignments and writes one audit entry.
 */
function canaryMonthly(counts: RegionCounts, usage: Usage): Line[] {
  if (!counts.canary) return [];
  const { runsPerMonth: n, memoryMb } = counts.canary;
  const { memoryMb: mem } = counts;
  const ms = usage.durationMs;
  const orgCalls = usage.canaryChecks + 1;
  const apiRequests = 2 + orgCalls;
  const queued =
    Math.min(usage.routed, counts.organisations) * (counts.withQueues / counts.organisations);
  const routed = Math.min(usage.routed, counts.organisations);
  return [
    {
      what: `the canary (${n.toLocaleString("en")} runs a month: a report, ${usage.canaryChecks} checks, a removal)`,
      usd:
        invocations(memoryMb, usage.canaryMs, n, usage) +
        cost("secretsApiCall", n) +
        invocations(mem.challenge, ms.challenge, n, usage) +
        invocations(mem.intake, ms.intake, n, usage) +
        invocations(mem.router, ms.router, n, usage) +
        invocations(mem.org, ms.org, n * orgCalls, usage) +
        cost("apiRequest", n * apiRequests) +
        cost("wafRequest", n * 2 * apiRequests) +
        cost("cloudFrontRequest", n * apiRequests) +
        cost(
          "dynamoWriteUnit",
          n * (usage.writeUnits.report + routed * (usage.writeUnits.perRouted + 1) + 2),
        ) +
        cost("dynamoReadUnit", n * (usage.readUnits.report + orgCalls * usage.readUnits.org)) +
        cost("sqsRequest", n * (3 + 3 * queued)) +
        cost(
          "logIngestGb",
          (n *
            ((4 + orgCalls) * usage.logBytesPerInvocation +
              apiRequests * usage.logBytesPerApiRequest)) /
            GB,
        ),
    },
  ];
}

/** One invocation's Lambda cost: requests, duration, and the cold share's billed INIT. */
function invocations(memoryMb: number, ms: number, count: number, usage: Usage): number {
  const billedMs = ms + usage.coldShare * usage.initMs;
  return (
    cost("lambdaRequest", count) + cost("lambdaGbSecond", count * gbSeconds(memoryMb, billedMs))
  );
}

/** What 1,000 reports cost, each a page visit, a challenge, a post, its routing and follow-up. */
export function perThousandReports(counts: RegionCounts, usage: Usage = USAGE): Line[] {
  const n = 1000;
  const { memoryMb: mem, durationMs: ms } = {
    memoryMb: counts.memoryMb,
    durationMs: usage.durationMs,
  };
  const queued = usage.routed * (counts.withQueues / counts.organisations);
  const apiRequests = 2 + usage.statusCalls;
  // Each visit of the form or the status page, and each API call, through the distribution.
  const edgeRequests = usage.pageRequests * (1 + usage.statusCalls) + apiRequests;
  return [
    {
      what: "Lambda: challenge, intake, router",
      usd:
        invocations(mem.challenge, ms.challenge, n, usage) +
        invocations(mem.intake, ms.intake, n, usage) +
        invocations(mem.router, ms.router, n, usage),
    },
    {
      what: `Lambda: status page (${usage.statusCalls} calls a report)`,
      usd: invocations(mem.status, ms.status, n * usage.statusCalls, usage),
    },
    { what: "API Gateway (challenge, post, status)", usd: cost("apiRequest", n * apiRequests) },
    {
      what: "DynamoDB (report, routing, status calls)",
      usd:
        cost(
          "dynamoWriteUnit",
          n *
            (usage.writeUnits.report +
              usage.routed * usage.writeUnits.perRouted +
              usage.statusCalls * usage.writeUnits.status),
        ) +
        cost(
          "dynamoReadUnit",
          n * (usage.readUnits.report + usage.statusCalls * usage.readUnits.status),
        ),
    },
    // Enqueue, receive and delete on the routing queue; send, receive, delete per delivery queue.
    { what: "SQS", usd: cost("sqsRequest", n * (3 + 3 * queued)) },
    {
      what: "WAF requests (edge and API)",
      usd: cost("wafRequest", n * (usage.pageRequests * (1 + usage.statusCalls) + 2 * apiRequests)),
    },
    {
      what: "CloudFront (form and status pages, API)",
      usd:
        cost("cloudFrontRequest", n * edgeRequests) +
        cost("cloudFrontFunction", n * edgeRequests) +
        cost("cloudFrontGb", (n * usage.pageKb * (1 + usage.statusCalls)) / 1024 ** 2),
    },
    {
      what: "CloudWatch Logs ingestion",
      usd: cost(
        "logIngestGb",
        (n *
          ((3 + usage.statusCalls) * usage.logBytesPerInvocation +
            apiRequests * usage.logBytesPerApiRequest)) /
          GB,
      ),
    },
    // SNS encrypts each publish with the alert topics' key: about 2 KMS requests.
    {
      what: `SNS alerts (${usage.routed} a report) and their KMS requests`,
      usd: cost("snsPublish", n * usage.routed) + cost("kmsRequest", n * usage.routed * 2),
    },
    {
      what: `alert emails (${usage.emailsPerOrg} per organisation)`,
      usd: cost("snsEmail", n * usage.routed * usage.emailsPerOrg),
    },
    // docs/monitor.md: about 10 counted cells at the routing and 5 steps later, 4 units each,
    // and each of the 6 events raises its month's version once.
    {
      what: "the monitor's counters",
      usd: cost("dynamoWriteUnit", n * usage.writeUnits.monitor),
    },
    {
      what: `organisations' work (${usage.orgCalls} API calls a case)`,
      usd:
        invocations(mem.org, ms.org, n * usage.orgCalls, usage) +
        cost("apiRequest", n * usage.orgCalls) +
        cost("wafRequest", 2 * n * usage.orgCalls) +
        cost("cloudFrontRequest", n * usage.orgCalls) +
        cost("dynamoWriteUnit", n * usage.orgCalls * usage.writeUnits.org) +
        cost("dynamoReadUnit", n * usage.orgCalls * usage.readUnits.org),
    },
  ];
}

/** An alert by SMS: one message per subscribed number, priced apart (it dwarfs the rest). */
export const smsPerAlert = (numbers: number) => cost("smsToNl", numbers);
