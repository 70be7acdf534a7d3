/**
 * The monitor's API against the real local system: who may read it (the coordinator's staff
 * and ops; no other organisation, no one without a token), JSON and CSV, the open view's
 * caching, and bad input answered with the contract's error shape.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OrgClient, staff, staffClient } from "../helpers/org-client.ts";
import { runIntake } from "../helpers/run-intake.ts";
import { startTestSystem, type TestSystem } from "../helpers/test-system.ts";

let system: TestSystem;
let coordinator: OrgClient;
let ops: OrgClient;
let other: OrgClient;

beforeAll(async () => {
  system = await startTestSystem();
  [coordinator, ops, other] = await Promise.all([
    staffClient(system, staff("coordination-centre")),
    staffClient(system, { kind: "ops", name: "Olu" }),
    staffClient(system, staff("fairwork")),
  ]);
});

afterAll(async () => {
  await system.stop();
});

describe("GET /api/v1/monitor", () => {
  it.each([
    ["the coordinator's staff", 200, () => coordinator],
    ["ops", 200, () => ops],
    ["another organisation's staff", 403, () => other],
  ] as const)("answers %s with %i", async (_, status, client) => {
    const answer = await client().get("monitor");
    expect(answer.status).toBe(status);
    if (status === 200) expect(answer.body.threshold).toBe(10);
  });

  it("asks for a token", async () => {
    const response = await fetch(`${system.url}/api/v1/monitor`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: { code: "unauthorized", message: "A valid access token is required." },
    });
  });

  it("gives one table as CSV, and refuses CSV of every table at once", async () => {
    const csv = await fetch(
      `${system.url}/api/v1/monitor/urgency?format=csv&from=2025-01&to=2025-02`,
      {
        headers: { Authorization: `Bearer ${coordinator.token}` },
      },
    );
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(await csv.text()).toBe(
      "urgency,2025-01,2025-02,total\r\nemergency,<10,<10,<10\r\nhigh,<10,<10,<10\r\nstandard,<10,<10,<10\r\ninformation,<10,<10,<10\r\ntotal,<10,<10,<10\r\n",
    );
    expect((await coordinator.get("monitor?format=csv")).status).toBe(406);
  });

  it("publishes the open view without a token, cacheable for an hour", async () => {
    const response = await fetch(`${system.url}/api/v1/open/monitor/kind`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("public, max-age=3600");
    expect(((await response.json()) as { tables: unknown[] }).tables).toHaveLength(1);
  });

  it.each([
    ["JSON", "monitor/kind", {}],
    ["CSV", "monitor/kind?format=csv", { Accept: "text/csv" }],
    ["every table", "monitor", {}],
  ])("says private, no-store on the credentialed view (%s)", async (_, path, headers) => {
    const response = await fetch(`${system.url}/api/v1/${path}`, {
      headers: { Authorization: `Bearer ${coordinator.token}`, ...headers },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
  });

  it.each([
    ["a month that is none", "open/monitor?from=2025-13", 400],
    ["an unknown table", "open/monitor/nothing", 404],
    ["no token", "monitor", 401],
    ["another organisation's token", "monitor", 403],
  ])("lets nothing keep an error (%s)", async (_, path, status) => {
    const response = await fetch(`${system.url}/api/v1/${path}`, {
      headers: status === 403 ? { Authorization: `Bearer ${other.token}` } : {},
    });
    expect(response.status).toBe(status);
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("chooses CSV on the open view by the query or the path alone: Accept is not in the edge's key", async () => {
    const span = "from=2025-01&to=2025-02";
    const negotiated = await fetch(`${system.url}/api/v1/open/monitor/urgency?${span}`, {
      headers: { Accept: "text/csv" },
    });
    expect(negotiated.headers.get("content-type")).toContain("application/json");
    const asked = await fetch(`${system.url}/api/v1/open/monitor/urgency?${span}&format=csv`);
    expect(asked.headers.get("content-type")).toContain("text/csv");
    expect(asked.headers.get("cache-control")).toBe("public, max-age=3600");
    // The published figures, suppressed: the copy the edge keeps shows "<10" as the origin does.
    expect(await asked.text()).toContain("emergency,<10,<10,<10");
    const byPath = await fetch(`${system.url}/api/v1/open/monitor/urgency.csv?${span}`);
    expect(byPath.headers.get("content-type")).toContain("text/csv");
  });

  it.each([
    ["monitor?from=2025-13", 400, "invalid_request"],
    ["monitor?from=2025-05&to=2025-01", 400, "invalid_request"],
    ["monitor?from=2020-01&to=2025-01", 400, "invalid_request"],
    ["monitor?months=3", 400, "invalid_request"],
    ["monitor/nothing", 404, "not_found"],
  ])("answers %s with %i %s", async (path, status, code) => {
    const answer = await coordinator.get(path);
    expect(answer.status).toBe(status);
    expect((answer.body.error as { code: string }).code).toBe(code);
  });

  it("prints the same tables on the command line, with a token from the environment", async () => {
    const span = ["--from", "2025-01", "--to", "2025-02"];
    const open = await runIntake(["monitor", "urgency", "--url", system.url, ...span]);
    expect(open.code).toBe(0);
    expect(open.stdout.split("\n")[0]).toMatch(/^urgency\s+2025-01\s+2025-02\s+total$/);
    try {
      process.env.INTAKE_TOKEN = other.token;
      const refused = await runIntake(["monitor", "--url", system.url]);
      expect(refused.code).toBe(2);
      expect(JSON.parse(refused.stderr).error.code).toBe("forbidden");
      process.env.INTAKE_TOKEN = coordinator.token;
      const csv = await runIntake(["monitor", "urgency", "--csv", "--url", system.url, ...span]);
      expect(csv.code).toBe(0);
      expect(csv.stdout).toBe(
        "urgency,2025-01,2025-02,total\r\nemergency,<10,<10,<10\r\nhigh,<10,<10,<10\r\nstandard,<10,<10,<10\r\ninformation,<10,<10,<10\r\ntotal,<10,<10,<10\r\n",
      );
    } finally {
      delete process.env.INTAKE_TOKEN;
    }
  });

  it("takes no writes", async () => {
    const answer = await coordinator.post("monitor", {});
    expect(answer.status).toBe(405);
    expect(answer.headers.get("allow")).toBe("GET");
  });
});
