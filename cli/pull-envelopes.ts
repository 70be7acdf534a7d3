/**
 * `intake org pull ORG (--identity FILE | --demo) [--sqs URL | --queue-url URL] [--region FILE] [--keep]`:
 * takes what waits on an organisation's delivery queue, opens the sealed parts with the staff
 * member's age identity on this machine, and prints the cases as JSON, for organisations that
 * feed their own case system. Each envelope is printed once (a repeat has the same envelope id)
 * and taken off the queue after it was printed, unless --keep.
 */
import { readFileSync } from "node:fs";
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { open } from "../functions/adapters/seal.ts";
import type { Region } from "../functions/domain/region.ts";
import type { Envelope } from "../functions/use-cases/ports.ts";
import { deliveryQueueName } from "../lib/resources.ts";
import { UsageError } from "./io.ts";

/** The local emulator's account id, part of every local queue URL. */
const LOCAL_ACCOUNT = "123456789012";

export interface OpenedCase extends Omit<Envelope, "sealed"> {
  narrative?: string;
  contact?: unknown;
  /** sealed parts this identity could not open (sealed to another staff list) */
  unreadable?: string[];
}

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

async function openCase(envelope: Envelope, identities: string[]): Promise<OpenedCase> {
  const { sealed, ...clear } = envelope;
  const opened: OpenedCase = { ...clear };
  for (const part of ["narrative", "contact"] as const) {
    const armored = sealed[part];
    if (!armored) continue;
    let text: string | null = null;
    for (const identity of identities) {
      text ??= await open(identity, armored);
    }
    if (text === null) opened.unreadable = [...(opened.unreadable ?? []), part];
    else if (part === "contact") opened.contact = JSON.parse(text);
    else opened.narrative = text;
  }
  return opened;
}

export interface PullOptions {
  region: Region;
  organisation: string;
  identities: string[];
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

export async function pullEnvelopes(options: PullOptions): Promise<OpenedCase[]> {
  if (
    !options.region.organisations.some((organisation) => organisation.id === options.organisation)
  )
    throw new UsageError("No organisation of the region has that id.");
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

  const cases = new Map<string, OpenedCase>();
  for (const message of messages) {
    const envelope = JSON.parse(message.Body ?? "{}") as Envelope;
    if (!cases.has(envelope.envelopeId))
      cases.set(envelope.envelopeId, await openCase(envelope, options.identities));
  }

  // Taken off the queue only now, once every envelope could be read and printed.
  for (let at = 0; at < messages.length; at += 10) {
    const batch = messages.slice(at, at + 10).map((message, index) => ({
      Id: String(index),
      ReceiptHandle: message.ReceiptHandle,
    }));
    await sqs.send(
      options.keep
        ? new ChangeMessageVisibilityBatchCommand({
            QueueUrl: queueUrl,
            Entries: batch.map((entry) => ({ ...entry, VisibilityTimeout: 0 })),
          })
        : new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: batch }),
    );
  }
  sqs.destroy();
  return [...cases.values()];
}
