/**
 * The queues of lib/resources.ts (the routing queue and one delivery queue per organisation,
 * each with its own dead-letter queue) and the router that consumes the routing queue.
 */
import { Duration } from "aws-cdk-lib";
import { SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import { Queue, QueueEncryption, type QueueProps } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import type { Region } from "../functions/domain/region.ts";
import type { DataTables } from "./data-tables.ts";
import { IntakeFunction } from "./intake-function.ts";
import {
  DLQ_RETENTION_DAYS,
  MAX_RECEIVE_COUNT,
  type QueueDeclaration,
  queuesOf,
  ROUTER_TIMEOUT_SECONDS,
} from "./resources.ts";

/** Up to ten case ids per invocation; a failed one comes back alone (batch item failures). */
export const ROUTER_BATCH_SIZE = 10;

/** What every queue, dead-letter queues included, shares. */
const QUEUE_DEFAULTS = {
  // A queue policy that denies every request made without TLS.
  enforceSSL: true,
  // SSE with SQS-owned keys until the stack gets its own KMS key.
  encryption: QueueEncryption.SQS_MANAGED,
} as const satisfies QueueProps;

export class QueueNotDeclaredError extends Error {
  override name = "QueueNotDeclaredError";
}

export interface RoutingPipelineProps {
  region: Region;
  tables: DataTables;
}

export interface DeclaredQueue {
  declaration: QueueDeclaration;
  queue: Queue;
  deadLetterQueue: Queue;
}

export class RoutingPipeline extends Construct {
  /** Every declared queue with its dead-letter queue, in the order of `queuesOf`. */
  readonly queues: readonly DeclaredQueue[];
  readonly routingQueue: Queue;
  readonly router: IntakeFunction;

  constructor(scope: Construct, id: string, props: RoutingPipelineProps) {
    super(scope, id);
    this.queues = queuesOf(props.region).map((declaration) => this.declare(declaration));
    const routing = this.queues.find(({ declaration }) => declaration.kind === "routing");
    if (!routing) throw new QueueNotDeclaredError("lib/resources.ts declares no routing queue.");
    this.routingQueue = routing.queue;

    this.router = new IntakeFunction(this, "Router", {
      entry: "functions/route-cases.ts",
      region: props.region,
      tables: props.tables,
      // The routing queue's visibility timeout is six times this (lib/resources.ts).
      timeout: Duration.seconds(ROUTER_TIMEOUT_SECONDS),
      description: "Routes each new case to its organisations' delivery queues",
    });
    const router = this.router.function;
    // The event source grants the router what it needs to consume the routing queue.
    router.addEventSource(
      new SqsEventSource(this.routingQueue, {
        batchSize: ROUTER_BATCH_SIZE,
        reportBatchItemFailures: true,
      }),
    );
    props.tables.table("reports").grantReadWriteData(router);
    props.tables.table("assignments").grantReadWriteData(router);
    for (const { queue } of this.deliveryQueues()) queue.grantSendMessages(router);
  }

  /** One queue per organisation of the region; only the router may send to them. */
  deliveryQueues(): DeclaredQueue[] {
    return this.queues.filter(({ declaration }) => declaration.kind === "delivery");
  }

  private declare(declaration: QueueDeclaration): DeclaredQueue {
    const deadLetterQueue = new Queue(this, declaration.deadLetterName, {
      ...QUEUE_DEFAULTS,
      // Names are part of the contract: the functions compute a queue's URL from its name.
      queueName: declaration.deadLetterName,
      retentionPeriod: Duration.days(DLQ_RETENTION_DAYS),
    });
    const queue = new Queue(this, declaration.name, {
      ...QUEUE_DEFAULTS,
      queueName: declaration.name,
      visibilityTimeout: Duration.seconds(declaration.visibilityTimeoutSeconds),
      retentionPeriod: Duration.days(declaration.retentionDays),
      deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: MAX_RECEIVE_COUNT },
    });
    return { declaration, queue, deadLetterQueue };
  }
}
