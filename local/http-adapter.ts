/**
 * A node:http server in front of the same handlers API Gateway calls on AWS: it builds API
 * Gateway REST events (payload format 1.0), passes them to the handler of the route, and
 * writes the handler's answer back. Other GET requests get the static files of the web root.
 */
import { randomUUID } from "node:crypto";
import { createReadStream, statSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { extname, join, normalize, resolve, sep } from "node:path";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { bestLocale } from "../domain/accept-language.ts";
import { invoke, type LambdaFunction } from "./lambda-context.ts";

// biome-ignore lint/suspicious/noExplicitAny: each handler narrows the event its own way
export type ApiHandler = LambdaFunction<any, APIGatewayProxyResult>;

export interface Route {
  /** an HTTP method, or ANY */
  method: string;
  /** an exact path, or one ending in `{proxy+}` */
  path: string;
  /** the Lambda function's name, for its context */
  functionName: string;
  handler: ApiHandler;
  timeoutMs: number;
}

/** A resource that takes every path below it, as API Gateway's `{proxy+}` does. */
const PROXY = "{proxy+}";

function matches(route: Route, pathname: string): boolean {
  return route.path.endsWith(PROXY)
    ? pathname.startsWith(route.path.slice(0, -PROXY.length)) &&
        pathname.length > route.path.length - PROXY.length
    : route.path === pathname;
}

/** API Gateway REST refuses a payload over 10 MB before any function runs; so does this. */
const API_GATEWAY_MAX_BYTES = 10 * 1024 * 1024;
const STAGE = "live";

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".webmanifest": "application/manifest+json",
};

export class PayloadTooLargeError extends Error {
  override name = "PayloadTooLargeError";
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > API_GATEWAY_MAX_BYTES) {
        reject(new PayloadTooLargeError());
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on("end", () => resolveBody(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

/**
 * Names and values as API Gateway's event has them: the last value of each name, and all of
 * them. Own properties whatever the name (`constructor`, `__proto__`), as JSON.parse makes them
 * on AWS.
 */
function valuesByName(pairs: Iterable<[string, string]>) {
  const all = new Map<string, string[]>();
  for (const [name, value] of pairs) all.set(name, [...(all.get(name) ?? []), value]);
  return {
    single: Object.fromEntries([...all].map(([name, values]) => [name, values.at(-1) ?? ""])),
    multi: Object.fromEntries(all),
  };
}

export function apiGatewayEvent(
  request: IncomingMessage,
  url: URL,
  resource: string,
  body: Buffer,
): APIGatewayProxyEvent {
  const rawHeaders: [string, string][] = [];
  for (let i = 0; i < request.rawHeaders.length; i += 2) {
    const name = request.rawHeaders[i] as string;
    // CloudFront's own headers are CloudFront's to write, never the viewer's.
    if (!name.toLowerCase().startsWith("cloudfront-"))
      rawHeaders.push([name, request.rawHeaders[i + 1] as string]);
  }
  const { single: headers, multi: multiValueHeaders } = valuesByName(rawHeaders);
  // As CloudFront does for the API (lib/web-hosting.ts): the viewer's address and port.
  const viewer = `${request.socket.remoteAddress ?? "127.0.0.1"}:${request.socket.remotePort ?? 0}`;
  headers["CloudFront-Viewer-Address"] = viewer;
  multiValueHeaders["CloudFront-Viewer-Address"] = [viewer];
  const { single: query, multi: multiQuery } = valuesByName(url.searchParams);
  const hasQuery = url.searchParams.size > 0;
  return {
    resource,
    path: url.pathname,
    httpMethod: request.method ?? "GET",
    headers,
    multiValueHeaders,
    queryStringParameters: hasQuery ? query : null,
    multiValueQueryStringParameters: hasQuery ? multiQuery : null,
    pathParameters: null,
    stageVariables: null,
    body: body.length > 0 ? body.toString("utf8") : null,
    isBase64Encoded: false,
    requestContext: {
      accountId: "000000000000",
      apiId: "local",
      authorizer: null,
      protocol: `HTTP/${request.httpVersion}`,
      httpMethod: request.method ?? "GET",
      path: `/${STAGE}${url.pathname}`,
      stage: STAGE,
      requestId: randomUUID(),
      requestTimeEpoch: Date.now(),
      resourceId: "local",
      resourcePath: resource,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: request.socket.remoteAddress ?? "127.0.0.1",
        user: null,
        userAgent: request.headers["user-agent"] ?? null,
        userArn: null,
      },
    },
  };
}

function writeResult(response: ServerResponse, result: APIGatewayProxyResult): void {
  response.statusCode = result.statusCode;
  for (const [name, value] of Object.entries(result.headers ?? {}))
    response.setHeader(name, String(value));
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {}))
    response.setHeader(name, values.map(String));
  response.end(result.isBase64Encoded ? Buffer.from(result.body, "base64") : result.body);
}

