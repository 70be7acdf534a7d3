/**
 * The one declaration of the system's tables and queues. The CDK stack (lib/) and the local
 * runtime (`intake dev`, local/) are both built from it, so what runs on one machine is what
 * runs on AWS. Nothing here imports aws-cdk-lib or an AWS SDK: it is plain data.
 */
import type { Region } from "../domain/region.ts";

export interface KeyAttribute {
  name: string;
  type: "S" | "N";
}

export interface IndexDeclaration {
  name: string;
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  /** what the index carries beyond the keys; the local emulator keeps everything */
  nonKeyAttributes?: readonly string[];
}

export interface TableDeclaration {
  /** logical name; the environment variable that carries the physical name is `envVar` */
  id: "reports" | "assignments" | "idempotency" | "audit" | "access" | "counters";
  envVar: string;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  /** DynamoDB TTL attribute (epoch seconds). Reads ignore expired items: TTL deletes late. */
  ttlAttribute: "expiresAt";
  /**
   * A sparse index over items still waiting for a step (a report still `received`, an
   * assignment still `pending`), so the sweeper queries instead of scanning the table.
   */
  waitingIndex?: IndexDeclaration;
  /** An organisation's inbox: its assignments, oldest first, without a scan. */
  inboxIndex?: IndexDeclaration;
  purpose: string;
}

const WAITING_INDEX = {
  name: "waiting",
  partitionKey: { name: "waiting", type: "S" },
  sortKey: { name: "waitingSince", type: "N" },
} as const satisfies TableDeclaration["waitingIndex"];

export const TABLES: readonly TableDeclaration[] = [
  {
    id: "reports",
    envVar: "INTAKE_REPORTS_TABLE",
    partitionKey: { name: "pk", type: "S" },
    ttlAttribute: "expiresAt",
    waitingIndex: WAITING_INDEX,
    purpose: "cases (`case#<id>`) and receipt links (`receipt#<keyed hash>`)",
  },
  {
    id: "assignments",
    envVar: "INTAKE_ASSIGNMENTS_TABLE",
    partitionKey: { name: "caseId", type: "S" },
    sortKey: { name: "organisation", type: "S" },
    ttlAttribute: "expiresAt",
    waitingIndex: WAITING_INDEX,
    inboxIndex: {
      name: "inbox",
      partitionKey: { name: "organisation", type: "S" },
      sortKey: { name: "receivedAt", type: "N" },
      // What an inbox list shows (functions/adapters/dynamo-cases.ts), and nothing more;
      // `expiresAt` too: the list leaves out what expired and TTL has not yet deleted.
      nonKeyAttributes: [
        "state",
        "urgency",
        "hidden",
        "escalatedAt",
        "updatedAt",
        "outcome",
        "expiresAt",
      ],
    },
    purpose: "one item per case and organisation it was routed to",
  },
  {
    id: "idempotency",
    envVar: "INTAKE_IDEMPOTENCY_TABLE",
    partitionKey: { name: "id", type: "S" },
    ttlAttribute: "expiresAt",
    purpose:
      "powertools idempotency records of report submissions, and used proof-of-work challenges",
  },
  {
    id: "audit",
    envVar: "INTAKE_AUDIT_TABLE",
    partitionKey: { name: "pk", type: "S" },
    sortKey: { name: "sk", type: "S" },
    ttlAttribute: "expiresAt",
    purpose: "append-only audit trail of what organisations and ops did (never content)",
  },
  {
    id: "access",
    envVar: "INTAKE_ACCESS_TABLE",
    partitionKey: { name: "pk", type: "S" },
    ttlAttribute: "expiresAt",
    purpose: "inbox and ops credentials (hashes only) and per-credential request counters",
  },
  {
    id: "counters",
    envVar: "INTAKE_COUNTERS_TABLE",
    partitionKey: { name: "pk", type: "S" },
    sortKey: { name: "sk", type: "S" },
    // Only the events' markers expire; the counts themselves are kept (they hold nobody).
    ttlAttribute: "expiresAt",
    purpose:
      "the monitor's counts per month and cell (`month#YYYY-MM`), and keyed markers of counted events (`event#<hmac>`)",
  },
];

/**
 * SQS: every queue has a dead-letter queue that takes a message after five receives, and a
 * visibility timeout of at least six times its consumer's timeout (the AWS guidance for
 * Lambda event sources), so a slow batch is not handed to a second consumer.
 */
export const MAX_RECEIVE_COUNT = 5;
/**
 * Days a dead-lettered message is kept (the SQS maximum). SQS counts a message's retention
 * from its original enqueue, not from its move to the dead-letter queue: a message that reaches
 * the dead-letter queue on its source's last day is deleted at once when the dead-letter queue
 * keeps no longer than the source. So every source keeps its messages at least
 * DLQ_MARGIN_DAYS less than its dead-letter queue (a test checks every queue).
 */
export const DLQ_RETENTION_DAYS = 14;
/** What a message keeps, at least, on a dead-letter queue: a long weekend to notice, and redrive. */
export const DLQ_MARGIN_DAYS = 4;
/** Days an undelivered envelope waits on an organisation's queue. */
export const DELIVERY_RETENTION_DAYS = DLQ_RETENTION_DAYS - DLQ_MARGIN_DAYS;
/** Days a case id waits on the routing queue (the sweeper enqueues a stuck case again). */
export const ROUTING_RETENTION_DAYS = 4;

export interface QueueDeclaration {
  /** physical name: SQS allows 80 characters of letters, digits, `-` and `_` */
  name: string;
  deadLetterName: string;
  /** `routing` is consumed by the router; a `delivery` queue is read by one organisation */
  kind: "routing" | "delivery";
  organisation?: string;
  visibilityTimeoutSeconds: number;
  retentionDays: number;
}

