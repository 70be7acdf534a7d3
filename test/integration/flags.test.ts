/**
 * Spam and abuse flags on the real local system: a flag never hides a case from the people who
 * must see it. An organisation's flag takes the case out of its own inbox only and is a proposal
 * the others see; only the coordinator marks a case for everyone (on its own, or confirming the
 * lead); every flag and every undo reaches every organisation on the case, on its queue and in
 * its audit trail; an emergency nobody claimed stays in every inbox; the person's replies still
 * reach every organisation on the case.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "../../functions/adapters/dynamo-access.ts";
import { caseStore } from "../../functions/adapters/dynamo-cases.ts";
import { demoKeys, openSealed } from "../helpers/demo-keys.ts";
import { type OrgClient, staff, staffClient } from "../helpers/org-client.ts";
import { aWorkerWhoLostEverything } from "../helpers/report-factory.ts";
import { startTestSystem, type TestSystem } from "../helpers/test-system.ts";

let system: TestSystem;
let lead: OrgClient;
let legal: OrgClient;
let coordinator: OrgClient;

const LEAD = "labour-ngo";
const LEGAL = "legal-aid";
const COORDINATOR = "coordination-centre";
const ON_CASE = [COORDINATOR, LEAD, LEGAL];

beforeAll(async () => {
  system = await startTestSystem();
  [lead, legal, coordinator] = await Promise.all([
    staffClient(system, staff(LEAD, "Ana")),
    staffClient(system, staff(LEGAL, "Lev")),
    staffClient(system, staff(COORDINATOR, "Cor")),
  ]);
});
afterAll(() => system.stop());

/** The seed case: the labour NGO leads, legal aid and the coordinator are on it too. */
const routedCase = (changes: Parameters<typeof aWorkerWhoLostEverything>[0] = {}) =>
  system.routedCase({ ...aWorkerWhoLostEverything(changes), test: true });

const clients = () => ({ [LEAD]: lead, [LEGAL]: legal, [COORDINATOR]: coordinator });

/** The organisations whose inbox lists the case (`hidden`: those it is flagged out of). */
async function listing(caseId: string, hidden = false): Promise<string[]> {
  const listed: string[] = [];
  for (const [organisation, client] of Object.entries(clients())) {
    const { status, body } = await client.get(`org/cases${hidden ? "?hidden=true" : ""}`);
    expect(status).toBe(200);
    if ((body.cases as { caseId: string }[]).some((c) => c.caseId === caseId))
      listed.push(organisation);
  }
  return listed.sort();
}

const flag = (client: OrgClient, caseId: string, body: Record<string, unknown>) =>
  client.post(`org/cases/${caseId}/flag`, body);

/** The notices of one kind about a case on each organisation's queue, by organisation. */
async function notices(caseId: string, kind: string) {
  const found: Record<string, Record<string, unknown>[]> = {};
  for (const organisation of ON_CASE) {
    found[organisation] = (await system.drain(system.deliveryUrl(organisation), 300))
      .map((message) => JSON.parse(message.Body ?? "{}") as Record<string, unknown>)
      .filter((message) => message.kind === kind && message.caseId === caseId);
  }
  return found;
}

async function trailOf(organisation: string, caseId: string) {
  return (await auditLog.list(organisation, 500)).filter((entry) => entry.caseId === caseId);
}

describe("an organisation's flag", () => {
  it("by a non-lead organisation leaves the case visible to the lead and coordinator", async () => {
    const { caseId } = await routedCase();
    const answer = await flag(legal, caseId, { flag: "spam" });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ flag: "spam", forEveryone: false, hidden: true });
    expect(await listing(caseId)).toEqual([COORDINATOR, LEAD]);
    expect((await lead.get(`org/cases/${caseId}`)).status).toBe(200);
    expect((await coordinator.get(`org/cases/${caseId}`)).status).toBe(200);
  });

  it("hides the case from its own inbox only; the organisation finds it again and can still read it", async () => {
    const { caseId } = await routedCase();
    await flag(lead, caseId, { flag: "abuse" });
    expect(await listing(caseId)).toEqual([COORDINATOR, LEGAL]);
    expect(await listing(caseId, true)).toEqual([LEAD]);
    const own = await lead.get(`org/cases/${caseId}`);
    expect(own.status).toBe(200);
    expect(own.body.hidden).toBe(true);
  });

  it("is a proposal the others see on the case and on their queue, and in every audit trail", async () => {
    const { caseId } = await routedCase();
    await flag(legal, caseId, { flag: "spam" });
    for (const client of [lead, coordinator]) {
      const { body } = await client.get(`org/cases/${caseId}`);
      expect(body.hidden).toBe(false);
      expect(body.flags).toEqual([
        expect.objectContaining({
          organisation: LEGAL,
          flag: "spam",
          forEveryone: false,
          lead: false,
        }),
      ]);
    }
    const queued = await notices(caseId, "flagged");
    expect(queued[LEAD]).toEqual([
      expect.objectContaining({ flaggedBy: LEGAL, flag: "spam", forEveryone: false }),
    ]);
    expect(queued[COORDINATOR]).toHaveLength(1);
    expect(queued[LEGAL]).toEqual([]);
    for (const organisation of ON_CASE) {
      const flags = (await trailOf(organisation, caseId)).filter((e) => e.action === "flag");
      expect(flags, organisation).toEqual([
        expect.objectContaining({
          organisation,
          actor: organisation === LEGAL ? "Lev" : `org:${LEGAL}`,
          detail: { flag: "spam", forEveryone: "false", by: LEGAL },
        }),
      ]);
    }
  });
});

