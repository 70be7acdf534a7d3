/**
 * What `intake dev` does when it starts, because its SQS (local-aws-sqs) keeps messages in
 * memory only: a restart, or a `kill -9`, loses every case id on the routing queue and every
 * envelope on the delivery queues, while DynamoDB (with `--data`) keeps the state they stood for.
 * So, from that state:
 *
 * - every case still `received`, and every case with an assignment still `pending`, goes back
 *   on the routing queue (the sweeper would, two minutes later; the router repeats nothing);
 * - every envelope of an assignment `sent` (delivered, and not yet taken up in the inbox) of a
 *   live case, to an organisation with a queue, goes out again (a pointer to the case), with its own envelope id, which consumers de-duplicate on.
 *
 * On AWS none of this runs: SQS keeps a message until it is read (14 days at most).
 */
import { tableName } from "../config/environment.ts";
import { hasDeliveryQueue } from "../config/resources.ts";
import { dynamo } from "../functions/adapters/aws-clients.ts";
import { currentRegion } from "../functions/adapters/current-region.ts";
import { caseStore } from "../functions/adapters/dynamo-cases.ts";
import { ScanCommand } from "../functions/adapters/dynamo-client.ts";
import { deliveryQueues, routingQueue } from "../functions/adapters/sqs-queues.ts";
import { envelopeFor } from "../functions/use-cases/route-case.ts";

async function scanAll(
  table: string,
  filter: string,
  values: Record<string, unknown>,
  names: Record<string, string>,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.send(
      new ScanCommand({
        TableName: table,
        FilterExpression: filter,
        ExpressionAttributeValues: values,
        ExpressionAttributeNames: names,
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

export interface Redelivered {
  /** case ids put back on the routing queue */
  requeued: number;
  /** envelopes sent again */
  envelopes: number;
}

export async function redeliverOnStart(now = Date.now()): Promise<Redelivered> {
  const state = { "#state": "state" };
  const [received, assignments] = await Promise.all([
    scanAll(
      tableName("reports"),
      "begins_with(pk, :case) AND #state = :received",
      { ":case": "case#", ":received": "received" },
      state,
    ),
    scanAll(
      tableName("assignments"),
      "#state IN (:pending, :sent)",
      { ":pending": "pending", ":sent": "sent" },
      state,
    ),
  ]);
  const requeue = new Set([
    ...received.map((item) => String(item.caseId)),
    ...assignments.filter((a) => a.state === "pending").map((a) => String(a.caseId)),
  ]);
  for (const caseId of requeue) await routingQueue.enqueue(caseId);

  let envelopes = 0;
  // An organisation that works in the inbox alone has no queue: its assignment is its delivery.
  const queued = (a: Record<string, unknown>) =>
    a.state === "sent" && hasDeliveryQueue(currentRegion(), String(a.organisation));
  for (const assignment of assignments.filter(queued)) {
    const record = await caseStore.get(String(assignment.caseId), now);
    if (!record || record.withdrawn) continue;
    await deliveryQueues.deliver(envelopeFor(record, String(assignment.organisation)));
    envelopes++;
  }
  return { requeued: requeue.size, envelopes };
}
