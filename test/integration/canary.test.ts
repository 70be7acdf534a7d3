/**
 * The canary's run against the local system, end to end over HTTP (functions/use-cases/
 * run-canary.ts with the adapters it runs with on AWS: the public API over fetch and the real
 * proof-of-work solver; the ops credential a real one of the credentials table): its test report
 * is taken in, routed to the organisations the policy chooses (the sample region's test
 * organisation, as shipped), checked and removed, with nothing of it left in an inbox. The ops
 * routes it uses answer for test cases only.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_REGION_FILE } from "../../config/region-file.ts";
import { solveChallenge } from "../../functions/adapters/proof-of-work.ts";
import { publicApi } from "../../functions/adapters/public-api.ts";
import type { CanaryDeps } from "../../functions/use-cases/run-canary.ts";
import { runCanary } from "../../functions/use-cases/run-canary.ts";
import { expectedOrganisations, smokeReport } from "../../scripts/smoke.ts";
import { clientWith, staff, staffClient } from "../helpers/org-client.ts";
import { aWorkerWhoLostEverything } from "../helpers/report-factory.ts";
import { startTestSystem, type TestSystem } from "../helpers/test-system.ts";

let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem({ regionFile: DEFAULT_REGION_FILE });
});
afterAll(() => system.stop());

function canaryOn(token: () => Promise<string>) {
  const recorded: { ok: boolean; ms: number }[] = [];
  const deps: CanaryDeps = {
    region: system.region,
    api: publicApi(`${system.url}/`),
    solver: { solve: async (challenge) => solveChallenge(challenge as never) },
    credential: { opsToken: token },
    clock: { now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) },
    results: { record: async (result) => void recorded.push(result) },
  };
  return { deps, recorded };
}

const itemsOf = async (caseId: string) =>
  (await system.items()).filter((item) => item.caseId === caseId || item.pk === `case#${caseId}`);

describe("the canary against the local system", () => {
  it("sends its test report, sees it reach the test organisation the policy chose, and removes it", async () => {
    const { deps, recorded } = canaryOn(() => system.opsToken());
    const result = await runCanary(deps, randomUUID());

    const expected = expectedOrganisations(system.region, smokeReport(system.region));
    // The test organisation alone: no real organisation's inbox ever had the case.
    expect(expected).toEqual(["ops-test"]);
    expect(result).toMatchObject({ ok: true, reached: expected.length, removed: true });
    expect(result.failed).toBeUndefined();
    expect(recorded).toEqual([{ ok: true, ms: result.ms }]);
    // Gone from the tables: no case, no assignment, so in no inbox. Its receipt link stays,
    // pointing at nothing, until the region's linkDays are over, as every link.
    const left = await itemsOf(String(result.caseId));
    expect(left.filter((item) => !/^(receipt#|ops$)/.test(String(item.pk ?? "")))).toEqual([]);
    const links = left.filter((item) => String(item.pk).startsWith("receipt#"));
    expect(links).toHaveLength(1);
    const linkSeconds = system.region.retention.linkDays * 86_400;
    expect(Number(links[0]?.expiresAt)).toBeLessThanOrEqual(Date.now() / 1000 + linkSeconds);
    expect(Number(links[0]?.expiresAt)).toBeGreaterThan(Date.now() / 1000 + linkSeconds - 600);
    for (const organisation of expected) {
      const inbox = await staffClient(system, staff(organisation));
      const cases = (await inbox.get("org/cases")).body.cases as { caseId: string }[];
      expect(cases.map((row) => row.caseId)).not.toContain(result.caseId);
    }
    // The ops trail says who removed it.
    const ops = clientWith(system, await system.opsToken());
    const trail = (await ops.get("ops/audit")).body.entries as Record<string, unknown>[];
    expect(trail).toContainEqual(
      expect.objectContaining({
        action: "test_removed",
        caseId: result.caseId,
        actor: "ops:tests",
      }),
    );
  }, 120_000);

  it("fails at the report, removing nothing, when its token is not an ops token", async () => {
    const staffToken = (await staffClient(system, staff(system.region.coordinator))).token;
    const { deps, recorded } = canaryOn(async () => staffToken);
    const result = await runCanary(deps, randomUUID());
    expect(result).toMatchObject({ ok: false, failed: "report", problem: "http_403" });
    expect(result.caseId).toBeUndefined();
    expect(recorded).toEqual([{ ok: false, ms: result.ms }]);
  }, 60_000);

  it("answers the test-report routes for test cases only, and to ops only", async () => {
    const ops = clientWith(system, await system.opsToken());
    // A real case (its answer names no case: found as the one new case of the tables).
    const cases = async () =>
      (await system.items()).filter((item) => String(item.pk).startsWith("case#"));
    const before = new Set((await cases()).map((item) => item.pk));
    expect((await system.submit(aWorkerWhoLostEverything())).status).toBe(201);
    await system.settled();
    const [real] = (await cases()).filter((item) => !before.has(item.pk));
    const realId = String(real?.caseId);
    const path = `ops/test-reports/${realId}`;
    expect((await ops.get(path)).status).toBe(404);
    expect((await ops.post(`${path}/remove`)).status).toBe(404);
    expect((await itemsOf(realId)).some((item) => item.pk === `case#${realId}`)).toBe(true);

    const test = await system.routedCase({ ...aWorkerWhoLostEverything(), test: true });
    const coordinator = await staffClient(system, staff(system.region.coordinator));
    expect((await coordinator.get(`ops/test-reports/${test.caseId}`)).status).toBe(403);
    const outcome = await ops.get(`ops/test-reports/${test.caseId}`);
    expect(outcome.status).toBe(200);
    expect(outcome.body.state).toBe("routed");
    const organisations = outcome.body.organisations as { organisation: string; state: string }[];
    expect(organisations.length).toBeGreaterThan(0);
    expect(organisations.every(({ state }) => state === "sent")).toBe(true);
    expect(Object.keys(outcome.body).sort()).toEqual(["caseId", "organisations", "state"]);

    const removed = await ops.post(`ops/test-reports/${test.caseId}/remove`);
    expect(removed.body).toEqual({
      removed: { assignments: organisations.length, case: true },
    });
    expect((await ops.get(`ops/test-reports/${test.caseId}`)).status).toBe(404);
  }, 60_000);
});
