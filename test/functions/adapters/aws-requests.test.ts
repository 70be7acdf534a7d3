/**
 * The signed calls that replace the AWS SDK (functions/adapters/aws-requests.ts), over real HTTP
 * to a fake service on localhost: what is signed and sent, how each protocol's errors are named,
 * what is retried and what is not, and the timeouts.
 */
import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getSecretString, publish, sendMessage } from "../../../functions/adapters/aws-clients.ts";
import {
  AwsNetworkError,
  type AwsService,
  AwsServiceError,
  backoffMs,
  type CallOptions,
  callJson,
  endpointOf,
  isRetryable,
} from "../../../functions/adapters/aws-requests.ts";

interface Seen {
  headers: http.IncomingHttpHeaders;
  body: string;
}
interface Answer {
  status: number;
  body: string;
  headers?: Record<string, string>;
  /** answers after this long */
  delayMs?: number;
}
type Reply = (seen: Seen) => Answer;

const seen: Seen[] = [];
let replies: Reply[] = [];
let server: http.Server;
let endpoint: string;

const SERVICE: AwsService = {
  signingName: "testsvc",
  endpointVariable: "TESTSVC",
  hostPrefix: "t",
};
const FAST: CallOptions = { maxAttempts: 3, connectTimeoutMs: 500, requestTimeoutMs: 1_000 };
const VARIABLES = [
  "AWS_ENDPOINT_URL_TESTSVC",
  "AWS_ENDPOINT_URL_SQS",
  "AWS_ENDPOINT_URL_SNS",
  "AWS_ENDPOINT_URL_SECRETS_MANAGER",
  "AWS_REGION",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
];
const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const entry = { headers: request.headers, body: Buffer.concat(chunks).toString("utf8") };
      seen.push(entry);
      const reply: Reply = replies.shift() ?? (() => ({ status: 200, body: "{}" }));
      const { status, body, headers, delayMs = 0 } = reply(entry);
      if (status === 0) return; // never answers: the request times out
      setTimeout(() => response.writeHead(status, headers ?? {}).end(body), delayMs);
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  for (const name of ["TESTSVC", "SQS", "SNS", "SECRETS_MANAGER"])
    process.env[`AWS_ENDPOINT_URL_${name}`] = endpoint;
  Object.assign(process.env, {
    AWS_REGION: "eu-central-1",
    AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
    AWS_SECRET_ACCESS_KEY: "secret",
    AWS_SESSION_TOKEN: "session-token",
  });
});

afterEach(() => {
  seen.length = 0;
  replies = [];
});

