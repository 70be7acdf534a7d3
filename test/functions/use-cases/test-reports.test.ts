import { describe, expect, it } from "vitest";
import type { Caller } from "../../../functions/ports/access.ts";
import {
  issueCredential,
  REQUESTS_PER_MINUTE,
  revokeCredentials,
} from "../../../functions/use-cases/credentials.ts";
import {
  admitTestReport,
  TestReportRefusedError,
} from "../../../functions/use-cases/test-reports.ts";
import { inMemoryAuditLog, inMemoryCredentials } from "../../helpers/in-memory/access.ts";

const NOW = Date.UTC(2025, 5, 1, 12, 0, 0);
const OPS: Caller = { kind: "ops", name: "olga" };
const STAFF: Caller = { kind: "staff", organisation: "shelter", name: "anna" };

async function setUp() {
  const deps = { credentials: inMemoryCredentials(), audit: inMemoryAuditLog() };
  const ops = (await issueCredential(deps, OPS, 30, NOW)).token;
  const staff = (await issueCredential(deps, STAFF, 30, NOW)).token;
  return { deps, ops: `Bearer ${ops}`, staff: `Bearer ${staff}` };
}

const refusal = (promise: Promise<void>) =>
  promise.then(
    () => "admitted",
    (error: unknown) => (error instanceof TestReportRefusedError ? error.problem : error),
  );

describe("who may send a test report", () => {
  it.each([
    ["without test", {}],
    ["with test: false", { test: false }],
  ])("asks a report %s for no credential at all", async (_, report) => {
    const { deps } = await setUp();
    expect(await refusal(admitTestReport(deps, report, undefined, NOW))).toBe("admitted");
    expect(await refusal(admitTestReport(deps, report, "Bearer nonsense", NOW))).toBe("admitted");
  });

  it("admits a test report with an ops credential", async () => {
    const { deps, ops } = await setUp();
    expect(await refusal(admitTestReport(deps, { test: true }, ops, NOW))).toBe("admitted");
  });

  it.each([
    ["no credential", () => undefined],
    ["a staff credential", (t: { staff: string }) => t.staff],
    ["an unknown token", () => `Bearer intake_${"Q".repeat(43)}`],
    ["a malformed header", () => "Bearer"],
  ])("refuses a test report with %s as forbidden", async (_, header) => {
    const set = await setUp();
    expect(await refusal(admitTestReport(set.deps, { test: true }, header(set), NOW))).toBe(
      "forbidden",
    );
  });

  it("refuses a test report once its ops credential is revoked", async () => {
    const { deps, ops } = await setUp();
    await revokeCredentials(deps, OPS, NOW);
    expect(await refusal(admitTestReport(deps, { test: true }, ops, NOW + 1))).toBe("forbidden");
  });

  it("says to slow down when the ops credential is over its rate limit", async () => {
    const { deps, ops } = await setUp();
    for (let request = 0; request < REQUESTS_PER_MINUTE; request++)
      await admitTestReport(deps, { test: true }, ops, NOW);
    expect(await refusal(admitTestReport(deps, { test: true }, ops, NOW))).toBe(
      "too_many_requests",
    );
  });
});