describe("spam for everyone", () => {
  it("is the coordinator's alone: the lead's and another's attempts are refused (403) and change nothing", async () => {
    const { caseId } = await routedCase();
    for (const client of [lead, legal]) {
      const answer = await flag(client, caseId, { flag: "spam", forEveryone: true });
      expect(answer.status).toBe(403);
      expect(answer.body).toMatchObject({ error: { code: "forbidden" } });
    }
    expect((await caseStore.get(caseId, Date.now()))?.flags).toBeUndefined();
    expect(await listing(caseId)).toEqual(ON_CASE);

    const marked = await flag(coordinator, caseId, { flag: "spam", forEveryone: true });
    expect(marked.body).toEqual({ flag: "spam", forEveryone: true, hidden: true });
    expect(await listing(caseId)).toEqual([]);
    expect(await listing(caseId, true)).toEqual(ON_CASE);
  });

  it("comes of the lead's proposal once the coordinator confirms it", async () => {
    const { caseId } = await routedCase();
    await flag(lead, caseId, { flag: "spam" });
    expect(await listing(caseId)).toEqual([COORDINATOR, LEGAL]);
    const seen = await coordinator.get(`org/cases/${caseId}`);
    expect(seen.body.flags).toEqual([expect.objectContaining({ organisation: LEAD, lead: true })]);
    await flag(coordinator, caseId, { flag: "spam", forEveryone: true });
    expect(await listing(caseId)).toEqual([]);
  });
});

describe("taking a flag back", () => {
  it("puts the case back, and reaches every organisation's queue and audit trail", async () => {
    const { caseId } = await routedCase();
    await flag(legal, caseId, { flag: "spam" });
    const undone = await legal.post(`org/cases/${caseId}/unflag`);
    expect(undone.status).toBe(200);
    expect(undone.body).toEqual({ flag: null, forEveryone: false, hidden: false });
    expect(await listing(caseId)).toEqual(ON_CASE);
    expect((await lead.get(`org/cases/${caseId}`)).body.flags).toEqual([]);

    const queued = await notices(caseId, "unflagged");
    expect(queued[LEAD]).toEqual([expect.objectContaining({ flaggedBy: LEGAL, flag: "spam" })]);
    expect(queued[COORDINATOR]).toHaveLength(1);
    for (const organisation of ON_CASE) {
      const actions = (await trailOf(organisation, caseId))
        .filter((e) => e.action === "flag" || e.action === "unflag")
        .map((e) => e.action)
        .sort();
      expect(actions, organisation).toEqual(["flag", "unflag"]);
    }
  });

  it("by the coordinator ends its mark for everyone; the lead's own flag stays its own", async () => {
    const { caseId } = await routedCase();
    await flag(lead, caseId, { flag: "spam" });
    await flag(coordinator, caseId, { flag: "spam", forEveryone: true });
    expect(await listing(caseId)).toEqual([]);
    expect((await coordinator.post(`org/cases/${caseId}/unflag`)).status).toBe(200);
    expect(await listing(caseId)).toEqual([COORDINATOR, LEGAL]);
  });

  it("is refused (409) when the organisation has no flag on the case, another's included", async () => {
    const { caseId } = await routedCase();
    await flag(legal, caseId, { flag: "spam" });
    const answer = await lead.post(`org/cases/${caseId}/unflag`);
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({ error: { code: "conflict" } });
    expect(await listing(caseId)).toEqual([COORDINATOR, LEAD]);
  });
});

describe("an emergency", () => {
  it("is never hidden while unclaimed, even marked for everyone; once claimed the mark holds", async () => {
    const { caseId } = await routedCase({ inDanger: "yes" });
    await flag(legal, caseId, { flag: "spam" });
    const marked = await flag(coordinator, caseId, { flag: "spam", forEveryone: true });
    expect(marked.body.hidden).toBe(false);
    expect(await listing(caseId)).toEqual(ON_CASE);
    expect((await legal.get(`org/cases/${caseId}`)).body.hidden).toBe(false);

    expect((await lead.post(`org/cases/${caseId}/claim`)).status).toBe(200);
    expect(await listing(caseId)).toEqual([]);
  });
});

describe("bad input", () => {
  it.each([
    ["an unknown flag", "flag", { flag: "boring" }],
    ["forEveryone that is not a boolean", "flag", { flag: "spam", forEveryone: "yes" }],
    ["an unknown field", "flag", { flag: "spam", scope: "all" }],
    ["a body on an undo", "unflag", { flag: "spam" }],
  ])("%s: 400 invalid_request, and nothing stored", async (_, step, body) => {
    const { caseId } = await routedCase();
    const answer = await coordinator.post(`org/cases/${caseId}/${step}`, body);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: { code: "invalid_request" } });
    expect((await caseStore.get(caseId, Date.now()))?.flags).toBeUndefined();
  });
});

describe("the person's replies", () => {
  it("are sealed to every organisation still on the case, those that flagged it included", async () => {
    const { caseId, receipt } = await routedCase();
    await flag(legal, caseId, { flag: "abuse" });
    await flag(coordinator, caseId, { flag: "spam", forEveryone: true });
    const response = await fetch(`${system.url}/api/v1/status/reply`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ receipt, text: "Still here. Please call." }),
    });
    expect(response.status).toBe(200);
    for (const [organisation, client] of Object.entries(clients())) {
      const { body } = await client.get(`org/cases/${caseId}`);
      const [reply] = body.replies as { sealed: string }[];
      const [key] = demoKeys(organisation);
      expect(await openSealed(key?.identity ?? "", reply?.sealed ?? ""), organisation).toBe(
        "Still here. Please call.",
      );
    }
  });
});