afterAll(async () => {
  server.closeAllConnections();
  server.close();
  for (const name of VARIABLES) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

/** A call that was expected to fail, but answered. */
const failed = (): AwsServiceError => {
  throw new Error("the call answered");
};

const json =
  (status: number, body: unknown, headers?: Record<string, string>): Reply =>
  () => ({
    status,
    body: JSON.stringify(body),
    ...(headers ? { headers } : {}),
  });

describe("a JSON protocol call", () => {
  it("is signed with the role's credentials for the service and region, its blobs in base64", async () => {
    replies = [json(200, { ok: 1 })];
    const output = await callJson(SERVICE, "Test_1.Op", "1.0", { blob: Buffer.from("hi") }, FAST);
    expect(output).toEqual({ ok: 1 });
    const [request] = seen;
    expect(request?.headers["x-amz-target"]).toBe("Test_1.Op");
    expect(request?.headers["content-type"]).toBe("application/x-amz-json-1.0");
    expect(request?.headers["x-amz-security-token"]).toBe("session-token");
    expect(request?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-central-1\/testsvc\/aws4_request, SignedHeaders=[^,]*x-amz-target[^,]*, Signature=[0-9a-f]{64}$/,
    );
    expect(JSON.parse(request?.body ?? "")).toEqual({ blob: "aGk=" });
  });

  it.each([
    [
      "a namespaced __type",
      { __type: "com.amazonaws.dynamodb.v20120810#ValidationException", message: "bad" },
      {},
      "ValidationException",
      "bad",
    ],
    [
      "a bare __type",
      { __type: "ResourceNotFoundException", Message: "gone" },
      {},
      "ResourceNotFoundException",
      "gone",
    ],
    [
      "SQS's query code header",
      {},
      { "x-amzn-query-error": "AWS.SimpleQueueService.NonExistentQueue;Sender" },
      "AWS.SimpleQueueService.NonExistentQueue",
      "AWS.SimpleQueueService.NonExistentQueue",
    ],
  ])("names a 400 by %s, and does not retry it", async (_, body, headers, code, message) => {
    replies = [json(400, body, headers)];
    const error = await callJson(SERVICE, "T.Op", "1.0", {}, FAST).then(
      failed,
      (caught: AwsServiceError) => caught,
    );
    expect(error).toBeInstanceOf(AwsServiceError);
    expect(error.name).toBe(code);
    expect(error.message).toBe(message);
    expect(error.status).toBe(400);
    expect(seen).toHaveLength(1);
  });

  it.each([
    ["a 500", json(500, { __type: "InternalServerError" })],
    ["a 503 that is not JSON", () => ({ status: 503, body: "<html>busy</html>" })],
    ["throttling", json(400, { __type: "com.amazonaws.dynamodb.v20120810#ThrottlingException" })],
    ["a dropped request", () => ({ status: 0, body: "" })],
  ])("retries after %s, and answers when a later attempt succeeds", async (_, failure) => {
    replies = [failure, json(200, { done: true })];
    expect(await callJson(SERVICE, "T.Op", "1.0", {}, FAST)).toEqual({ done: true });
    expect(seen).toHaveLength(2);
    // Each attempt is signed again (the signature carries the time).
    expect(seen[1]?.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 /);
  });

  it("counts an attempt's time from its connection: calls queued for a pooled socket wait", async () => {
    // 60 calls at once on a pool of 50 sockets, each answered after 600 ms: the last ten wait
    // 600 ms for a socket and take 600 ms more, past the 1 s an attempt may take.
    replies = Array.from({ length: 60 }, () => () => ({ status: 200, body: "{}", delayMs: 600 }));
    const calls = Array.from({ length: 60 }, () => callJson(SERVICE, "T.Op", "1.0", {}, FAST));
    expect(await Promise.all(calls)).toHaveLength(60);
    expect(seen).toHaveLength(60); // no attempt timed out and went again
  });

  it("gives up after its attempts, with the service's error", async () => {
    replies = [1, 2, 3].map(() => json(500, { __type: "InternalServerError" }));
    const error = await callJson(SERVICE, "T.Op", "1.0", {}, FAST).then(
      failed,
      (caught: AwsServiceError) => caught,
    );
    expect(error.name).toBe("InternalServerError");
    expect(seen).toHaveLength(3);
  });

  it("fails with a network error when nothing listens, after its attempts", async () => {
    process.env.AWS_ENDPOINT_URL_TESTSVC = "http://127.0.0.1:9"; // discard: refused
    try {
      const error = await callJson(SERVICE, "T.Op", "1.0", {}, FAST).then(
        failed,
        (caught: AwsServiceError) => caught,
      );
      expect(error).toBeInstanceOf(AwsNetworkError);
    } finally {
      process.env.AWS_ENDPOINT_URL_TESTSVC = endpoint;
    }
  });
});

describe("the functions' calls", () => {
  it("sends an SQS message in the JSON protocol, the SDK's fields unchanged", async () => {
    const input = {
      QueueUrl: "https://sqs.eu-central-1.amazonaws.com/1/q",
      MessageBody: '{"caseId":"c"}',
      MessageAttributes: { kind: { DataType: "String", StringValue: "case" } },
    };
    await sendMessage(input);
    expect(seen[0]?.headers["x-amz-target"]).toBe("AmazonSQS.SendMessage");
    expect(JSON.parse(seen[0]?.body ?? "")).toEqual(input);
  });

  it("publishes to SNS in the query protocol, and names its XML errors", async () => {
    const input = {
      TopicArn: "arn:aws:sns:eu-central-1:1:alerts",
      Message: "Something new is waiting in your inbox.",
      MessageAttributes: { reach: { DataType: "String" as const, StringValue: "all" } },
    };
    replies = [() => ({ status: 200, body: "<PublishResponse/>" })];
    await publish(input);
    expect(Object.fromEntries(new URLSearchParams(seen[0]?.body))).toEqual({
      Action: "Publish",
      Version: "2010-03-31",
      TopicArn: input.TopicArn,
      Message: input.Message,
      "MessageAttributes.entry.1.Name": "reach",
      "MessageAttributes.entry.1.Value.DataType": "String",
      "MessageAttributes.entry.1.Value.StringValue": "all",
    });
    expect(seen[0]?.headers.authorization).toContain("/sns/aws4_request");
    replies = [
      () => ({
        status: 404,
        body: "<ErrorResponse><Error><Type>Sender</Type><Code>NotFound</Code><Message>Topic does not exist</Message></Error></ErrorResponse>",
      }),
    ];
    const error = await publish(input).then(failed, (caught: AwsServiceError) => caught);
    expect([error.name, error.message]).toEqual(["NotFound", "Topic does not exist"]);
  });

  it("reads a secret's text from Secrets Manager (JSON 1.1)", async () => {
    replies = [json(200, { ARN: "arn", SecretString: '{"hmacKey":"k"}' })];
    expect(await getSecretString("arn:secret")).toBe('{"hmacKey":"k"}');
    expect(seen[0]?.headers["x-amz-target"]).toBe("secretsmanager.GetSecretValue");
    expect(seen[0]?.headers["content-type"]).toBe("application/x-amz-json-1.1");
    expect(JSON.parse(seen[0]?.body ?? "")).toEqual({ SecretId: "arn:secret" });
  });
});

describe("endpoints, retries and backoff", () => {
  it.each([
    [{ AWS_REGION: "eu-west-1" }, "https://t.eu-west-1.amazonaws.com/"],
    [{ AWS_REGION: "eu-west-1", AWS_ENDPOINT_URL: "http://local:1" }, "http://local:1/"],
    [{ AWS_REGION: "eu-west-1", AWS_ENDPOINT_URL_TESTSVC: "http://svc:2" }, "http://svc:2/"],
  ])("finds the endpoint from %o", (env, expected) => {
    expect(endpointOf(SERVICE, env).href).toBe(expected);
  });

  it("refuses to guess a region", () => {
    expect(() => endpointOf(SERVICE, {})).toThrow("AWS_REGION");
  });

  it.each([
    [new AwsServiceError("ValidationException", 400, "m"), false],
    [new AwsServiceError("ConditionalCheckFailedException", 400, "m"), false],
    [new AwsServiceError("ProvisionedThroughputExceededException", 400, "m"), true],
    [new AwsServiceError("Http429", 429, "m"), true],
    [new AwsServiceError("InternalServerError", 500, "m"), true],
    [new AwsNetworkError(new Error("ECONNRESET")), true],
    [new TypeError("a bug"), false],
  ])("retries %o: %s", (error, expected) => {
    expect(isRetryable(error)).toBe(expected);
  });

  it("waits a jittered, capped, growing time between attempts", () => {
    expect(backoffMs(1, () => 0.999)).toBe(49);
    expect(backoffMs(3, () => 0.999)).toBe(199);
    expect(backoffMs(20, () => 0.999)).toBe(999);
    expect(backoffMs(3, () => 0)).toBe(0);
  });
});
