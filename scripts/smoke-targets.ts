/**
 * Where the smoke test finds a running system's tables and queues: the local emulators of
 * `intake dev` (or the tests'), or a deployed region from its stack's outputs.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { GetQueueUrlCommand, SQSClient } from "@aws-sdk/client-sqs";
import { STACK_OUTPUTS } from "../config/resources.ts";
import type { Region } from "../domain/region.ts";

/** The AWS region and credentials the local emulators accept (local/local-system.ts). */
const LOCAL_AWS_REGION = "eu-west-1";
const LOCAL_CREDENTIALS = { accessKeyId: "local", secretAccessKey: "local" };

export class SmokeUsageError extends Error {
  override name = "SmokeUsageError";
}

/** Where a running system keeps its tables and queues. */
export interface SmokeTarget {
  dynamo: DynamoDBClient;
  sqs: SQSClient;
  tables: { reports: string; assignments: string };
  queueUrl(queueName: string): Promise<string>;
}

/** A local system: `intake dev`'s emulators, or explicit endpoints (the tests). */
export function localTarget(
  region: Region,
  endpoints: { dynamo: string; sqs: string },
  prefix = "",
): SmokeTarget {
  const common = { region: LOCAL_AWS_REGION, credentials: LOCAL_CREDENTIALS };
  const sqs = new SQSClient({ ...common, endpoint: endpoints.sqs });
  return {
    dynamo: new DynamoDBClient({ ...common, endpoint: endpoints.dynamo }),
    sqs,
    tables: {
      reports: `${prefix}${region.id}-reports`,
      assignments: `${prefix}${region.id}-assignments`,
    },
    async queueUrl(queueName) {
      const { QueueUrl } = await sqs.send(
        new GetQueueUrlCommand({ QueueName: `${prefix}${queueName}` }),
      );
      if (!QueueUrl) throw new Error(`No queue ${prefix}${queueName}.`);
      return QueueUrl;
    },
  };
}

/**
 * A stack's outputs: `cdk deploy --outputs-file`'s `{ "<stack>": { key: value } }`, or
 * describe-stacks' `Outputs` list (alone, or inside `{ "Stacks": [ … ] }`).
 */
export function readOutputs(text: string, stackName: string): Record<string, string> {
  const json = JSON.parse(text);
  const list = Array.isArray(json)
    ? json
    : Array.isArray(json?.Stacks)
      ? json.Stacks[0]?.Outputs
      : undefined;
  if (Array.isArray(list)) {
    return Object.fromEntries(
      list.map((output: { OutputKey: string; OutputValue: string }) => [
        output.OutputKey,
        output.OutputValue,
      ]),
    );
  }
  const outputs = json?.[stackName];
  if (!outputs || typeof outputs !== "object") {
    throw new SmokeUsageError(`The outputs file holds no outputs of ${stackName}.`);
  }
  return outputs;
}

/** A deployed region, from its stack's outputs, with the AWS credentials of the environment. */
export function awsTarget(outputs: Record<string, string>, awsRegion?: string): SmokeTarget {
  const need = (key: string) => {
    const value = outputs[key];
    if (!value) throw new SmokeUsageError(`The outputs hold no ${key}.`);
    return value;
  };
  const prefix = need(STACK_OUTPUTS.queueUrlPrefix);
  const region = awsRegion ?? /^https:\/\/sqs\.([a-z0-9-]+)\./.exec(prefix)?.[1];
  if (!region) throw new SmokeUsageError("Name the AWS region with --aws-region.");
  return {
    dynamo: new DynamoDBClient({ region }),
    sqs: new SQSClient({ region }),
    tables: {
      reports: need(STACK_OUTPUTS.table("reports")),
      assignments: need(STACK_OUTPUTS.table("assignments")),
    },
    queueUrl: async (queueName) => `${prefix}${queueName}`,
  };
}
