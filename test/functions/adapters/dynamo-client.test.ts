/**
 * The functions' DynamoDB document client (functions/adapters/dynamo-client.ts) against the
 * local emulator (dynalite): values in and out as the SDK's document client gave them, binary
 * and sets included; a refused conditional write with the item as it was; pages of a query.
 */
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { UpdateCommand as SdkUpdateCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  ConditionalCheckFailedException,
  DeleteCommand,
  DynamoDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
} from "../../../functions/adapters/dynamo-client.ts";

const TABLE = `client-${randomUUID().slice(0, 8)}`;
const VARIABLES = [
  "AWS_ENDPOINT_URL_DYNAMODB",
  "AWS_REGION",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
];
const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));
const client = new DynamoDocumentClient({
  maxAttempts: 2,
  connectTimeoutMs: 1_000,
  requestTimeoutMs: 5_000,
});

beforeAll(async () => {
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: inject("dynamoEndpoint"),
    AWS_REGION: "eu-west-1",
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
  });
  const sdk = new DynamoDBClient({ endpoint: inject("dynamoEndpoint"), region: "eu-west-1" });
  await sdk.send(
    new CreateTableCommand({
      TableName: TABLE,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [
        { AttributeName: "pk", AttributeType: "S" },
        { AttributeName: "sk", AttributeType: "N" },
      ],
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
    }),
  );
  sdk.destroy();
});

afterAll(() => {
  for (const name of VARIABLES) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

describe("the document client, on the emulator", () => {
  it("writes and reads back every kind of value, dropping undefined ones", async () => {
    const item = {
      pk: "a",
      sk: 1,
      text: "tekst ✓",
      number: 1796566705057,
      yes: true,
      nothing: null,
      bytes: new Uint8Array([0, 1, 254, 255]),
      tags: new Set(["x", "y"]),
      list: ["one", 2, { three: new Uint8Array([3]) }],
      map: { nested: { deep: "value" } },
      gone: undefined,
    };
    await client.send(new PutCommand({ TableName: TABLE, Item: item }));
    const { Item } = await client.send(
      new GetCommand({ TableName: TABLE, Key: { pk: "a", sk: 1 }, ConsistentRead: true }),
    );
    const { gone: _gone, ...kept } = item;
    expect(Item).toEqual(kept);
    expect(Item?.bytes).toBeInstanceOf(Uint8Array);
    expect(Item && "gone" in Item).toBe(false);
  });

  it("answers a read of nothing without an item", async () => {
    const output = await client.send(
      new GetCommand({ TableName: TABLE, Key: { pk: "none", sk: 0 } }),
    );
    expect(output.Item).toBeUndefined();
  });

  it("updates with expression values and returns the new attributes", async () => {
    await client.send(new PutCommand({ TableName: TABLE, Item: { pk: "u", sk: 1, count: 1 } }));
    const { Attributes } = await client.send(
      new UpdateCommand({
        TableName: TABLE,
        Key: { pk: "u", sk: 1 },
        UpdateExpression: "SET #count = #count + :one, #bytes = :bytes",
        ExpressionAttributeNames: { "#count": "count", "#bytes": "bytes" },
        ExpressionAttributeValues: { ":one": 1, ":bytes": new Uint8Array([9]) },
        ReturnValues: "ALL_NEW",
      }),
    );
    expect(Attributes).toEqual({ pk: "u", sk: 1, count: 2, bytes: new Uint8Array([9]) });
  });

  it("refuses a conditional write with ConditionalCheckFailedException", async () => {
    await client.send(new PutCommand({ TableName: TABLE, Item: { pk: "c", sk: 1, state: "old" } }));
    const error = await client
      .send(
        new PutCommand({
          TableName: TABLE,
          Item: { pk: "c", sk: 1, state: "new" },
          ConditionExpression: "attribute_not_exists(pk)",
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        }),
      )
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConditionalCheckFailedException);
    expect((error as ConditionalCheckFailedException).name).toBe("ConditionalCheckFailedException");
    // dynalite does not return the item (ReturnValuesOnConditionCheckFailure): see below.
  });

  it("queries page by page with the last evaluated key, and deletes", async () => {
    for (let sk = 1; sk <= 5; sk++)
      await client.send(new PutCommand({ TableName: TABLE, Item: { pk: "q", sk } }));
    const seen: number[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new QueryCommand({
          TableName: TABLE,
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": "q" },
          Limit: 2,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      seen.push(...(page.Items ?? []).map((item) => Number(item.sk)));
      start = page.LastEvaluatedKey;
    } while (start);
    expect(seen).toEqual([1, 2, 3, 4, 5]);

    await client.send(new DeleteCommand({ TableName: TABLE, Key: { pk: "q", sk: 3 } }));
    const { Items = [] } = await client.send(new ScanCommand({ TableName: TABLE }));
    expect(Items.filter((item) => item.pk === "q").map((item) => item.sk)).toEqual([1, 2, 4, 5]);
  });

  it("refuses an SDK command passed by mistake, before sending anything", async () => {
    const sdkCommand = new SdkUpdateCommand({ TableName: TABLE, Key: { pk: "u", sk: 1 } });
    await expect(client.send(sdkCommand as unknown as UpdateCommand)).rejects.toThrow(TypeError);
  });

  it("runs the steps added before each call, until they are removed", async () => {
    const operations: string[] = [];
    const remove = client.beforeEachCall((command) => {
      operations.push(command.operation);
    });
    await client.send(new GetCommand({ TableName: TABLE, Key: { pk: "a", sk: 1 } }));
    remove();
    await client.send(new GetCommand({ TableName: TABLE, Key: { pk: "a", sk: 1 } }));
    expect(operations).toEqual(["GetItem"]);
  });
});

describe("a refused conditional write, as DynamoDB answers it", () => {
  it("carries the item as it was, its binary values decoded", async () => {
    // DynamoDB's answer when the request asked for ReturnValuesOnConditionCheckFailure.
    const server = http.createServer((_request, response) =>
      response.writeHead(400, { "Content-Type": "application/x-amz-json-1.0" }).end(
        JSON.stringify({
          __type: "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",
          message: "The conditional request failed",
          Item: { pk: { S: "c" }, sk: { N: "1" }, bytes: { B: "AQI=" } },
        }),
      ),
    );
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    process.env.AWS_ENDPOINT_URL_DYNAMODB = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const error = await client
        .send(new PutCommand({ TableName: TABLE, Item: { pk: "c", sk: 1 } }))
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ConditionalCheckFailedException);
      expect((error as ConditionalCheckFailedException).Item).toEqual({
        pk: "c",
        sk: 1,
        bytes: new Uint8Array([1, 2]),
      });
    } finally {
      process.env.AWS_ENDPOINT_URL_DYNAMODB = inject("dynamoEndpoint");
      server.closeAllConnections();
      server.close();
    }
  });
});
