/**
 * Creates the declared tables and queues (config/resources.ts) in the emulators, exactly as the
 * CDK stack declares them on AWS: the same keys, the same sparse index, a dead-letter queue
 * behind every queue with the same maxReceiveCount. Only the visibility timeout differs: the
 * local pollers run in this process, so a failed message comes back after seconds, not minutes.
 */
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
} from "@aws-sdk/client-dynamodb";
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from "@aws-sdk/client-sqs";
import {
  MAX_RECEIVE_COUNT,
  type QueueDeclaration,
  queuesOf,
  TABLES,
  type TableDeclaration,
} from "../config/resources.ts";
import type { Region } from "../domain/region.ts";

function tableInput(table: TableDeclaration, name: string): CreateTableCommandInput {
  const keys = [table.partitionKey, ...(table.sortKey ? [table.sortKey] : [])];
  const indexes = [table.waitingIndex, table.inboxIndex].filter((index) => index !== undefined);
  const attributes = new Map(
    [...keys, ...indexes.flatMap((index) => [index.partitionKey, index.sortKey])].map((key) => [
      key.name,
      key.type,
    ]),
  );
  return {
    TableName: name,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: [...attributes].map(([AttributeName, AttributeType]) => ({
      AttributeName,
      AttributeType,
    })),
    KeySchema: keys.map((key, index) => ({
      AttributeName: key.name,
      KeyType: index === 0 ? "HASH" : "RANGE",
    })),
    ...(indexes.length > 0
      ? {
          GlobalSecondaryIndexes: indexes.map((index) => ({
            IndexName: index.name,
            KeySchema: [
              { AttributeName: index.partitionKey.name, KeyType: "HASH" as const },
              { AttributeName: index.sortKey.name, KeyType: "RANGE" as const },
            ],
            Projection: { ProjectionType: "ALL" as const },
          })),
        }
      : {}),
  };
}

/** Creates each declared table that does not exist yet (a `--data` folder keeps them). */
export async function createTables(
  client: DynamoDBClient,
  nameOf: (table: TableDeclaration) => string,
): Promise<void> {
  for (const table of TABLES) {
    const name = nameOf(table);
    try {
      await client.send(new DescribeTableCommand({ TableName: name }));
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
      await client.send(new CreateTableCommand(tableInput(table, name)));
    }
  }
}

export interface ProvisionedQueue {
  declaration: QueueDeclaration;
  url: string;
  deadLetterUrl: string;
}

/** Creates every declared queue of the region, each behind its own dead-letter queue. */
export async function createQueues(
  client: SQSClient,
  region: Region,
  options: { namePrefix: string; visibilityTimeoutSeconds: number },
): Promise<ProvisionedQueue[]> {
  const created: ProvisionedQueue[] = [];
  for (const declaration of queuesOf(region)) {
    const deadLetter = await client.send(
      new CreateQueueCommand({ QueueName: options.namePrefix + declaration.deadLetterName }),
    );
    const { Attributes } = await client.send(
      new GetQueueAttributesCommand({
        QueueUrl: deadLetter.QueueUrl,
        AttributeNames: ["QueueArn"],
      }),
    );
    const queue = await client.send(
      new CreateQueueCommand({
        QueueName: options.namePrefix + declaration.name,
        Attributes: {
          VisibilityTimeout: String(options.visibilityTimeoutSeconds),
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: Attributes?.QueueArn,
            maxReceiveCount: MAX_RECEIVE_COUNT,
          }),
        },
      }),
    );
    created.push({
      declaration,
      url: queue.QueueUrl as string,
      deadLetterUrl: deadLetter.QueueUrl as string,
    });
  }
  return created;
}
