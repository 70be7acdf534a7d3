/**
 * A poller that behaves like Lambda's SQS event source mapping: batches of up to ten records,
 * the handler's `batchItemFailures` deleted from nothing (they come back after the visibility
 * timeout), everything else deleted, a thrown error counting as the whole batch failed, and
 * the queue's redrive policy moving a message to its dead-letter queue after five receives.
 *
 * local-aws-sqs holds a multi-message receive for its whole wait time, so the poller waits for
 * ONE message (which returns as soon as it arrives), then fills the batch without waiting.
 */
import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { invoke, type LambdaFunction } from "./lambda-context.ts";

export type SqsHandler = LambdaFunction<SQSEvent, SQSBatchResponse>;

export interface PollerOptions {
  client: SQSClient;
  queueUrl: string;
  queueArn: string;
  awsRegion: string;
  functionName: string;
  handler: SqsHandler;
  timeoutMs: number;
  batchSize?: number;
  /** batches handled at once (Lambda's event source begins with five) */
  concurrency?: number;
  /** seconds one receive waits for a first message */
  waitSeconds?: number;
  onError?: (error: unknown) => void;
}

export interface Poller {
  stop(): Promise<void>;
}

function toRecord(message: Message, options: PollerOptions): SQSRecord {
  const attributes = message.Attributes ?? {};
  return {
    messageId: message.MessageId ?? "",
    receiptHandle: message.ReceiptHandle ?? "",
    body: message.Body ?? "",
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? "1",
      SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
      SenderId: attributes.SenderId ?? "local",
      ApproximateFirstReceiveTimestamp:
        attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
        name,
        { dataType: value.DataType ?? "String", stringValue: value.StringValue },
      ]),
    ),
    md5OfBody: message.MD5OfBody ?? "",
    eventSource: "aws:sqs",
    eventSourceARN: options.queueArn,
    awsRegion: options.awsRegion,
  };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The ids of the records that failed: those the handler names, or all when it throws. */
async function failedIds(options: PollerOptions, records: SQSRecord[]): Promise<Set<string>> {
  try {
    const result = await invoke(
      options.handler,
      { Records: records },
      options.functionName,
      options.timeoutMs,
    );
    return new Set(result?.batchItemFailures.map((failure) => failure.itemIdentifier));
  } catch (error) {
    options.onError?.(error);
    return new Set(records.map((record) => record.messageId));
  }
}

async function deleteRecords(options: PollerOptions, records: SQSRecord[]): Promise<void> {
  if (records.length === 0) return;
  await options.client.send(
    new DeleteMessageBatchCommand({
      QueueUrl: options.queueUrl,
      Entries: records.map((record, index) => ({
        Id: String(index),
        ReceiptHandle: record.receiptHandle,
      })),
    }),
  );
}

export function startPoller(options: PollerOptions): Poller {
  const batchSize = options.batchSize ?? 10;
  const waitSeconds = options.waitSeconds ?? 1;
  const abort = new AbortController();
  let running = true;

  const receive = async (max: number, wait: number) =>
    (
      await options.client.send(
        new ReceiveMessageCommand({
          QueueUrl: options.queueUrl,
          MaxNumberOfMessages: max,
          WaitTimeSeconds: wait,
          AttributeNames: ["All"],
          MessageAttributeNames: ["All"],
        }),
        { abortSignal: abort.signal },
      )
    ).Messages ?? [];

  /** One batch handed to the handler, if a message came within the wait. */
  const handleBatch = async () => {
    const first = await receive(1, waitSeconds);
    if (first.length === 0) return;
    const messages = [...first, ...(batchSize > 1 ? await receive(batchSize - 1, 0) : [])];
    const records = messages.map((message) => toRecord(message, options));
    const failed = await failedIds(options, records);
    await deleteRecords(
      options,
      records.filter((record) => !failed.has(record.messageId)),
    );
  };

  const poll = async () => {
    while (running) {
      try {
        await handleBatch();
      } catch (error) {
        if (!running) break;
        options.onError?.(error);
        await pause(1_000); // the queue is unreachable: try again, as the event source does
      }
    }
  };
  // Lambda's event source mapping polls a standard queue with several pollers at once (five to
  // begin with), each handing its own batch to its own invocation; so do these loops.
  const loops = Array.from({ length: options.concurrency ?? 5 }, poll);

  return {
    async stop() {
      running = false;
      abort.abort();
      await Promise.all(loops);
    },
  };
}
