/**
 * One signed call to an AWS service, in place of the AWS SDK: the functions call five
 * operations' worth of DynamoDB, one of SQS, one of SNS and one of Secrets Manager, and the SDK
 * that does it weighed 390 KB of every bundle (more than the rest of a function together) and
 * most of its cold start (issue 14: under 250 KB and 50 ms). What the SDK did that matters here
 * is kept, each on purpose:
 * - Signature Version 4, by `aws4` (the signer most of npm uses), with the function's role
 *   credentials, which Lambda puts in the environment (AWS_ACCESS_KEY_ID, …, AWS_SESSION_TOKEN);
 * - the endpoint: `AWS_ENDPOINT_URL_<SERVICE>` when set (`intake dev` points DynamoDB and SQS at
 *   the local emulators, as the SDK reads the same variables), else the regional endpoint;
 * - keep-alive connections, reused by a warm function, and short timeouts: a person is waiting
 *   for their receipt, and a report stored but not enqueued is picked up by the sweeper;
 * - retries with capped, jittered backoff on throttling, 5xx and network failures (the SDK's
 *   "standard" mode), never on a 4xx that says the request itself is wrong;
 * - errors named by the service's error code (`ConditionalCheckFailedException`, …): the
 *   adapters tell them apart by name, and the logger logs only names (adapters/logger.ts).
 * The protocols are the services' published ones: JSON 1.0/1.1 (`X-Amz-Target` names the
 * operation) for DynamoDB, SQS and Secrets Manager; the query protocol for SNS.
 */
import http from "node:http";
import https from "node:https";
import aws4 from "aws4";

/** A service as it is called: its signing name, endpoint variable and host prefix. */
export interface AwsService {
  /** the name in the signature's scope (`dynamodb`, `sqs`, `sns`, `secretsmanager`) */
  signingName: string;
  /** the suffix of `AWS_ENDPOINT_URL_<SERVICE>`, as the SDKs spell it */
  endpointVariable: string;
  /** the endpoint's host is `<hostPrefix>.<region>.amazonaws.com` */
  hostPrefix: string;
}

export interface CallOptions {
  /** attempts in all, the first included */
  maxAttempts: number;
  /** how long a connection may take to open, in milliseconds */
  connectTimeoutMs: number;
  /** how long an attempt may take in all, in milliseconds */
  requestTimeoutMs: number;
}

/** An error answered by the service: `name` is its error code, `status` the HTTP status. */
export class AwsServiceError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    /** the decoded JSON body of the error, for the fields some errors carry (e.g. `Item`) */
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = code;
  }
}

/** No answer at all: a reset, a refused or timed-out connection. Worth another attempt. */
export class AwsNetworkError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = "AwsNetworkError";
  }
}

/** Codes that mean "slow down" rather than "wrong": retried like a 5xx. */
const THROTTLING = new Set([
  "ThrottlingException",
  "Throttling",
  "ProvisionedThroughputExceededException",
  "RequestLimitExceeded",
  "TooManyRequestsException",
  "RequestThrottled",
  "RequestThrottledException",
  "TransactionInProgressException",
]);

const BACKOFF_BASE_MS = 25;
const BACKOFF_CAP_MS = 1_000;

/** Whether another attempt may succeed where this one failed. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof AwsServiceError)
    return error.status >= 500 || error.status === 429 || THROTTLING.has(error.code);
  return error instanceof AwsNetworkError;
}

/** The delay before attempt `attempt + 1` (full jitter, as the SDK's standard mode). */
export const backoffMs = (attempt: number, random = Math.random) =>
  Math.floor(random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt));

/** The endpoint of a service in the function's region, or the one the environment names. */
export function endpointOf(service: AwsService, env: NodeJS.ProcessEnv = process.env): URL {
  const override = env[`AWS_ENDPOINT_URL_${service.endpointVariable}`] ?? env.AWS_ENDPOINT_URL;
  if (override) return new URL(override);
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (!region) throw new Error("AWS_REGION is not set: the function cannot find its services");
  return new URL(`https://${service.hostPrefix}.${region}.amazonaws.com/`);
}

