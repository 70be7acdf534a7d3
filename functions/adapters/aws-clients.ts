/**
 * The SDK clients, created once per module so that a warm Lambda reuses their connections.
 * Endpoints come from the standard variables (AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_SQS),
 * which `intake dev` points at the local emulators; the code is the same on AWS.
 *
 * Timeouts are short on purpose: a person is waiting for their receipt, and a report that is
 * stored but not enqueued is picked up by the sweeper, so a slow queue must not hold the answer.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SQSClient } from "@aws-sdk/client-sqs";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

/** Options of the SDK's Node HTTP handler, which the clients accept as a plain object. */
const requestHandler = () => ({ connectionTimeout: 1_000, requestTimeout: 3_000 });

export const dynamoClient = new DynamoDBClient({
  maxAttempts: 3,
  requestHandler: requestHandler(),
});

export const dynamo = DynamoDBDocumentClient.from(dynamoClient, {
  marshallOptions: { removeUndefinedValues: true },
});

export const sqs = new SQSClient({ maxAttempts: 2, requestHandler: requestHandler() });
