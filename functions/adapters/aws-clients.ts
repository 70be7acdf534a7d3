/**
 * The calls the functions make to AWS, each with its timeouts and attempts, created once per
 * module so that a warm Lambda reuses their connections (adapters/aws-requests.ts: signed
 * requests in place of the AWS SDK, which weighed more than the rest of a function). Endpoints
 * come from the standard variables (AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_SQS), which
 * `intake dev` points at the local emulators; the code is the same on AWS.
 *
 * Timeouts are short on purpose: a person is waiting for their receipt, and a report that is
 * stored but not enqueued is picked up by the sweeper, so a slow queue must not hold the answer.
 */
import type { SendMessageRequest } from "@aws-sdk/client-sqs";
import { type AwsService, type CallOptions, callAws, callJson } from "./aws-requests.ts";
import { DynamoDocumentClient } from "./dynamo-client.ts";

const timeouts = { connectTimeoutMs: 1_000, requestTimeoutMs: 3_000 };

export const dynamo = new DynamoDocumentClient({ maxAttempts: 3, ...timeouts });

const SQS: AwsService = { signingName: "sqs", endpointVariable: "SQS", hostPrefix: "sqs" };
const SNS: AwsService = { signingName: "sns", endpointVariable: "SNS", hostPrefix: "sns" };
const SECRETS_MANAGER: AwsService = {
  signingName: "secretsmanager",
  endpointVariable: "SECRETS_MANAGER",
  hostPrefix: "secretsmanager",
};

const queueCalls: CallOptions = { maxAttempts: 2, ...timeouts };

/** SQS's SendMessage (JSON protocol: the same fields as the SDK's input). */
export async function sendMessage(input: SendMessageRequest): Promise<void> {
  await callJson(SQS, "AmazonSQS.SendMessage", "1.0", input, queueCalls);
}

export interface PublishInput {
  TopicArn: string;
  Message: string;
  MessageAttributes: Record<string, { DataType: "String"; StringValue: string }>;
}

/** SNS's Publish, in its query protocol: a form, the attributes as numbered entries. */
export function publishForm(input: PublishInput): string {
  const form = new URLSearchParams({
    Action: "Publish",
    Version: "2010-03-31",
    TopicArn: input.TopicArn,
    Message: input.Message,
  });
  Object.entries(input.MessageAttributes).forEach(([name, value], index) => {
    const entry = `MessageAttributes.entry.${index + 1}`;
    form.set(`${entry}.Name`, name);
    form.set(`${entry}.Value.DataType`, value.DataType);
    form.set(`${entry}.Value.StringValue`, value.StringValue);
  });
  return form.toString();
}

export async function publish(input: PublishInput): Promise<void> {
  await callAws({
    service: SNS,
    headers: { "Content-Type": "application/x-www-form-urlencoded; charset=utf-8" },
    body: publishForm(input),
    protocol: "query",
    options: queueCalls,
  });
}

/** Secrets Manager's GetSecretValue: the secret's text (every secret here is a JSON text). */
export async function getSecretString(secretId: string): Promise<string> {
  const { SecretString } = await callJson<{ SecretString?: string }>(
    SECRETS_MANAGER,
    "secretsmanager.GetSecretValue",
    "1.1",
    { SecretId: secretId },
    { maxAttempts: 3, ...timeouts },
  );
  if (SecretString === undefined) throw new Error("the secret has no text value");
  return SecretString;
}
