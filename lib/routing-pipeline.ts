/**
 * The queues of config/resources.ts (the routing queue and one delivery queue per organisation,
 * each with its own dead-letter queue) and the router that consumes the routing queue.
 *
 * Defaults, each explicit below:
 * - a dead-letter queue behind every queue, taking a message after five receives and keeping
 *   it 14 days (config/resources.ts);
 * - a visibility timeout of at least six times the consumer's timeout (config/resources.ts);
 * - every queue encrypted at rest: with SQS-managed keys, or, for the delivery queue of an
 *   organisation that reads from its own AWS account (`awsAccountId` in the region file), with
 *   a KMS key of that queue's own, so that the account is granted receive, delete and decrypt
 *   on its queue and its key, and nothing else. While that access is being taken back
 *   (`awsAccountDraining`), the queues are on SQS-managed encryption again, so no new envelope
 *   needs the key, and the key and the account's access stay for what was encrypted before
 *   (SQS keeps a message encrypted with the key it was sent under: the key must outlive it);
 * - a queue policy that refuses every request made without TLS;
 * - the router reads ten case ids at a time and reports batch item failures, so one failed
 *   case comes back alone, and alerts each organisation it delivered to (lib/alerts.ts);
 * - a delivery queue only for an organisation whose region file chose `"delivery": "both"`
 *   (`queuesOf`); one that works in the inbox alone has none;
 * - only the router may send a case to a delivery queue; the coordinator's queue also takes the
 *   notices of the organisations' API and of the escalation (`grantNotices`).
 */
