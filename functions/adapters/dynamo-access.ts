/**
 * Credentials and the audit trail in DynamoDB. A credential is kept as the SHA-256 of its
 * token (tokens are 256 random bits, so a fast hash is enough: there is nothing to guess),
 * with an index item per staff member so that revoking a person finds every token they had.
 * The audit trail is append-only: a conditional put, and the functions are granted no update
 * or delete on it.
 */
import { randomUUID } from "node:crypto";
import { tableName } from "../../config/environment.ts";
import type { AuditEntry, AuditLog, Caller, Credential, CredentialStore } from "../ports/access.ts";
import { dynamo } from "./aws-clients.ts";
import {
  ConditionalCheckFailedException,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from "./dynamo-client.ts";

const seconds = (ms: number) => Math.floor(ms / 1000);

/**
 * An organisation's roster: one item whose attributes are its staff members' names, each
 * holding the expiry (epoch seconds) of their longest credential; a revoke removes the name.
 */
const rosterKey = (organisation: string) => `roster#${organisation}`;
const staffName = (name: string) => `staff:${name}`;

/** The index item of everyone a caller's credentials were issued to. */
const holderKey = (caller: Caller) =>
  caller.kind === "ops"
    ? `holder#ops#${caller.name}`
    : `holder#staff#${caller.organisation}#${caller.name}`;

/** Puts a staff member on their organisation's roster until their longest credential ends. */
async function enrol(caller: Extract<Caller, { kind: "staff" }>, until: number): Promise<void> {
  try {
    await dynamo.send(
      new UpdateCommand({
        TableName: tableName("access"),
        Key: { pk: rosterKey(caller.organisation) },
        UpdateExpression: "SET #name = :until",
        ConditionExpression: "attribute_not_exists(#name) OR #name < :until",
        ExpressionAttributeNames: { "#name": staffName(caller.name) },
        ExpressionAttributeValues: { ":until": until },
      }),
    );
  } catch (error) {
    // A longer credential keeps them on it already.
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

export const credentialStore: CredentialStore = {
  async issue(credential) {
    await dynamo.send(
      new PutCommand({
        TableName: tableName("access"),
        Item: { pk: `token#${credential.tokenHash}`, ...credential },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
    // The holder's index item lives as long as their longest token: a later, shorter token
    // must not make it expire first (a revoke would then miss the longer one).
    const holder = { TableName: tableName("access"), Key: { pk: holderKey(credential.caller) } };
    const token = new Set([credential.tokenHash]);
    try {
      await dynamo.send(
        new UpdateCommand({
          ...holder,
          UpdateExpression: "ADD tokens :token SET expiresAt = :expiresAt",
          ConditionExpression: "attribute_not_exists(expiresAt) OR expiresAt < :expiresAt",
          ExpressionAttributeValues: { ":token": token, ":expiresAt": credential.expiresAt },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      await dynamo.send(
        new UpdateCommand({
          ...holder,
          UpdateExpression: "ADD tokens :token",
          ExpressionAttributeValues: { ":token": token },
        }),
      );
    }
    if (credential.caller.kind === "staff") await enrol(credential.caller, credential.expiresAt);
  },

  async staffOf(organisation, now) {
    const { Item } = await dynamo.send(
      new GetCommand({
        TableName: tableName("access"),
        Key: { pk: rosterKey(organisation) },
        ConsistentRead: true,
      }),
    );
    return Object.entries(Item ?? {})
      .filter(([name, until]) => name.startsWith("staff:") && Number(until) > seconds(now))
      .map(([name]) => name.slice("staff:".length))
      .sort((a, b) => a.localeCompare(b));
  },

  async find(tokenHash, now) {
    const { Item } = await dynamo.send(
      new GetCommand({
        TableName: tableName("access"),
        Key: { pk: `token#${tokenHash}` },
        ConsistentRead: true,
      }),
    );
    if (!Item || Item.revokedAt !== undefined || Item.expiresAt <= seconds(now)) return null;
    const { pk: _pk, ...credential } = Item;
    return credential as Credential;
  },

  async revoke(caller, now) {
    const { Item } = await dynamo.send(
      new GetCommand({
        TableName: tableName("access"),
        Key: { pk: holderKey(caller) },
        ConsistentRead: true,
      }),
    );
    if (caller.kind === "staff")
      await dynamo.send(
        new UpdateCommand({
          TableName: tableName("access"),
          Key: { pk: rosterKey(caller.organisation) },
          UpdateExpression: "REMOVE #name",
          ExpressionAttributeNames: { "#name": staffName(caller.name) },
        }),
      );
    const tokens = [...((Item?.tokens as Set<string> | undefined) ?? [])];
    let revoked = 0;
    for (const tokenHash of tokens) {
      try {
        await dynamo.send(
          new UpdateCommand({
            TableName: tableName("access"),
            Key: { pk: `token#${tokenHash}` },
            UpdateExpression: "SET revokedAt = :now",
            ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(revokedAt)",
            ExpressionAttributeValues: { ":now": now },
          }),
        );
        revoked++;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
    return revoked;
  },

  async admit(tokenHash, now, limit) {
    const minute = Math.floor(now / 60_000);
    try {
      await dynamo.send(
        new UpdateCommand({
          TableName: tableName("access"),
          Key: { pk: `rate#${tokenHash}#${minute}` },
          UpdateExpression: "ADD requests :one SET expiresAt = :expiresAt",
          ConditionExpression: "attribute_not_exists(requests) OR requests < :limit",
          ExpressionAttributeValues: {
            ":one": 1,
            ":limit": limit.perMinute,
            ":expiresAt": seconds(now) + 120,
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  },
};

/**
 * How long the audit trail is kept: two years, long enough to answer a complaint or an
 * inspection about a case long closed. It holds ids and codes, never content.
 */
export const AUDIT_RETENTION_DAYS = 730;

/** Sorts an audit trail by time: the time zero-padded, then a random suffix for ties. */
const sortKey = (at: number) => `${String(at).padStart(15, "0")}#${randomUUID()}`;

export const auditLog: AuditLog = {
  async append(entry) {
    await dynamo.send(
      new PutCommand({
        TableName: tableName("audit"),
        Item: {
          pk: entry.organisation,
          sk: sortKey(entry.at),
          ...entry,
          expiresAt: seconds(entry.at) + AUDIT_RETENTION_DAYS * 86_400,
        },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
  },

  async list(organisation, limit) {
    const { Items = [] } = await dynamo.send(
      new QueryCommand({
        TableName: tableName("audit"),
        KeyConditionExpression: "pk = :organisation",
        ExpressionAttributeValues: { ":organisation": organisation },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return Items.map(asEntry);
  },

  async ofCase(organisation, caseId, limit) {
    // The trail is keyed by organisation: a case's entries are a filter over it, newest first,
    // read page by page until enough are found or CASE_TRAIL_PAGES pages were read.
    const found: AuditEntry[] = [];
    let start: Record<string, unknown> | undefined;
    for (let page = 0; page < CASE_TRAIL_PAGES && found.length < limit; page++) {
      const { Items = [], LastEvaluatedKey } = await dynamo.send(
        new QueryCommand({
          TableName: tableName("audit"),
          KeyConditionExpression: "pk = :organisation",
          FilterExpression: "caseId = :caseId",
          ExpressionAttributeValues: { ":organisation": organisation, ":caseId": caseId },
          ScanIndexForward: false,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      found.push(...Items.map(asEntry));
      if (!LastEvaluatedKey) break;
      start = LastEvaluatedKey;
    }
    return found.slice(0, limit);
  },
};

/** How many 1 MB pages of a trail a case's timeline reads at most (a busy year is ~2 pages). */
const CASE_TRAIL_PAGES = 8;

const asEntry = ({ pk: _pk, sk: _sk, expiresAt: _expiresAt, ...entry }: Record<string, unknown>) =>
  entry as unknown as AuditEntry;
