/**
 * The idempotency table's two ledgers of the intake, beside powertools' own records: used
 * proof-of-work challenges (`proof#…`), and what each submission made (`submission#…`), so that
 * a person whose answer was lost to a crash finishes the same case by sending the same report
 * again. Single-item conditional writes, as everywhere (dynamo-writes.ts).
 *
 * Neither keeps a submissionId: they key on its SHA-256, as powertools does. What a submission
 * made (its case id and receipt) is sealed under a key derived from the report as sent, without
 * its proof (adapters/sealed-answer.ts): only the same report opens it again.
 */
import { createHash } from "node:crypto";
import { tableName } from "../../config/environment.ts";
import type { ProofLedger, SubmissionLedger, SubmissionMade } from "../ports/ledgers.ts";
import { dynamo } from "./aws-clients.ts";
import { ConditionalCheckFailedException, GetCommand, PutCommand } from "./dynamo-client.ts";
import { openAnswer, sealAnswer } from "./sealed-answer.ts";

const nowSeconds = () => Math.floor(Date.now() / 1000);
const hashOf = (submissionId: string) =>
  createHash("sha256").update(`intake/submission/v1\u0000${submissionId}`).digest("base64url");

/** True when the conditional write was made, false when its condition failed. */
async function putIfAbsent(input: ConstructorParameters<typeof PutCommand>[0]): Promise<boolean> {
  try {
    await dynamo.send(new PutCommand(input));
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

export const proofLedger: ProofLedger = {
  spend(challengeId, expiresAt, submissionId) {
    const submission = submissionId ? hashOf(submissionId) : undefined;
    return putIfAbsent({
      TableName: tableName("idempotency"),
      Item: { id: `proof#${challengeId}`, expiresAt, ...(submission ? { submission } : {}) },
      // An expired record may be taken again: the challenge itself has expired by then. The
      // submission that spent it may spend it again (its retry after a crash).
      ConditionExpression: `attribute_not_exists(id) OR expiresAt < :now${submission ? " OR submission = :submission" : ""}`,
      ExpressionAttributeValues: {
        ":now": nowSeconds(),
        ...(submission ? { ":submission": submission } : {}),
      },
    });
  },
};

export const submissionLedger: SubmissionLedger = {
  async claim(submission, made, expiresAt) {
    const id = `submission#${hashOf(submission.id)}`;
    const first = await putIfAbsent({
      TableName: tableName("idempotency"),
      Item: { id, sealed: sealAnswer(submission.secret, made, "submission"), expiresAt },
      ConditionExpression: "attribute_not_exists(id) OR expiresAt < :now",
      ExpressionAttributeValues: { ":now": nowSeconds() },
    });
    if (first) return { made, first: true };
    const { Item } = await dynamo.send(
      new GetCommand({ TableName: tableName("idempotency"), Key: { id }, ConsistentRead: true }),
    );
    try {
      return {
        made: openAnswer<SubmissionMade>(submission.secret, String(Item?.sealed), "submission"),
        first: false,
      };
    } catch {
      return null; // sealed under another report: the submissionId was used for it
    }
  },
};
