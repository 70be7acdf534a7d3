/**
 * What `npm run deploy` lets a deploy delete of an organisation's delivery queues and of its
 * own-account key, and when (docs/deploy.md, sections 7 and 8). Every other loss of state is
 * refused outright (scripts/deploy-state.ts).
 *
 * - An organisation's queues go when it is removed, renamed (a new id is a new organisation:
 *   new queues, and the old ones deleted) or moved to `"delivery": "inbox"`. Whatever waits on
 *   them goes with them, so the deploy refuses unless ops name the organisation
 *   (`--delete-queues-of <id>`) and both queues are empty: nothing waiting, in flight or delayed.
 * - An organisation's own key goes when its own-account access is taken back. KMS makes a key
 *   unusable the moment its deletion is scheduled, and SQS keeps every message encrypted with
 *   the key it was sent under, switching only new messages when the queue's encryption changes.
 *   So the key goes only after a drain: a deploy with `awsAccountDraining` has already put the
 *   queues on SQS-managed encryption (the deployed template says so), and either both queues
 *   are empty now or both were last changed by CloudFormation longer ago than they keep a
 *   message, so that nothing sent under the key can be left.
 *
 * SQS's counts are approximate and lag by about a minute; a message sent under the key was
 * sent before the drain's deploy, so it is counted by the time the next deploy asks.
 */
import {
  aws,
  type CommandRunner,
  stateLosses,
  stateLossRefusal,
  type Template,
} from "./deploy-state.ts";

/** An organisation's delivery queue, its dead-letter queue and its own key, by logical id. */
export interface DeliveryResources {
  organisation: string;
  queueName: string;
  queueIds: [queue: string, deadLetter: string];
  keyId?: string;
}

/** What a deploy must find before it may delete an organisation's queues or its key. */
export interface DrainCheck {
  organisation: string;
  /** `queues`: they are deleted, and must be empty; `key`: it is, and must encrypt nothing left */
  deletes: "queues" | "key";
  queueIds: string[];
}

/** What the AWS CLI tells of one queue. */
export interface QueueFacts {
  name: string;
  /** waiting, in flight and delayed, together */
  messages: number;
  /** when CloudFormation last changed the queue */
  lastUpdated: Date;
  /** how long the queue keeps a message, in seconds (the deployed template's) */
  retentionSeconds: number;
}

