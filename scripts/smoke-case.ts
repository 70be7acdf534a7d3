/**
 * What the smoke test reads and removes of its own case in a running system: the envelope on
 * each organisation's delivery queue (only the smoke case's: every other message is made
 * visible again at once), the assignments, the case and its receipt links.
 */
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  QueryCommand,
  ScanCommand,
} from "@aws-sdk/lib-dynamodb";
import type { SmokeTarget } from "./smoke-targets.ts";

export interface Envelope {
  caseId?: unknown;
  organisation?: unknown;
  envelopeId?: unknown;
  test?: unknown;
}

const parseBody = (body: string | undefined): Envelope => {
  try {
    const value = JSON.parse(body ?? "");
    return value && typeof value === "object" ? value : {};
  } catch {
    return {};
  }
};

/**
 * Finds and deletes the case's envelope on one delivery queue. Every other message it receives
 * stays invisible until the search ends (so it is received at most once by this run), then is
 * released with visibility 0.
 */
export async function takeEnvelope(
  sqs: SQSClient,
  queueUrl: string,
  caseId: string,
  organisation: string,
  deadline: number,
): Promise<boolean> {
  const held: string[] = [];
  try {
    while (Date.now() < deadline) {
      const remaining = Math.ceil((deadline - Date.now()) / 1000);
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
          VisibilityTimeout: Math.min(remaining + 5, 43_200),
        }),
      );
      let found = false;
      for (const message of Messages) {
        const envelope = parseBody(message.Body);
        if (
          envelope.caseId === caseId &&
          envelope.test === true &&
          envelope.organisation === organisation &&
          envelope.envelopeId === `${caseId}:${organisation}`
        ) {
          await sqs.send(
            new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }),
          );
          found = true;
        } else if (message.ReceiptHandle) held.push(message.ReceiptHandle);
      }
      if (found) return true;
    }
    return false;
  } finally {
    for (let start = 0; start < held.length; start += 10) {
      await sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: queueUrl,
          Entries: held.slice(start, start + 10).map((handle, index) => ({
            Id: String(index),
            ReceiptHandle: handle,
            VisibilityTimeout: 0,
          })),
        }),
      );
    }
  }
}

export async function assignmentsOf(
  documents: DynamoDBDocumentClient,
  table: string,
  caseId: string,
): Promise<{ organisation: string; state: string }[]> {
  const { Items = [] } = await documents.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: "caseId = :caseId",
      ExpressionAttributeValues: { ":caseId": caseId },
      ConsistentRead: true,
    }),
  );
  return Items.map((item) => ({
    organisation: String(item.organisation),
    state: String(item.state),
  }));
}

/** Removes everything of the test case from the tables; returns what it removed. */
export async function removeCase(
  documents: DynamoDBDocumentClient,
  target: SmokeTarget,
  caseId: string,
): Promise<{ assignments: number; case: boolean; links: number }> {
  const assignments = await assignmentsOf(documents, target.tables.assignments, caseId);
  for (const { organisation } of assignments) {
    await documents.send(
      new DeleteCommand({ TableName: target.tables.assignments, Key: { caseId, organisation } }),
    );
  }
  const { Attributes } = await documents.send(
    new DeleteCommand({
      TableName: target.tables.reports,
      Key: { pk: `case#${caseId}` },
      ReturnValues: "ALL_OLD",
    }),
  );
  // The receipt link's key is a keyed digest the smoke test cannot compute: it is found by the
  // case it points to (a scan of the reports table, which returns the keys only).
  let links = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new ScanCommand({
        TableName: target.tables.reports,
        FilterExpression: "caseId = :caseId AND begins_with(pk, :receipt)",
        ExpressionAttributeValues: { ":caseId": caseId, ":receipt": "receipt#" },
        ProjectionExpression: "pk",
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      await documents.send(
        new DeleteCommand({
          TableName: target.tables.reports,
          Key: { pk: item.pk },
          ConditionExpression: "caseId = :caseId",
          ExpressionAttributeValues: { ":caseId": caseId },
        }),
      );
      links += 1;
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return { assignments: assignments.length, case: Attributes !== undefined, links };
}
