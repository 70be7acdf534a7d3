/**
 * `intake org pull ORG (--identity FILE | --demo) [--api URL] [--sqs URL | --queue-url URL] [--region FILE] [--keep]`:
 * takes what waits on an organisation's delivery queue, reads the case each envelope points at
 * through the organisations' API (with the token in INTAKE_TOKEN), opens the sealed parts with
 * the staff member's age identity on this machine, and prints the cases as JSON, for
 * organisations that feed their own case system. Each envelope is printed once (a repeat has
 * the same envelope id) and taken off the queue after it was printed, unless --keep.
 */
import { readFileSync } from "node:fs";
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { deliveryQueueName, hasDeliveryQueue } from "../config/resources.ts";
import type { Region } from "../domain/region.ts";
import type { Envelope, Notice } from "../functions/ports/queues.ts";
import { UsageError } from "./io.ts";
import {
  checkToken,
  type OpenedCase,
  type OrganisationApi,
  openPointedCase,
} from "./open-pointed-case.ts";

/** The local emulator's account id, part of every local queue URL. */
const LOCAL_ACCOUNT = "123456789012";

/** The `AGE-SECRET-KEY-1…` lines of an identity file (`age-keygen` writes comments too). */
export function identitiesIn(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.startsWith("AGE-SECRET-KEY-1"));
}

export function identitiesFrom(
  options: { identity?: string; demo?: boolean },
  region: Region,
  organisation: string,
): string[] {
  if (options.identity) {
    let text: string;
    try {
      text = readFileSync(options.identity, "utf8");
    } catch {
      throw new UsageError("The identity file cannot be read.");
    }
    const identities = identitiesIn(text);
    if (identities.length === 0) throw new UsageError("The identity file holds no age identity.");
    return identities;
  }
  if (options.demo) {
    if (!region.sample)
      throw new UsageError("--demo works only for a sample region: its keys are public.");
    const keys = JSON.parse(readFileSync(`demo/${region.id}.keys.json`, "utf8")) as {
      organisations: Record<string, { identity: string }[]>;
    };
    return (keys.organisations[organisation] ?? []).map((key) => key.identity);
  }
  throw new UsageError("Give --identity FILE (or --demo for the sample region).");
}

export interface PullOptions {
  region: Region;
  organisation: string;
  identities: string[];
  /** where the cases are read, and the token that reads them */
  api: OrganisationApi;
  /** the full queue URL (a deployed region), or … */
  queueUrl?: string;
  /** … the local SQS endpoint of `intake dev` */
  sqsEndpoint?: string;
  keep: boolean;
}

/** A queue on this machine is the emulator's (any credentials); any other is AWS's. */
function clientFor(queueUrl: string): SQSClient {
  const { hostname } = new URL(queueUrl);
  if (hostname !== "127.0.0.1" && hostname !== "localhost") return new SQSClient({});
  return new SQSClient({
    endpoint: new URL(queueUrl).origin,
    region: "eu-west-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
}

export async function pullEnvelopes(options: PullOptions): Promise<(OpenedCase | Notice)[]> {
  if (
    !options.region.organisations.some((organisation) => organisation.id === options.organisation)
  )
    throw new UsageError("No organisation of the region has that id.");
  if (!hasDeliveryQueue(options.region, options.organisation))
    throw new UsageError(
      'The organisation works in the inbox alone ("delivery": "inbox"): it has no queue.',
    );
  await checkToken(options.api, options.organisation);
  const queueUrl =
    options.queueUrl ??
    `${options.sqsEndpoint ?? "http://127.0.0.1:8081"}/${LOCAL_ACCOUNT}/${deliveryQueueName(options.region.id, options.organisation)}`;
  const sqs = clientFor(queueUrl);

  const messages: Message[] = [];
  try {
    for (;;) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 0,
        }),
      );
      if (Messages.length === 0) break;
      messages.push(...Messages);
    }
  } catch {
    throw new UsageError("The organisation's queue cannot be read. Is the system running?");
  }

  const cases = new Map<string, OpenedCase | Notice>();
  try {
    for (const message of messages) {
      const envelope = JSON.parse(message.Body ?? "{}") as Envelope | Notice;
      if (!cases.has(envelope.envelopeId))
        cases.set(
          envelope.envelopeId,
          await openPointedCase(options.api, envelope, options.identities),
        );
    }
  } catch (error) {
    // Nothing printed, nothing taken: every envelope is back on the queue at once.
    await release(sqs, queueUrl, messages, true);
    throw error;
  }

  // Taken off the queue only now, once every envelope could be read and printed.
  await release(sqs, queueUrl, messages, options.keep);
  sqs.destroy();
  return [...cases.values()];
}

/** Deletes the messages, or with `keep` makes them visible again at once. */
async function release(sqs: SQSClient, queueUrl: string, messages: Message[], keep: boolean) {
  for (let at = 0; at < messages.length; at += 10) {
    const batch = messages.slice(at, at + 10).map((message, index) => ({
      Id: String(index),
      ReceiptHandle: message.ReceiptHandle,
    }));
    await sqs.send(
      keep
        ? new ChangeMessageVisibilityBatchCommand({
            QueueUrl: queueUrl,
            Entries: batch.map((entry) => ({ ...entry, VisibilityTimeout: 0 })),
          })
        : new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: batch }),
    );
  }
}

/**
 * The token the cases are read with: INTAKE_TOKEN (a staff or service token of the
 * organisation, `intake org token issue`), or, with --demo on this machine, one issued for this
 * pull on `intake dev`'s tables and revoked when it is done.
 */
export async function withPullToken<T>(
  region: Region,
  organisation: string,
  options: { demo: boolean; dynamo?: string; prefix?: string },
  run: (token: string) => Promise<T>,
): Promise<T> {
  const given = process.env.INTAKE_TOKEN?.trim();
  if (given) return run(given);
  if (!options.demo || !region.sample)
    throw new UsageError(
      "Set INTAKE_TOKEN to a token of the organisation (intake org token issue).",
    );
  const { manageCredentials } = await import("./manage-credentials.ts");
  const caller = { kind: "staff" as const, organisation, name: "demo pull" };
  const target = {
    ...(options.dynamo ? { dynamo: options.dynamo } : {}),
    ...(options.prefix ? { prefix: options.prefix } : {}),
  };
  const { token } = await manageCredentials(region, "issue", caller, target, 1);
  try {
    return await run(String(token));
  } finally {
    await manageCredentials(region, "revoke", caller, target, 1);
  }
}
