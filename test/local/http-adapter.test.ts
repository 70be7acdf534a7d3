import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { APIGatewayProxyEvent } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpAdapter } from "../../local/http-adapter.ts";

const root = mkdtempSync(join(tmpdir(), "web-root-"));
mkdirSync(join(root, "nl"));
mkdirSync(join(root, "pl"));
writeFileSync(join(root, "index.html"), "<p>form</p>");
writeFileSync(join(root, "nl", "index.html"), "<p>formulier</p>");
writeFileSync(join(root, "pl", "index.html"), "<p>formularz</p>");
writeFileSync(join(tmpdir(), "outside-the-root.txt"), "secret");

let seen: APIGatewayProxyEvent | undefined;
let server: Server;
let base = "";

beforeAll(async () => {
  server = createHttpAdapter({
    webRoot: root,
    staticHeaders: { "X-Static": "yes" },
    locales: ["nl", "pl"],
    routes: [
      {
        method: "POST",
        path: "/api/v1/echo",
        functionName: "echo",
        timeoutMs: 1000,
        handler: async (event) => {
          seen = event;
          return { statusCode: 202, headers: { "X-Echo": "1" }, body: event.body ?? "" };
        },
      },
    ],
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("the HTTP adapter", () => {
  it("builds an API Gateway REST event (payload 1.0) for the route's handler", async () => {
    const response = await fetch(`${base}/api/v1/echo?a=1&a=2`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Two": "b" },
      body: '{"ü":1}',
    });
    expect(response.status).toBe(202);
    expect(response.headers.get("x-echo")).toBe("1");
    expect(await response.text()).toBe('{"ü":1}');
    expect(seen).toMatchObject({
      resource: "/api/v1/echo",
      path: "/api/v1/echo",
      httpMethod: "POST",
      body: '{"ü":1}',
      isBase64Encoded: false,
      queryStringParameters: { a: "2" },
      multiValueQueryStringParameters: { a: ["1", "2"] },
      requestContext: { stage: "live", resourcePath: "/api/v1/echo", path: "/live/api/v1/echo" },
    });
    expect(seen?.headers["X-Two"]).toBe("b");
  });

  it("writes the viewer's address as CloudFront does, whatever the client sent", async () => {
    await fetch(`${base}/api/v1/echo`, {
      method: "POST",
      headers: { "CloudFront-Viewer-Address": "203.0.113.9:443", "X-Forwarded-For": "192.0.2.1" },
      body: "{}",
    });
    const viewer = seen?.headers["CloudFront-Viewer-Address"] ?? "";
    expect(viewer).toMatch(/^(::ffff:)?127\.0\.0\.1:\d+$|^::1:\d+$/);
    expect(Object.keys(seen?.headers ?? {}).filter((name) => /^cloudfront-/i.test(name))).toEqual([
      "CloudFront-Viewer-Address",
    ]);
  });

  it.each([
    ["GET", "/api/v1/echo", 405],
    ["GET", "/api/v1/unknown", 404],
    ["POST", "/index.html", 405],
  ])("answers %s %s with %i", async (method, path, status) => {
    const response = await fetch(`${base}${path}`, { method });
    expect(response.status).toBe(status);
  });

  it("serves a folder's index.html with the static headers", async () => {
    const response = await fetch(`${base}/nl/`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("x-static")).toBe("yes");
    expect(await response.text()).toBe("<p>formulier</p>");
  });

  it.each([
    ["pl-PL,pl;q=0.9,en;q=0.8", "<p>formularz</p>"],
    ["de-DE,de;q=0.9", "<p>formulier</p>"],
    [undefined, "<p>formulier</p>"],
  ])(
    "answers / for Accept-Language %j in the best of the region's locales",
    async (language, page) => {
      const response = await fetch(`${base}/`, {
        headers: language ? { "Accept-Language": language } : {},
      });
      expect(response.status).toBe(200);
      expect(await response.text()).toBe(page);
    },
  );

  it.each([
    "/../outside-the-root.txt",
    "/%2e%2e/outside-the-root.txt",
    "/nl/..%2f..%2foutside-the-root.txt",
    "/%ZZ",
  ])("never serves a file outside the web root (%s)", async (path) => {
    const response = await fetch(`${base}${path}`);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain("secret");
  });
});