function writeProblem(response: ServerResponse, statusCode: number, code: string, message: string) {
  writeResult(response, {
    statusCode,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" },
    body: JSON.stringify({ error: { code, message } }),
  });
}

/** A file below the web root, never above it; a folder gives its index.html. */
function staticFile(webRoot: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  const root = resolve(webRoot);
  let path = resolve(root, `.${normalize(`/${decoded}`)}`);
  if (path !== root && !path.startsWith(root + sep)) return null;
  try {
    if (statSync(path).isDirectory()) path = join(path, "index.html");
    return statSync(path).isFile() ? path : null;
  } catch {
    return null;
  }
}

export interface HttpAdapterOptions {
  routes: readonly Route[];
  webRoot: string;
  /** headers of every static answer (the same security headers CloudFront adds) */
  staticHeaders: Readonly<Record<string, string>>;
  /** the region's locales, first language first: `/` answers in the browser's best of them */
  locales?: readonly string[];
  onInternalError?: (error: unknown) => void;
}

/** The route's handler, given the event API Gateway would build, and its answer written back. */
async function answerFromHandler(
  route: Route,
  request: IncomingMessage,
  url: URL,
  response: ServerResponse,
): Promise<void> {
  const body = await readBody(request);
  const event = apiGatewayEvent(request, url, route.path, body);
  if (route.path.endsWith(PROXY)) {
    event.pathParameters = { proxy: url.pathname.slice(route.path.length - PROXY.length) };
  }
  const result = await invoke(route.handler, event, route.functionName, route.timeoutMs);
  if (!result) throw new Error("The handler gave no answer.");
  writeResult(response, result);
}

function answerFromWebRoot(
  options: HttpAdapterOptions,
  request: IncomingMessage,
  url: URL,
  response: ServerResponse,
): void {
  // As the CloudFront Function does on AWS (lib/web-hosting.ts): `/` in the best language.
  const pathname =
    url.pathname === "/" && options.locales
      ? `/${bestLocale(String(request.headers["accept-language"] ?? ""), options.locales)}/`
      : url.pathname;
  const file = staticFile(options.webRoot, pathname);
  if (!file) {
    response.writeHead(404, {
      ...options.staticHeaders,
      "Content-Type": "text/plain; charset=utf-8",
    });
    response.end("Not found\n");
    return;
  }
  response.writeHead(200, {
    ...options.staticHeaders,
    "Content-Type": CONTENT_TYPES[extname(file)] ?? "application/octet-stream",
  });
  if (request.method === "HEAD") response.end();
  else createReadStream(file).pipe(response);
}

/** A route of this method, a 405 for a path known under other methods, a 404 below /api/, or a file. */
async function answer(
  options: HttpAdapterOptions,
  request: IncomingMessage,
  url: URL,
  response: ServerResponse,
): Promise<void> {
  const method = request.method ?? "GET";
  const onPath = options.routes.filter((route) => matches(route, url.pathname));
  const route = onPath.find(
    (candidate) => candidate.method === method || candidate.method === "ANY",
  );
  if (route) return answerFromHandler(route, request, url, response);
  if (onPath.length > 0) {
    response.setHeader("Allow", onPath.map((candidate) => candidate.method).join(", "));
    return writeProblem(response, 405, "method_not_allowed", "This method is not allowed here.");
  }
  if (url.pathname.startsWith("/api/"))
    return writeProblem(response, 404, "not_found", "There is nothing here.");
  if (method !== "GET" && method !== "HEAD")
    return writeProblem(response, 405, "method_not_allowed", "This method is not allowed here.");
  answerFromWebRoot(options, request, url, response);
}

export function createHttpAdapter(options: HttpAdapterOptions): Server {
  return createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    try {
      await answer(options, request, url, response);
    } catch (error) {
      if (error instanceof PayloadTooLargeError) {
        writeProblem(response, 413, "payload_too_large", "The body is too large.");
        return;
      }
      options.onInternalError?.(error);
      writeProblem(response, 500, "internal", "Something went wrong.");
    }
  });
}