// One pool per protocol, kept across invocations of a warm function.
const agents = {
  "http:": new http.Agent({ keepAlive: true, maxSockets: 50 }),
  "https:": new https.Agent({ keepAlive: true, maxSockets: 50 }),
} as const;

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One HTTP exchange, bounded by the connect and the overall timeouts. */
function exchange(
  url: URL,
  headers: Record<string, string | number>,
  body: string,
  options: CallOptions,
): Promise<Answer> {
  const client = url.protocol === "http:" ? http : https;
  return new Promise<Answer>((resolve, reject) => {
    const request = client.request(url, {
      method: "POST",
      headers,
      agent: agents[url.protocol === "http:" ? "http:" : "https:"],
    });
    request.on("socket", (socket) => {
      // The attempt's time runs from when it has a connection: waiting for a pooled socket
      // (locally, every function shares one pool) queues the call instead of failing it.
      const overall = setTimeout(
        () => request.destroy(new Error("request timed out")),
        options.requestTimeoutMs,
      );
      request.once("close", () => clearTimeout(overall));
      if (!socket.connecting) return;
      const timer = setTimeout(
        () => request.destroy(new Error("connection timed out")),
        options.connectTimeoutMs,
      );
      socket.once("connect", () => clearTimeout(timer));
      socket.once("close", () => clearTimeout(timer));
    });
    const fail = (error: unknown) => reject(new AwsNetworkError(error));
    request.on("error", fail);
    request.on("response", (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", fail);
      response.on("end", () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks).toString("utf8"),
        }),
      );
    });
    request.end(body);
  });
}

/** The error of a JSON protocol answer: `__type` is `namespace#Code` (or just the code). */
function jsonError(answer: Answer): AwsServiceError {
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(answer.body) as Record<string, unknown>;
  } catch {
    // not JSON (a proxy's page): named by its status below
  }
  // SQS's JSON protocol keeps the old query code in a header (`AWS.SimpleQueueService.…;Sender`).
  const queryCode = String(answer.headers["x-amzn-query-error"] ?? "").split(";")[0];
  const type = String(parsed.__type ?? parsed.code ?? answer.headers["x-amzn-errortype"] ?? "");
  const code = type.split("#").pop()?.split(":")[0] || queryCode || `Http${answer.status}`;
  const message = String(parsed.message ?? parsed.Message ?? code);
  return new AwsServiceError(code, answer.status, message, parsed);
}

/** The error of a query protocol answer (XML): its `<Code>`. */
function xmlError(answer: Answer): AwsServiceError {
  const field = (name: string) =>
    new RegExp(`<${name}>([^<]*)</${name}>`).exec(answer.body)?.[1] ?? "";
  const code = field("Code") || `Http${answer.status}`;
  return new AwsServiceError(code, answer.status, field("Message") || code);
}

export interface SignedCall {
  service: AwsService;
  /** the request's headers besides the signature's (content type, `X-Amz-Target`) */
  headers: Record<string, string>;
  body: string;
  /** how an error answer is read */
  protocol: "json" | "query";
  options: CallOptions;
}

/** A signed POST to the service's endpoint, retried as the options say; the answer's body. */
export async function callAws(call: SignedCall): Promise<string> {
  const url = endpointOf(call.service);
  for (let attempt = 1; ; attempt++) {
    try {
      // Signed for each attempt: the signature carries the time.
      const signed = aws4.sign({
        host: url.host,
        path: url.pathname,
        method: "POST",
        service: call.service.signingName,
        region: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION,
        headers: { ...call.headers },
        body: call.body,
      });
      const answer = await exchange(
        url,
        signed.headers as Record<string, string>,
        call.body,
        call.options,
      );
      if (answer.status < 300) return answer.body;
      throw call.protocol === "json" ? jsonError(answer) : xmlError(answer);
    } catch (error) {
      if (attempt >= call.options.maxAttempts || !isRetryable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt)));
    }
  }
}

/**
 * `JSON.stringify`'s replacer for the JSON protocols, which carry a blob in base64. It reads
 * the holder, because a Buffer's own `toJSON` has already run on `value`.
 */
function blobAsBase64(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  return raw instanceof Uint8Array ? Buffer.from(raw).toString("base64") : value;
}

/** A JSON protocol operation (`X-Amz-Target: <targetPrefix>.<operation>`): input in, output out. */
export async function callJson<Output>(
  service: AwsService,
  target: string,
  jsonVersion: "1.0" | "1.1",
  input: unknown,
  options: CallOptions,
): Promise<Output> {
  const body = await callAws({
    service,
    headers: {
      "Content-Type": `application/x-amz-json-${jsonVersion}`,
      "X-Amz-Target": target,
    },
    body: JSON.stringify(input, blobAsBase64),
    protocol: "json",
    options,
  });
  return (body ? JSON.parse(body) : {}) as Output;
}
