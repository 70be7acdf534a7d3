import { describe, expect, it } from "vitest";
import type { AuditEntry } from "../../../functions/ports/access.ts";
import { AUDIT_PAGE, readOpsAudit, readOwnAudit } from "../../../functions/use-cases/read-audit.ts";
import { inMemoryAuditLog } from "../../helpers/in-memory/access.ts";

const NOW = Date.UTC(2025, 3, 10, 10, 0, 0);
const region = { organisations: [{ id: "coord" }, { id: "shelter" }, { id: "legal" }] };

const entry = (organisation: string, at: number, caseId = "c1"): AuditEntry => ({
  at,
  organisation,
  actor: "anna",
  action: "read",
  caseId,
});

async function aTrail() {
  const audit = inMemoryAuditLog();
  await audit.append(entry("shelter", NOW - 3000));
  await audit.append(entry("legal", NOW - 2000, "c2"));
  await audit.append(entry("shelter", NOW - 1000, "c3"));
  await audit.append({ at: NOW - 500, organisation: "ops", actor: "ops", action: "token_issued" });
  return audit;
}

describe("an organisation's staff reading their audit trail", () => {
  it("see their own organisation's entries only, newest first, and their reading is written", async () => {
    const audit = await aTrail();
    const entries = await readOwnAudit({ audit }, { organisation: "shelter", name: "bo" }, NOW);
    expect(entries.map((e) => e.caseId)).toEqual(["c3", "c1"]);
    expect((await audit.list("shelter", 1))[0]).toEqual({
      at: NOW,
      organisation: "shelter",
      actor: "bo",
      action: "audit_read",
    });
    expect(await audit.list("legal", 10)).toHaveLength(1);
  });

  it(`get the newest ${AUDIT_PAGE} entries at most`, async () => {
    const audit = inMemoryAuditLog();
    for (let at = 0; at < AUDIT_PAGE + 5; at++) await audit.append(entry("shelter", at));
    const entries = await readOwnAudit({ audit }, { organisation: "shelter", name: "bo" }, NOW);
    expect(entries).toHaveLength(AUDIT_PAGE);
    expect(entries[0]?.at).toBe(AUDIT_PAGE + 4);
  });
});

describe("ops reading the audit trail", () => {
  it("read every organisation's trail and their own, merged newest first", async () => {
    const audit = await aTrail();
    const entries = await readOpsAudit(
      { audit, region },
      { kind: "ops", name: "olga" },
      undefined,
      NOW,
    );
    expect(entries.map((e) => [e.organisation, e.at])).toEqual([
      ["ops", NOW - 500],
      ["shelter", NOW - 1000],
      ["legal", NOW - 2000],
      ["shelter", NOW - 3000],
    ]);
    expect((await audit.list("ops", 1))[0]).toEqual({
      at: NOW,
      organisation: "ops",
      actor: "ops:olga",
      action: "audit_read",
    });
  });

  it("read one organisation's trail when asked, and write the reading to ops's trail", async () => {
    const audit = await aTrail();
    const entries = await readOpsAudit(
      { audit, region },
      { kind: "ops", name: "olga" },
      "legal",
      NOW,
    );
    expect(entries.map((e) => e.caseId)).toEqual(["c2"]);
    expect(await audit.list("legal", 10)).toHaveLength(1);
    expect((await audit.list("ops", 1))[0]?.action).toBe("audit_read");
  });

  it(`keep the newest ${AUDIT_PAGE} across every trail`, async () => {
    const audit = inMemoryAuditLog();
    for (let at = 0; at < AUDIT_PAGE; at++) {
      await audit.append(entry("shelter", 2 * at));
      await audit.append(entry("legal", 2 * at + 1));
    }
    const entries = await readOpsAudit(
      { audit, region },
      { kind: "ops", name: "olga" },
      undefined,
      NOW,
    );
    expect(entries).toHaveLength(AUDIT_PAGE);
    expect(entries.at(-1)?.at).toBe(2 * AUDIT_PAGE - AUDIT_PAGE);
    expect(entries.map((e) => e.at)).toEqual([...entries.map((e) => e.at)].sort((a, b) => b - a));
  });
});