/** Consumer timeouts, in seconds: the router's Lambda timeout and the local poller's budget. */
export const ROUTER_TIMEOUT_SECONDS = 30;
/** Organisations' own consumers get a generous window to process an envelope. */
export const DELIVERY_VISIBILITY_SECONDS = 300;

export const routingQueueName = (regionId: string) => `${regionId}-routing`;
export const deliveryQueueName = (regionId: string, organisation: string) =>
  `${regionId}-deliver-${organisation}`;
export const deadLetterName = (queueName: string) => `${queueName}-dlq`;
/** An organisation's SNS topic of alerts (functions/adapters/notifications.ts publishes to it). */
export const alertTopicName = (regionId: string, organisation: string) =>
  `${regionId}-alerts-${organisation}`;
/**
 * The message attribute every alert is published with: `all`, or `email` (an unproven case's
 * alert, functions/use-cases/alert-reach.ts). SMS subscriptions take only `all` (a filter policy
 * on the attribute, lib/alerts.ts); email subscriptions take every alert.
 */
export const ALERT_REACH_ATTRIBUTE = "reach";
/** The reach SMS subscriptions accept. */
export const SMS_ALERT_REACH = "all";

/**
 * Whether an organisation has a delivery queue: only when its region file chose `both`. An
 * organisation that works in the inbox alone gets none, so nothing of its cases waits on a
 * queue nobody reads (functions/adapters/sqs-queues.ts sends it nothing).
 */
export const hasDeliveryQueue = (region: Region, organisation: string): boolean =>
  region.organisations.some((o) => o.id === organisation && o.delivery === "both");

export function queuesOf(region: Region): QueueDeclaration[] {
  const routing = routingQueueName(region.id);
  return [
    {
      name: routing,
      deadLetterName: deadLetterName(routing),
      kind: "routing",
      visibilityTimeoutSeconds: ROUTER_TIMEOUT_SECONDS * 6,
      retentionDays: ROUTING_RETENTION_DAYS,
    },
    ...region.organisations
      .filter((organisation) => hasDeliveryQueue(region, organisation.id))
      .map((organisation) => {
        const name = deliveryQueueName(region.id, organisation.id);
        return {
          name,
          deadLetterName: deadLetterName(name),
          kind: "delivery" as const,
          organisation: organisation.id,
          visibilityTimeoutSeconds: DELIVERY_VISIBILITY_SECONDS,
          retentionDays: DELIVERY_RETENTION_DAYS,
        };
      }),
  ];
}

/**
 * The secrets of a region, generated by Secrets Manager at deploy time (lib/secrets.ts): their
 * values are never in a template or in the repository. Each is a JSON object:
 *
 * - the proof-of-work HMAC key: `{"hmacKey": "<64 characters>"}`;
 * - the receipt hashing keys: `{"1": "<64 characters>"}`, one entry per version, never rotated
 *   automatically (a planned rotation adds `"2"` and keeps `"1"` for reading: docs/deploy.md);
 * - the origin secret: `{"value": "<64 characters>"}`, the header CloudFront adds to every
 *   request it forwards to the API, which the API's regional web ACL requires;
 * - the counters key: `{"hmacKey": "<64 characters>"}`, which keys the monitor's idempotency
 *   markers (functions/adapters/counters-key.ts); only the functions that count read it, and it
 *   never rotates (a new key would count again what the old one marked).
 */
export const POW_SECRET_FIELD = "hmacKey";
export const COUNTERS_SECRET_FIELD = "hmacKey";
export const FIRST_RECEIPT_KEY_VERSION = "1";
export const ORIGIN_SECRET_FIELD = "value";
/** Letters and digits only: the values travel in JSON, in a header and in a WAF rule. */
export const GENERATED_SECRET_LENGTH = 64;
/** The header that proves a request to the API came through the region's CloudFront. */
export const ORIGIN_HEADER = "x-intake-origin";

/**
 * A region's stacks: the region's own, the small one CloudFront's web ACL needs, and the one of
 * the edge's alarms (both in us-east-1).
 */
export const intakeStackName = (regionId: string) => `Intake-${regionId}`;
export const edgeStackName = (regionId: string) => `Intake-${regionId}-edge`;
export const edgeAlarmsStackName = (regionId: string) => `Intake-${regionId}-edge-alarms`;
/** CloudFront takes its web ACL from us-east-1 only. */
export const EDGE_AWS_REGION = "us-east-1";

/** The outputs of a region's stack that ops and `npm run smoke` read. */
export const STACK_OUTPUTS = {
  siteUrl: "SiteUrl",
  apiUrl: "ApiUrl",
  queueUrlPrefix: "QueueUrlPrefix",
  alarmTopicArn: "AlarmTopicArn",
  /** of the edge alarms' stack, in us-east-1 */
  edgeAlarmTopicArn: "EdgeAlarmTopicArn",
  dashboard: "Dashboard",
  powSecretArn: "ProofOfWorkSecretArn",
  receiptKeysSecretArn: "ReceiptKeysSecretArn",
  originSecretArn: "OriginSecretArn",
  countersKeySecretArn: "CountersKeySecretArn",
  /** the canary's ops credential (lib/canary.ts), when the region runs it */
  canaryTokenSecretArn: "CanaryTokenSecretArn",
  /** `DeliveryKeyLabourNgo`: the KMS key of an organisation that reads from its own account */
  deliveryKey: (organisation: string) =>
    `DeliveryKey${organisation
      .split("-")
      .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
      .join("")}`,
  /** `TableReports`, `TableAssignments`, …: the physical name of each declared table */
  table: (id: TableDeclaration["id"]) => `Table${id.charAt(0).toUpperCase()}${id.slice(1)}`,
} as const;
