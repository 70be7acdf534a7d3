/**
 * What the smoke test checks of its case once the intake took it in: that it is routed, that
 * exactly the expected organisations have a `sent` assignment, and that each of their delivery
 * queues held its envelope (which is taken off the queue). Each check returns what it found and
 * its problems, in words for the ops team.
 */
import { type DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { deliveryQueueName, hasDeliveryQueue } from "../config/resources.ts";
import type { Region } from "../domain/region.ts";
import { assignmentsOf, takeEnvelope } from "./smoke-case.ts";
import type { SmokeTarget } from "./smoke-targets.ts";

export interface CaseCheck {
  documents: DynamoDBDocumentClient;
  target: SmokeTarget;
  region: Region;
  caseId: string;
  /** the organisations the policy routes the report to */
  expected: string[];
  /** when the case must have been routed and delivered (epoch milliseconds) */
  deadline: number;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Routed: the case is marked routed once every assignment is sent. */
export async function checkRouted({
  documents,
  target,
  caseId,
  deadline,
}: CaseCheck): Promise<string[]> {
  let state: unknown;
  while (Date.now() < deadline) {
    const { Item } = await documents.send(
      new GetCommand({
        TableName: target.tables.reports,
        Key: { pk: `case#${caseId}` },
        ConsistentRead: true,
      }),
    );
    state = Item?.state;
    if (state === "routed") return [];
    await pause(250);
  }
  return [`the case is still ${String(state)}, not routed.`];
}

/** The organisations with a `sent` assignment, which must be exactly the expected ones. */
export async function checkAssigned({
  documents,
  target,
  caseId,
  expected,
}: CaseCheck): Promise<{ assigned: string[]; problems: string[] }> {
  const assigned = (await assignmentsOf(documents, target.tables.assignments, caseId))
    .filter((assignment) => assignment.state === "sent")
    .map((assignment) => assignment.organisation)
    .sort();
  const wanted = [...expected].sort();
  if (JSON.stringify(assigned) === JSON.stringify(wanted)) return { assigned, problems: [] };
  return {
    assigned,
    problems: [
      `sent assignments: ${assigned.join(", ") || "none"}; expected: ${wanted.join(", ")}.`,
    ],
  };
}

/**
 * Delivered: the queue of each expected organisation that has one holds the envelope (an
 * organisation that works in the inbox alone has none: its sent assignment is its delivery).
 */
export async function checkDelivered({
  target,
  region,
  caseId,
  expected,
  deadline,
}: CaseCheck): Promise<{ delivered: string[]; problems: string[] }> {
  const queued = expected.filter((organisation) => hasDeliveryQueue(region, organisation));
  const found = await Promise.all(
    queued.map(async (organisation) => {
      const url = await target.queueUrl(deliveryQueueName(region.id, organisation));
      return (await takeEnvelope(target.sqs, url, caseId, organisation, deadline))
        ? organisation
        : undefined;
    }),
  );
  const delivered = found.filter((organisation) => organisation !== undefined);
  const missing = queued.filter((organisation) => !delivered.includes(organisation));
  if (missing.length === 0) return { delivered, problems: [] };
  return {
    delivered,
    problems: [
      `no envelope found for ${missing.join(", ")} (an organisation's consumer may have taken it: it is marked test).`,
    ],
  };
}