export interface DrainReview {
  /** the deletions this review judges, which the general state-loss check leaves to it */
  judged: Set<string>;
  refusals: string[];
  checks: DrainCheck[];
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** SQS's own default, for a template that states none. */
const DEFAULT_RETENTION_SECONDS = 4 * 24 * 60 * 60;

/** The logical ids a template value refers to (`Ref`, `Fn::GetAtt`), however deep. */
function referencedIds(value: unknown): Set<string> {
  const found = new Set<string>();
  JSON.stringify(value ?? null, (key, inner: unknown) => {
    if (key === "Ref" && typeof inner === "string") found.add(inner);
    if (key === "Fn::GetAtt" && Array.isArray(inner) && typeof inner[0] === "string")
      found.add(inner[0]);
    return inner;
  });
  return found;
}

const first = (ids: Set<string>): string | undefined => ids.values().next().value;

/** The delivery queues of a region's template, with their dead-letter queues and own keys. */
export function deliveryResourcesOf(template: Template, regionId: string): DeliveryResources[] {
  const resources = Object.entries(template.Resources ?? {});
  const prefix = `${regionId}-deliver-`;
  const keyOfAlias = new Map<string, string>();
  for (const [, resource] of resources) {
    if (resource.Type !== "AWS::KMS::Alias") continue;
    const keyId = first(referencedIds(resource.Properties?.TargetKeyId));
    if (keyId) keyOfAlias.set(String(resource.Properties?.AliasName), keyId);
  }
  return resources.flatMap(([id, resource]) => {
    const name = resource.Properties?.QueueName;
    const redrive = resource.Properties?.RedrivePolicy as { deadLetterTargetArn?: unknown };
    const deadLetter = first(referencedIds(redrive?.deadLetterTargetArn));
    if (resource.Type !== "AWS::SQS::Queue" || typeof name !== "string") return [];
    if (!name.startsWith(prefix) || !deadLetter) return [];
    const organisation = name.slice(prefix.length);
    const keyId = keyOfAlias.get(`alias/intake/${regionId}/deliver-${organisation}`);
    return [
      { organisation, queueName: name, queueIds: [id, deadLetter], ...(keyId ? { keyId } : {}) },
    ];
  });
}

/**
 * Which of the deployed organisations' queues and keys the new template deletes: refused at
 * once (not named by ops; a key still in use), or to be checked against the queues.
 */
export function reviewDrains(
  regionId: string,
  deployed: Template,
  next: Template,
  deleteQueuesOf: readonly string[],
): DrainReview {
  const review: DrainReview = { judged: new Set(), refusals: [], checks: [] };
  const kept = (id: string) => next.Resources?.[id] !== undefined;
  const named = new Set(deleteQueuesOf);
  for (const delivery of deliveryResourcesOf(deployed, regionId)) {
    const ids = [...delivery.queueIds, ...(delivery.keyId ? [delivery.keyId] : [])];
    if (ids.every(kept)) continue;
    for (const id of ids) review.judged.add(id);
    const queuesGo = !delivery.queueIds.every(kept);
    const judged = queuesGo
      ? judgeQueueDeletion(delivery, named.delete(delivery.organisation))
      : judgeKeyDeletion(delivery, deployed);
    if (typeof judged === "string") review.refusals.push(judged);
    else review.checks.push(judged);
  }
  for (const organisation of named)
    review.refusals.push(
      `  --delete-queues-of ${organisation}: this deploy deletes no queue of an organisation of that id`,
    );
  return review;
}

/** The queues go: a check that they are empty when ops named the organisation, else a refusal. */
function judgeQueueDeletion(delivery: DeliveryResources, named: boolean): DrainCheck | string {
  const { organisation, queueName, queueIds } = delivery;
  if (named) return { organisation, deletes: "queues", queueIds };
  return `  the delivery queues of ${organisation} (${queueName} and its dead-letter queue) would be deleted with whatever waits on them: the organisation is removed, renamed or moved to "delivery": "inbox". Once it has taken every envelope, deploy again with --delete-queues-of ${organisation} (docs/deploy.md, section 7)`;
}

/** The key goes, the queues stay: a check of what may be left, once the queues left the key. */
function judgeKeyDeletion(delivery: DeliveryResources, deployed: Template): DrainCheck | string {
  const { organisation, queueName, queueIds, keyId = "" } = delivery;
  if (!encryptsWith(deployed, queueIds, keyId)) return { organisation, deletes: "key", queueIds };
  return `  the key of ${queueName} would be deleted while the queue is encrypted with it (awsAccountId removed). Take the access back in two deploys: first set "awsAccountDraining": true and deploy; remove both once the queues are drained (docs/deploy.md, section 8)`;
}

const encryptsWith = (template: Template, queueIds: string[], keyId: string) =>
  queueIds.some((id) =>
    referencedIds(template.Resources?.[id]?.Properties?.KmsMasterKeyId).has(keyId),
  );

/** Why the checked queues forbid the deletions, one line each; none when they allow them. */
export function drainRefusals(
  checks: readonly DrainCheck[],
  factsOf: (logicalId: string) => QueueFacts,
  now: Date,
): string[] {
  return checks.flatMap(({ organisation, deletes, queueIds }) => {
    const facts = queueIds.map(factsOf);
    const waiting = facts.filter((queue) => queue.messages > 0);
    if (waiting.length === 0) return [];
    const holding = waiting.map((queue) => `${queue.name} holds ${queue.messages}`).join(", ");
    if (deletes === "queues")
      return [
        `  the delivery queues of ${organisation} are not empty (${holding}): let the organisation take them (intake org pull), or, if nobody will, purge them (aws sqs purge-queue); then deploy again`,
      ];
    const expiry = Math.max(
      ...facts.map((queue) => queue.lastUpdated.getTime() + queue.retentionSeconds * 1000),
    );
    if (expiry <= now.getTime()) return [];
    const day = new Date(Math.ceil(expiry / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
    return [
      `  the key of ${organisation}'s queues may still encrypt what waits there (${holding}): deploy without awsAccountId once both queues are empty, or on ${day} or later, when the last message sent under the key has expired`,
    ];
  });
}

/** What the AWS CLI tells of a queue of the deployed stack. */
export function queueFactsOf(
  run: CommandRunner,
  stackName: string,
  awsRegion: string,
  deployed: Template,
  logicalId: string,
): QueueFacts {
  const described = JSON.parse(
    aws(run, [
      "cloudformation",
      "describe-stack-resource",
      "--stack-name",
      stackName,
      "--logical-resource-id",
      logicalId,
      "--region",
      awsRegion,
      "--output",
      "json",
    ]),
  ) as { StackResourceDetail: { PhysicalResourceId: string; LastUpdatedTimestamp: string } };
  const { PhysicalResourceId: url, LastUpdatedTimestamp } = described.StackResourceDetail;
  const { Attributes = {} } = JSON.parse(
    aws(run, [
      "sqs",
      "get-queue-attributes",
      "--queue-url",
      url,
      "--attribute-names",
      "ApproximateNumberOfMessages",
      "ApproximateNumberOfMessagesNotVisible",
      "ApproximateNumberOfMessagesDelayed",
      "--region",
      awsRegion,
      "--output",
      "json",
    ]),
  ) as { Attributes?: Record<string, string> };
  const retention = deployed.Resources?.[logicalId]?.Properties?.MessageRetentionPeriod;
  return {
    name: url.slice(url.lastIndexOf("/") + 1),
    messages: Object.values(Attributes).reduce((sum, count) => sum + Number(count), 0),
    lastUpdated: new Date(LastUpdatedTimestamp),
    retentionSeconds: retention === undefined ? DEFAULT_RETENTION_SECONDS : Number(retention),
  };
}

export interface StateGuard {
  regionId: string;
  stackName: string;
  awsRegion: string;
  deleteQueuesOf: readonly string[];
  now: Date;
}

/**
 * Why this deploy must not run, every reason listed, or undefined: the general loss of state,
 * and the organisations' queues and keys judged against the queues as they are now.
 */
export function refuseLossOfState(
  run: CommandRunner,
  guard: StateGuard,
  deployed: Template,
  next: Template,
): string | undefined {
  const review = reviewDrains(guard.regionId, deployed, next, guard.deleteQueuesOf);
  const factsOf = (id: string) => queueFactsOf(run, guard.stackName, guard.awsRegion, deployed, id);
  return stateLossRefusal(guard.stackName, [
    ...stateLosses(deployed, next, review.judged),
    ...review.refusals,
    ...drainRefusals(review.checks, factsOf, guard.now),
  ]);
}
