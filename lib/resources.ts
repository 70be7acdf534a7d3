/**
 * The one declaration of the system's tables and queues. The CDK stack (lib/) and the local
 * runtime (`intake dev`, local/) are both built from it, so what runs on one machine is what
 * runs on AWS. Nothing here imports aws-cdk-lib or an AWS SDK: it is plain data.
 */
import type { Region } from "../functions/domain/region.ts";

export interface KeyAttribute {
  name: string;
  type: "S" | "N";
}

export interface TableDeclaration {
  /** logical name; the environment variable that carries the physical name is `envVar` */
  id: "reports" | "assignments" | "idempotency" | "audit";
  envVar: string;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  /** DynamoDB TTL attribute (epoch seconds). Reads ignore expired items: TTL deletes late. */
  ttlAttribute: "expiresAt";
  /**
   * A sparse index over items still waiting for a step (a report still `received`, an
   * assignment still `pending`), so the sweeper queries instead of scanning the table.
   */
  waitingIndex?: { name: string; partitionKey: KeyAttribute; sortKey: KeyAttribute };
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
];

/**
 * SQS: every queue has a dead-letter queue that takes a message after five receives, and a
 * visibility timeout of at least six times its consumer's timeout (the AWS guidance for
 * Lambda event sources), so a slow batch is not handed to a second consumer.
 */
export const MAX_RECEIVE_COUNT = 5;
/** Days a dead-lettered message is kept: long enough to notice, read the alarm and redrive. */
export const DLQ_RETENTION_DAYS = 14;
/** Days an undelivered envelope waits on an organisation's queue (the SQS maximum). */
export const DELIVERY_RETENTION_DAYS = 14;

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

export function queuesOf(region: Region): QueueDeclaration[] {
  const routing = routingQueueName(region.id);
  return [
    {
      name: routing,
      deadLetterName: deadLetterName(routing),
      kind: "routing",
      visibilityTimeoutSeconds: ROUTER_TIMEOUT_SECONDS * 6,
      retentionDays: 4,
    },
    ...region.organisations.map((organisation) => {
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
