/** `intake org token …` and `intake ops token …` against a running local system. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "../../functions/adapters/dynamo-access.ts";
import { clientWith } from "../helpers/org-client.ts";
import { runIntake } from "../helpers/run-intake.ts";
import { startTestSystem, type TestSystem } from "../helpers/test-system.ts";

let system: TestSystem;
let target: string[];

beforeAll(async () => {
  system = await startTestSystem();
  const prefix = system.tableNames.access.slice(0, -`${system.region.id}-access`.length);
  target = ["--dynamo", system.emulators.dynamoEndpoint, "--prefix", prefix];
});
afterAll(() => system.stop());

describe("intake org token", () => {
  it("issues a staff member's token once, which the organisations' API then takes", async () => {
    const run = await runIntake([
      "org",
      "token",
      "issue",
      "labour-ngo",
      "Ana de Vries",
      "--days",
      "30",
      ...target,
    ]);
    expect(run.code).toBe(0);
    const issued = JSON.parse(run.stdout);
    expect(issued).toMatchObject({ organisation: "labour-ngo", name: "Ana de Vries" });
    expect(issued.token).toMatch(/^intake_[A-Za-z0-9_-]{43}$/);
    const days = (Date.parse(issued.expires) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29);
    expect(days).toBeLessThan(31);
    const me = await clientWith(system, issued.token).get("org/me");
    expect(me.body).toEqual({ organisation: "labour-ngo", name: "Ana de Vries" });
    // Only the hash is kept.
    const stored = JSON.stringify(await system.items());
    expect(stored).not.toContain(issued.token);
    expect(stored).not.toContain(issued.token.slice("intake_".length));
  });

  it("revokes every token of a staff member, and says how many", async () => {
    const tokens = [];
    for (let i = 0; i < 2; i++) {
      const run = await runIntake(["org", "token", "issue", "legal-aid", "Leaving", ...target]);
      tokens.push(JSON.parse(run.stdout).token as string);
    }
    const run = await runIntake(["org", "token", "revoke", "legal-aid", "Leaving", ...target]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      organisation: "legal-aid",
      name: "Leaving",
      revoked: 2,
    });
    for (const token of tokens)
      expect((await clientWith(system, token).get("org/cases")).status).toBe(401);
    const trail = await auditLog.list("legal-aid", 20);
    expect(trail.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(["token_issued", "token_revoked"]),
    );
  });

  it("issues an ops member's token for the ops trail", async () => {
    const run = await runIntake(["ops", "token", "issue", "Olga", ...target]);
    expect(run.code).toBe(0);
    const { token } = JSON.parse(run.stdout);
    expect((await clientWith(system, token).get("ops/audit")).status).toBe(200);
  });

  it.each([
    [["org", "token", "issue", "nobody", "Ana"], "an unknown organisation"],
    [["org", "token", "issue", "labour-ngo"], "no staff member"],
    [["org", "token", "issue", "labour-ngo", "<script>"], "a name with markup"],
    [["org", "token", "issue", "labour-ngo", "Ana", "--days", "400"], "more than a year"],
    [["org", "token", "lend", "labour-ngo", "Ana"], "an unknown verb"],
    [["ops", "token", "issue", "Olga", "Extra"], "two ops names"],
  ])("refuses %j (%s) with exit 2", async (args, _) => {
    const run = await runIntake([...args, ...target]);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stderr).error.code).toBe("usage");
  });

  it("says plainly when the system is not running", async () => {
    const run = await runIntake([
      "org",
      "token",
      "issue",
      "labour-ngo",
      "Ana",
      "--dynamo",
      "http://127.0.0.1:9",
    ]);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stderr).error.message).toContain("cannot be reached");
  });
});
