/**
 * Bad input at every path of the API: the intake, the organisations' API (as staff, as ops and
 * with no token) and every step of the person's status, with bodies, path segments and query
 * names drawn often from the names every object inherits (`constructor`, `__proto__`, …).
 * Whatever comes, the answer is never a 5xx, and an error is in the contract's shape.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hostileJson, hostileName, PROTOTYPE_NAMES } from "../helpers/arbitraries.ts";
import { type OrgClient, staff, staffClient } from "../helpers/org-client.ts";
import { aWorkerWhoLostEverything } from "../helpers/report-factory.ts";
import { startTestSystem, type TestSystem } from "../helpers/test-system.ts";

let system: TestSystem;
let ngo: OrgClient;
let ops: OrgClient;
let caseId: string;
let receipt: string;

beforeAll(async () => {
  system = await startTestSystem();
  [ngo, ops] = await Promise.all([
    staffClient(system, staff("labour-ngo")),
    staffClient(system, { kind: "ops", name: "Robin" }),
  ]);
  ({ caseId, receipt } = await system.routedCase({ ...aWorkerWhoLostEverything(), test: true }));
});
afterAll(() => system.stop());

/** Every path of the API, `:caseId` and `:name` standing for a segment the fuzzer picks. */
const PATHS = [
  "challenge",
  "reports",
  "status",
  "status/pin",
  "status/reply",
  "status/withdraw",
  "status/check-in",
  "status/:name",
  "org/me",
  "org/directory",
  "org/cases",
  "org/cases/:caseId",
  "org/cases/:caseId/claim",
  "org/cases/:caseId/decline",
  "org/cases/:caseId/state",
  "org/cases/:caseId/flag",
  "org/cases/:caseId/unflag",
  "org/cases/:caseId/handover",
  "org/cases/:caseId/messages",
  "org/cases/:caseId/:name",
  "org/audit",
  "org/:name",
  "ops/audit",
  "ops/:name",
  ":name",
];

const request = fc.record({
  path: fc.constantFrom(...PATHS),
  method: fc.constantFrom("GET", "POST", "PUT", "DELETE"),
  segment: hostileName(),
  realCase: fc.boolean(),
  query: fc.option(fc.tuple(hostileName(), hostileName()), { nil: undefined }),
  body: fc.oneof(
    hostileJson().map((value) => JSON.stringify(value)),
    fc.string({ maxLength: 100 }),
    fc.constant(undefined),
  ),
  as: fc.constantFrom("staff", "ops", "nobody"),
  form: fc.boolean(),
});

async function send(input: typeof request extends fc.Arbitrary<infer T> ? T : never) {
  const path = input.path
    .replace(":caseId", input.realCase ? caseId : encodeURIComponent(input.segment))
    .replace(":name", encodeURIComponent(input.segment));
  const query = input.query
    ? `?${new URLSearchParams([[input.query[0], input.query[1]]]).toString()}`
    : "";
  const token = input.as === "staff" ? ngo.token : input.as === "ops" ? ops.token : undefined;
  const withBody = input.method !== "GET" && input.body !== undefined;
  const body =
    withBody && input.form ? new URLSearchParams({ receipt, x: input.body ?? "" }) : input.body;
  return fetch(`${system.url}/api/v1/${path}${query}`, {
    method: input.method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(withBody
        ? { "Content-Type": input.form ? "application/x-www-form-urlencoded" : "application/json" }
        : {}),
    },
    ...(withBody ? { body: body?.toString() } : {}),
  });
}

describe("every path of the API, fuzzed", () => {
  it("answers a 2xx, 3xx or 4xx, never a 5xx, and errors in the contract's shape", async () => {
    await fc.assert(
      fc.asyncProperty(request, async (input) => {
        const response = await send(input);
        expect(response.status, JSON.stringify(input)).toBeLessThan(500);
        const text = await response.text();
        if (response.status >= 400 && response.headers.get("content-type")?.includes("json")) {
          const error = (JSON.parse(text) as { error?: { code?: unknown; message?: unknown } })
            .error;
          expect(typeof error?.code).toBe("string");
          expect(typeof error?.message).toBe("string");
        }
      }),
      { numRuns: 250 },
    );
  });

  it.each(
    PROTOTYPE_NAMES.flatMap((name) => [
      ["POST", `status/${name}`],
      ["GET", `org/${name}`],
      ["POST", `org/cases/${name}/claim`],
      ["GET", `ops/${name}`],
      ["POST", name],
    ]),
  )("answers %s /api/v1/%s with a 4xx", async (method, path) => {
    const response = await fetch(`${system.url}/api/v1/${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${path.startsWith("ops") ? ops.token : ngo.token}`,
        ...(method === "POST" ? { "Content-Type": "application/json" } : {}),
      },
      ...(method === "POST" ? { body: JSON.stringify({ receipt }) } : {}),
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });

  it.each(PROTOTYPE_NAMES)(
    "answers a body with only the field %j with a 4xx at every step",
    async (name) => {
      for (const step of ["", "/pin", "/reply", "/withdraw", "/check-in"]) {
        const raw = `{"receipt":"${receipt}",${JSON.stringify(name)}:{"x":1}}`;
        const answer = await system.post(undefined, { raw, path: `/api/v1/status${step}` });
        expect(answer.status).toBe(400);
      }
      // A staff member of their own, so that the other tests' calls leave their limit alone.
      const { token } = await staffClient(system, staff("labour-ngo", `Sam ${name}`));
      for (const route of ["claim", "decline", "state", "flag", "unflag", "handover", "messages"]) {
        const response = await fetch(`${system.url}/api/v1/org/cases/${caseId}/${route}`, {
          method: "POST",
          headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
          body: `{${JSON.stringify(name)}:{"x":1}}`,
        });
        expect(response.status).toBe(400);
      }
    },
  );
});