import { Duration, RemovalPolicy, Stack } from "aws-cdk-lib";
import { AccountPrincipal, Grant, type IGrantable } from "aws-cdk-lib/aws-iam";
import { Key } from "aws-cdk-lib/aws-kms";
import { SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import { Queue, QueueEncryption, type QueueProps } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { ENV } from "../config/environment.ts";
import {
  DLQ_RETENTION_DAYS,
  MAX_RECEIVE_COUNT,
  type QueueDeclaration,
  queuesOf,
  ROUTER_TIMEOUT_SECONDS,
} from "../config/resources.ts";
import type { Organisation, Region } from "../domain/region.ts";
import type { OrganisationAlerts } from "./alerts.ts";
import { RESERVED_CONCURRENCY, ROUTER_MAX_CONCURRENCY } from "./capacity.ts";
import type { DataTables } from "./data-tables.ts";
import { IntakeFunction } from "./intake-function.ts";

/** Up to ten case ids per invocation; a failed one comes back alone (batch item failures). */
export const ROUTER_BATCH_SIZE = 10;

/** What every queue, dead-letter queues included, shares. */
const QUEUE_DEFAULTS = {
  // A queue policy that denies every request made without TLS.
  enforceSSL: true,
} as const satisfies QueueProps;

/**
 * Days KMS waits before it deletes an organisation's queue key, once its stack let it go. The
 * key is unusable from the moment its deletion is scheduled, so `npm run deploy` lets a key go
 * only once no message encrypted with it can be left (scripts/queue-drains.ts); the window is
 * the time to cancel the deletion if that judgement was wrong.
 */
export const DELIVERY_KEY_PENDING_WINDOW = Duration.days(30);

export class QueueNotDeclaredError extends Error {
  override name = "QueueNotDeclaredError";
}

export interface RoutingPipelineProps {
  region: Region;
  tables: DataTables;
  /** The organisations' alert topics: the router alerts every organisation it delivers to. */
  alerts: OrganisationAlerts;
}

export interface DeclaredQueue {
  declaration: QueueDeclaration;
  queue: Queue;
  deadLetterQueue: Queue;
  /**
   * The queue's own KMS key, when its organisation reads from an AWS account of its own; the
   * queue and its dead-letter queue are encrypted with it, unless `draining`. Otherwise
   * SQS-managed encryption.
   */
  key?: Key;
  /**
   * The account's access is being taken back: the queues are on SQS-managed encryption, the key
   * stays for the envelopes encrypted with it before, and the account may still decrypt them.
   */
  draining?: true;
  /** The organisation's own AWS account, granted receive, delete and decrypt on this queue. */
  consumerAccount?: string;
}

export class RoutingPipeline extends Construct {
  /** Every declared queue with its dead-letter queue, in the order of `queuesOf`. */
  readonly queues: readonly DeclaredQueue[];
  readonly routingQueue: Queue;
  /** The routing queue with its declaration and dead-letter queue. */
  readonly routing: DeclaredQueue;
  readonly router: IntakeFunction;

  constructor(scope: Construct, id: string, props: RoutingPipelineProps) {
    super(scope, id);
    const organisations = new Map(props.region.organisations.map((o) => [o.id, o]));
    this.queues = queuesOf(props.region).map((declaration) =>
      this.declare(
        props.region.id,
        declaration,
        declaration.organisation ? organisations.get(declaration.organisation) : undefined,
      ),
    );
    const routing = this.queues.find(({ declaration }) => declaration.kind === "routing");
    if (!routing) throw new QueueNotDeclaredError("config/resources.ts declares no routing queue.");
    this.routing = routing;
    this.routingQueue = routing.queue;

    this.router = new IntakeFunction(this, "Router", {
      entry: "functions/route-cases.ts",
      region: props.region,
      tables: props.tables,
      // The routing queue's visibility timeout is six times this (config/resources.ts).
      timeout: Duration.seconds(ROUTER_TIMEOUT_SECONDS),
      description: "Routes each new case to its organisations' delivery queues",
      reservedConcurrency: RESERVED_CONCURRENCY.router,
      environment: { [ENV.alertTopicPrefix]: props.alerts.topicArnPrefix },
    });
    const router = this.router.function;
    // The event source grants the router what it needs to consume the routing queue.
    this.router.live.addEventSource(
      new SqsEventSource(this.routingQueue, {
        batchSize: ROUTER_BATCH_SIZE,
        reportBatchItemFailures: true,
        maxConcurrency: ROUTER_MAX_CONCURRENCY,
      }),
    );
    // Reads a case and a previous receipt's link; marks the case routed, resolves the link.
    props.tables.grantItems(router, "reports", ["dynamodb:GetItem", "dynamodb:UpdateItem"]);
    // Creates an assignment once (conditional put), reads it back, marks it sent.
    props.tables.grantItems(router, "assignments", [
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:UpdateItem",
    ]);
    for (const delivery of this.deliveryQueues()) this.grantSend(router, delivery);
    // "Something new is waiting in your inbox", to each organisation a case is delivered to.
    props.alerts.grantPublishToAll(router);
    // An organisation with its own AWS account consumes its queue from there: receive, change
    // visibility, delete, and decrypt with the queue's own key. Nothing else of the region.
    for (const { queue, key, draining, consumerAccount } of this.deliveryQueues()) {
      if (!consumerAccount) continue;
      const account = new AccountPrincipal(consumerAccount);
      // With the queue's own key, this grants decrypt with it too; a draining queue has none.
      queue.grantConsumeMessages(account);
      if (draining) key?.grantDecrypt(account);
    }
  }

  /**
   * `sqs:SendMessage` on the queue and nothing else of it; for a queue with its own key, the
   * key's data keys through SQS only (what a producer of an SSE-KMS queue needs).
   */
  grantSend(grantee: IGrantable, { queue, key, draining }: DeclaredQueue): Grant {
    if (key && !draining) {
      const stack = Stack.of(this);
      Grant.addToPrincipal({
        grantee,
        actions: ["kms:GenerateDataKey", "kms:Decrypt"],
        resourceArns: [key.keyArn],
        conditions: {
          StringEquals: { "kms:ViaService": `sqs.${stack.region}.${stack.urlSuffix}` },
        },
      });
    }
    return Grant.addToPrincipal({
      grantee,
      actions: ["sqs:SendMessage"],
      resourceArns: [queue.queueArn],
    });
  }

  /** One queue per organisation that chose one; only the router may send cases to them. */
  deliveryQueues(): DeclaredQueue[] {
    return this.queues.filter(({ declaration }) => declaration.kind === "delivery");
  }

  /** The delivery queue of one organisation of the region. */
  deliveryQueueOf(organisation: string): DeclaredQueue {
    const found = this.deliveryQueues().find(
      ({ declaration }) => declaration.organisation === organisation,
    );
    if (!found) throw new QueueNotDeclaredError(`No delivery queue of ${organisation}.`);
    return found;
  }

  /**
   * Notices (an escalation, a decline) to an organisation's delivery queue: `sqs:SendMessage`
   * on it when it has one; an organisation that chose the inbox alone has none, and its
   * senders skip it (functions/adapters/sqs-queues.ts), so nothing is granted.
   */
  grantNotices(grantee: IGrantable, organisation: string): void {
    for (const delivery of this.deliveryQueues())
      if (delivery.declaration.organisation === organisation) this.grantSend(grantee, delivery);
  }

  private declare(
    regionId: string,
    declaration: QueueDeclaration,
    organisation: Organisation | undefined,
  ): DeclaredQueue {
    const consumerAccount = organisation?.awsAccountId;
    const draining = consumerAccount !== undefined && organisation?.awsAccountDraining === true;
    const key = consumerAccount
      ? new Key(this, `${declaration.name}-key`, {
          description: `intake ${regionId}: the delivery queue of ${organisation?.id}, read from account ${consumerAccount}`,
          alias: `alias/intake/${regionId}/deliver-${organisation?.id}`,
          enableKeyRotation: true,
          // The queue goes with the stack; the key follows it after KMS's waiting period. The
          // same id while draining: the key stays the one the old envelopes were sent under.
          removalPolicy: RemovalPolicy.DESTROY,
          pendingWindow: DELIVERY_KEY_PENDING_WINDOW,
        })
      : undefined;
    const encryption =
      key && !draining
        ? { encryption: QueueEncryption.KMS, encryptionMasterKey: key }
        : { encryption: QueueEncryption.SQS_MANAGED };
    const deadLetterQueue = new Queue(this, declaration.deadLetterName, {
      ...QUEUE_DEFAULTS,
      ...encryption,
      // Names are part of the contract: the functions compute a queue's URL from its name.
      queueName: declaration.deadLetterName,
      retentionPeriod: Duration.days(DLQ_RETENTION_DAYS),
    });
    const queue = new Queue(this, declaration.name, {
      ...QUEUE_DEFAULTS,
      ...encryption,
      queueName: declaration.name,
      visibilityTimeout: Duration.seconds(declaration.visibilityTimeoutSeconds),
      retentionPeriod: Duration.days(declaration.retentionDays),
      deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: MAX_RECEIVE_COUNT },
    });
    return {
      declaration,
      queue,
      deadLetterQueue,
      ...(key ? { key } : {}),
      ...(draining ? { draining } : {}),
      ...(consumerAccount ? { consumerAccount } : {}),
    };
  }
}
