/**
 * The organisations' API on the real local system: who may see what (every endpoint refuses a
 * case of another organisation with the same 404 as a case that does not exist), and the work
 * itself: claim, progress, close, decline, hand over, write to the person; all audited (flags:
 * flags.test.ts).
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { normaliseReceipt } from "../../domain/receipt.ts";
import { currentRegion } from "../../functions/adapters/current-region.ts";
import { auditLog, credentialStore } from "../../functions/adapters/dynamo-access.ts";
import { assignmentStore } from "../../functions/adapters/dynamo-assignments.ts";
import { caseStore } from "../../functions/adapters/dynamo-cases.ts";
import { localAlerts } from "../../functions/adapters/notifications.ts";
import { personKeys } from "../../functions/adapters/receipt-crypto.ts";
import { deliveryQueues, routingQueue } from "../../functions/adapters/sqs-queues.ts";
import { tokenHash } from "../../functions/use-cases/credentials.ts";
import { escalateUnclaimed } from "../../functions/use-cases/escalate-unclaimed.ts";
import { demoKeys, openSealed } from "../helpers/demo-keys.ts";
import { clientWith, type OrgClient, sealTo, staff, staffClient } from "../helpers/org-client.ts";
import { aReport, aWorkerWhoLostEverything } from "../helpers/report-factory.ts";
import { eventually, startTestSystem, type TestSystem } from "../helpers/test-system.ts";

let system: TestSystem;
let ngo: OrgClient;
let ngoColleague: OrgClient;
let legal: OrgClient;
let coordinator: OrgClient;
let shelter: OrgClient;
let ops: OrgClient;

const NARRATIVE = "They kept my passport. CANARY-org-api";

beforeAll(async () => {
  system = await startTestSystem();
  [ngo, ngoColleague, legal, coordinator, shelter, ops] = await Promise.all([
    staffClient(system, staff("labour-ngo", "Ana")),
    staffClient(system, staff("labour-ngo", "Bo")),
    staffClient(system, staff("legal-aid")),
    staffClient(system, staff("coordination-centre")),
    staffClient(system, staff("categorical-shelter")),
    staffClient(system, { kind: "ops", name: "Olga" }),
  ]);
});
afterAll(() => system.stop());

/** A report of the seed case (labour NGO as lead, legal aid, the coordinator), routed. */
const routedCase = (changes: Parameters<typeof aWorkerWhoLostEverything>[0] = {}) =>
  system.routedCase({
    ...aWorkerWhoLostEverything({ narrative: NARRATIVE, ...changes }),
    test: true,
  });

describe("credentials", () => {
  it.each([
    ["no token", undefined],
    ["a malformed token", "Bearer not-a-token"],
    ["an unknown token", `Bearer intake_${"A".repeat(43)}`],
    ["another scheme", "Basic dXNlcjpwYXNz"],
  ])("refuses %s with 401, saying nothing more", async (_, authorization) => {
    const response = await fetch(`${system.url}/api/v1/org/cases`, {
      headers: authorization ? { Authorization: authorization } : {},
    });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toContain("Bearer");
    expect(await response.json()).toEqual({
      error: { code: "unauthorized", message: "A valid access token is required." },
    });
  });

  it("refuses an expired and a revoked token with the same 401", async () => {
    const expired = `intake_${"E".repeat(43)}`;
    await credentialStore.issue({
      tokenHash: tokenHash(expired),
      caller: staff("labour-ngo", "Gone"),
      issuedAt: Date.now() - 100 * 86_400_000,
      expiresAt: Math.floor(Date.now() / 1000) - 60,
    });
    const leaver = await staffClient(system, staff("labour-ngo", "Leaver"));
    expect((await leaver.get("org/cases")).status).toBe(200);
    expect(await credentialStore.revoke(staff("labour-ngo", "Leaver"), Date.now())).toBe(1);
    for (const client of [clientWith(system, expired), leaver]) {
      const answer = await client.get("org/cases");
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({
        error: { code: "unauthorized", message: "A valid access token is required." },
      });
    }
  });

  it("keeps staff out of the ops trail and ops out of the inboxes", async () => {
    expect((await ngo.get("ops/audit")).status).toBe(403);
    expect((await ops.get("org/cases")).status).toBe(403);
    expect((await ops.get("ops/audit")).status).toBe(200);
  });

  it("slows down a credential past its requests per minute (429)", async () => {
    const busy = await staffClient(system, staff("victim-support", "Busy"));
    const hash = tokenHash(busy.token);
    // The limit counts per clock minute: fill this minute and the next, so that a
    // request made just after the minute turns still finds its window full.
    const start = Date.now();
    for (const minute of [start, start + 60_000]) {
      for (let i = 0; i < 120; i++) await credentialStore.admit(hash, minute, { perMinute: 120 });
    }
    const answer = await busy.get("org/cases");
    expect(answer.status).toBe(429);
    expect(answer.headers.get("retry-after")).toBe("60");
  });
});

describe("no organisation sees another's cases", () => {
  let caseId = "";
  beforeAll(async () => {
    ({ caseId } = await routedCase());
  });

  it("lists the case in the inboxes of the organisations it was routed to, and no other", async () => {
    for (const client of [ngo, legal, coordinator]) {
      const { body } = await client.get("org/cases");
      expect((body.cases as { caseId: string }[]).map((c) => c.caseId)).toContain(caseId);
    }
    const { body } = await shelter.get("org/cases");
    expect((body.cases as { caseId: string }[]).map((c) => c.caseId)).not.toContain(caseId);
  });

  const ENDPOINTS: [
    string,
    (client: OrgClient, id: string) => Promise<{ status: number; body: unknown }>,
  ][] = [
    ["read", (client, id) => client.get(`org/cases/${id}`)],
    ["claim", (client, id) => client.post(`org/cases/${id}/claim`)],
    ["decline", (client, id) => client.post(`org/cases/${id}/decline`, { reason: "no_capacity" })],
    ["state", (client, id) => client.post(`org/cases/${id}/state`, { state: "in_contact" })],
    ["flag", (client, id) => client.post(`org/cases/${id}/flag`, { flag: "spam" })],
    ["unflag", (client, id) => client.post(`org/cases/${id}/unflag`)],
    [
      "handover",
      (client, id) =>
        client.post(`org/cases/${id}/handover`, {
          to: "victim-support",
          need: "psychosocial",
          sealed: {},
        }),
    ],
    ["message", (client, id) => client.post(`org/cases/${id}/messages`, { sealed: "x" })],
  ];

  it.each(ENDPOINTS)(
    "%s: a case of another organisation, one that does not exist and a malformed id all answer the same 404",
    async (_, call) => {
      const answers = await Promise.all([
        call(shelter, caseId),
        call(shelter, randomUUID()),
        call(shelter, "not-an-id"),
      ]);
      for (const answer of answers) {
        expect(answer.status).toBe(404);
        expect(answer.body).toEqual(answers[0]?.body);
      }
    },
  );

  it("leaves the case untouched by those refusals", async () => {
    const assignments = await assignmentStore.ofCase(caseId);
    expect(assignments.map((a) => [a.organisation, a.state, a.hidden ?? false])).toEqual([
      ["coordination-centre", "sent", false],
      ["labour-ngo", "sent", false],
      ["legal-aid", "sent", false],
    ]);
  });
});

describe("reading a case", () => {
  it("gives each organisation what G7 sealed for it, the others on the case, and nothing identifying in clear", async () => {
    const { caseId } = await routedCase();
    const lead = await ngo.get(`org/cases/${caseId}`);
    expect(lead.status).toBe(200);
    expect(lead.body).toMatchObject({
      caseId,
      urgency: "high",
      municipality: "GM0344",
      contactLanguages: ["pl"],
      test: true,
      assignment: { state: "sent" },
      reportedBefore: null,
    });
    const sealed = lead.body.sealed as { narrative: string; contact: string };
    const [key] = demoKeys("labour-ngo");
    expect(await openSealed(key?.identity ?? "", sealed.narrative)).toBe(NARRATIVE);
    expect(JSON.parse(await openSealed(key?.identity ?? "", sealed.contact))).toMatchObject({
      channel: "phone",
    });
    expect(
      (lead.body.others as { organisation: string; lead: boolean }[]).map((o) => [
        o.organisation,
        o.lead,
      ]),
    ).toEqual([
      ["coordination-centre", false],
      ["legal-aid", false],
    ]);

    const other = await legal.get(`org/cases/${caseId}`);
    expect(Object.keys(other.body.sealed as object)).toEqual(["narrative"]);
    expect(JSON.stringify(other.body)).not.toContain("CANARY");
  });
});

describe("claiming and working a case", () => {
  it("lets two staff members claim at once: one claim, one 409, no 5xx; the others see the lead's claim", async () => {
    const { caseId } = await routedCase();
    const answers = await Promise.all([
      ngo.post(`org/cases/${caseId}/claim`),
      ngoColleague.post(`org/cases/${caseId}/claim`),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const claimed = await assignmentStore.get(caseId, "labour-ngo");
    expect(claimed?.state).toBe("claimed");
    expect(["Ana", "Bo"]).toContain(claimed?.claimedBy);
    const seen = await legal.get(`org/cases/${caseId}`);
    expect(
      (seen.body.others as { organisation: string; state: string }[]).find(
        (o) => o.organisation === "labour-ngo",
      )?.state,
    ).toBe("claimed");
    expect((await caseStore.get(caseId, Date.now()))?.claimedAt).toBeGreaterThan(0);
  });

  it("moves through in contact and supported to closed, with an outcome, and refuses a move that does not fit", async () => {
    const { caseId } = await routedCase();
    expect((await ngo.post(`org/cases/${caseId}/state`, { state: "in_contact" })).status).toBe(409); // not claimed
    expect((await ngo.post(`org/cases/${caseId}/claim`)).status).toBe(200);
    expect((await ngo.post(`org/cases/${caseId}/state`, { state: "in_contact" })).status).toBe(200);
    expect((await ngo.post(`org/cases/${caseId}/state`, { state: "supported" })).status).toBe(200);
    const noOutcome = await ngo.post(`org/cases/${caseId}/state`, { state: "closed_helped" });
    expect(noOutcome.status).toBe(409);
    expect(
      (
        await ngo.post(`org/cases/${caseId}/state`, {
          state: "closed_helped",
          outcome: "income_secured",
        })
      ).status,
    ).toBe(200);
    expect((await ngo.post(`org/cases/${caseId}/state`, { state: "in_contact" })).status).toBe(409);
    expect(await assignmentStore.get(caseId, "labour-ngo")).toMatchObject({
      state: "closed_helped",
      outcome: "income_secured",
    });
  });

  it.each([
    ["an unknown state", { state: "finished" }],
    ["an unknown outcome", { state: "closed_helped", outcome: "great" }],
    ["an extra field", { state: "in_contact", note: "private words" }],
  ])("refuses %s with 400 in the contract's shape", async (_, body) => {
    const { caseId } = await routedCase();
    const answer = await ngo.post(`org/cases/${caseId}/state`, body);
    expect(answer.status).toBe(400);
    expect((answer.body.error as { code: string }).code).toBe("invalid_request");
    expect(JSON.stringify(answer.body)).not.toContain("private words");
  });

  it("takes a message sealed to the person, which only the holder of the receipt can open", async () => {
    const { caseId, receipt } = await routedCase();
    const view = await ngo.get(`org/cases/${caseId}`);
    const sealed = await sealTo(
      [String(view.body.personRecipient)],
      "We can help. Call us on Monday.",
    );
    expect((await ngo.post(`org/cases/${caseId}/messages`, { sealed })).status).toBe(409); // claim first
    await ngo.post(`org/cases/${caseId}/claim`);
    const sent = await ngo.post(`org/cases/${caseId}/messages`, { sealed });
    expect(sent.status).toBe(201);
    const stored = await caseStore.get(caseId, Date.now());
    const message = stored?.messages?.[0];
    expect(message).toMatchObject({ organisation: "labour-ngo", sealed });
    const person = await personKeys(
      normaliseReceipt(receipt) ?? "",
      Buffer.from(stored?.person?.salt ?? "", "base64"),
    );
    expect(await openSealed(person.identity, message?.sealed ?? "")).toBe(
      "We can help. Call us on Monday.",
    );
    expect((await ngo.post(`org/cases/${caseId}/messages`, { sealed: "plain words" })).status).toBe(
      409,
    );
  });
});

describe("declining", () => {
  it("routes the case again without the organisation, and tells the coordinator (a notice and an alert)", async () => {
    const { caseId } = await routedCase();
    const alertsBefore = localAlerts.length;
    const answer = await legal.post(`org/cases/${caseId}/decline`, { reason: "no_capacity" });
    expect(answer.status).toBe(200);
    expect((await assignmentStore.get(caseId, "legal-aid"))?.state).toBe("declined");
    const rerouted = await eventually(async () => {
      const found = await caseStore.get(caseId, Date.now());
      return found?.state === "routed" && found.declined?.includes("legal-aid") ? found : undefined;
    });
    const organisations = rerouted.decision.routing.organisations;
    expect(organisations).not.toContain("legal-aid");
    // residence and legal needs go to the next who covers them
    expect(organisations).toContain("residence-advice");
    await eventually(async () =>
      (await assignmentStore.get(caseId, "residence-advice"))?.state === "sent" ? true : undefined,
    );
    const newcomer = (await system.drain(system.deliveryUrl("residence-advice"), 500))
      .map((m) => JSON.parse(m.Body ?? "{}"))
      .find((envelope) => envelope.caseId === caseId);
    // A pointer to the case: what it may read (the clear part only) it reads through the API.
    expect(newcomer).toMatchObject({ kind: "case", version: 2, organisation: "residence-advice" });
    expect(newcomer?.sealed).toBeUndefined();

    const notices = (await system.drain(system.deliveryUrl("coordination-centre"), 500))
      .map((m) => JSON.parse(m.Body ?? "{}"))
      .filter((message) => message.kind === "declined" && message.caseId === caseId);
    expect(notices).toEqual([
      expect.objectContaining({
        declinedBy: "legal-aid",
        reason: "no_capacity",
        organisation: "coordination-centre",
      }),
    ]);
    expect(localAlerts.slice(alertsBefore)).toContainEqual(
      expect.objectContaining({ organisation: "coordination-centre", kind: "declined" }),
    );
  });

  it("does not let the coordinator decline", async () => {
    const { caseId } = await routedCase();
    expect(
      (await coordinator.post(`org/cases/${caseId}/decline`, { reason: "no_capacity" })).status,
    ).toBe(409);
  });
});

describe("handing a need over", () => {
  it("brings the organisation in with the parts the lead re-sealed for it on its side", async () => {
    const { caseId } = await routedCase();
    await ngo.post(`org/cases/${caseId}/claim`);
    const region = currentRegion();
    const shelterRecipients =
      region.organisations.find((o) => o.id === "categorical-shelter")?.recipients ?? [];
    const sealed = { narrative: await sealTo(shelterRecipients, NARRATIVE) };
    const answer = await ngo.post(`org/cases/${caseId}/handover`, {
      to: "categorical-shelter",
      need: "shelter",
      sealed,
    });
    expect(answer.status).toBe(200);
    await eventually(async () =>
      (await assignmentStore.get(caseId, "categorical-shelter"))?.state === "sent"
        ? true
        : undefined,
    );
    const view = await shelter.get(`org/cases/${caseId}`);
    expect(view.status).toBe(200);
    const [key] = demoKeys("categorical-shelter");
    expect(
      await openSealed(key?.identity ?? "", (view.body.sealed as { narrative: string }).narrative),
    ).toBe(NARRATIVE);
  });

  it.each([
    ["to an authority without the person's consent", "police-trafficking-unit", {}],
    ["to an organisation already on the case", "legal-aid", {}],
    ["to an unknown organisation", "nobody", {}],
    [
      "with something that is not a sealed age file",
      "victim-support",
      { narrative: "plain words" },
    ],
  ])("refuses a hand-over %s (409)", async (_, to, sealed) => {
    const { caseId } = await routedCase();
    await ngo.post(`org/cases/${caseId}/claim`);
    expect(
      (await ngo.post(`org/cases/${caseId}/handover`, { to, need: "legal", sealed })).status,
    ).toBe(409);
  });

  it("lets only the lead hand the contact over", async () => {
    const { caseId } = await routedCase();
    await legal.post(`org/cases/${caseId}/claim`);
    const contact = await sealTo(
      demoKeys("victim-support").map((key) => key.recipient),
      "{}",
    );
    const answer = await legal.post(`org/cases/${caseId}/handover`, {
      to: "victim-support",
      need: "psychosocial",
      sealed: { contact },
    });
    expect(answer.status).toBe(409);
  });
});

describe("the audit trail", () => {
  it("records every step (who, what, when), never the content; an organisation reads its own, ops all", async () => {
    const { caseId } = await routedCase();
    await ngo.get(`org/cases/${caseId}`);
    await ngo.post(`org/cases/${caseId}/claim`);
    await ngo.post(`org/cases/${caseId}/state`, { state: "in_contact" });
    const own = await ngo.get("org/audit");
    const mine = (own.body.entries as { caseId?: string; action: string; actor: string }[]).filter(
      (e) => e.caseId === caseId,
    );
    expect(mine.map((entry) => entry.action).sort()).toEqual(["claim", "read", "state"]);
    expect(mine.every((entry) => entry.actor === "Ana")).toBe(true);
    expect(JSON.stringify(own.body)).not.toContain("CANARY");
    expect(
      (own.body.entries as { organisation: string }[]).every(
        (e) => e.organisation === "labour-ngo",
      ),
    ).toBe(true);

    const all = await ops.get("ops/audit");
    const organisations = new Set(
      (all.body.entries as { organisation: string }[]).map((e) => e.organisation),
    );
    expect(organisations.has("labour-ngo")).toBe(true);
    expect(organisations.has("legal-aid")).toBe(true);
    const tokens = await auditLog.list("labour-ngo", 500);
    expect(
      tokens.some((entry) => entry.action === "token_issued" && entry.detail?.holder === "Ana"),
    ).toBe(true);
  });
});

describe("escalation, with controlled time", () => {
  const escalationDeps = (counted: string[]) => ({
    region: currentRegion(),
    cases: caseStore,
    assignments: assignmentStore,
    routing: routingQueue,
    delivery: deliveryQueues,
    alerts: {
      notify: async (organisation: string, kind: string) =>
        void localAlerts.push({ organisation, kind: kind as never, text: "" }),
    },
    metrics: {
      count: async (name: string, dimensions: Record<string, string>) =>
        void counted.push(`${name}:${dimensions.urgency}`),
    },
    audit: auditLog,
  });

  it("escalates an emergency nobody claimed within the region's minutes, once, and not a claimed one", async () => {
    // A person's cases: a test case is never escalated (it wakes nobody).
    const personsCase = () =>
      system.routedCase(aWorkerWhoLostEverything({ narrative: NARRATIVE, inDanger: "yes" }));
    const unclaimed = await personsCase();
    const claimed = await personsCase();
    await ngo.post(`org/cases/${claimed.caseId}/claim`);
    const counted: string[] = [];
    const minutes = currentRegion().escalation.emergencyUnclaimedMinutes;

    const early = await escalateUnclaimed(
      escalationDeps(counted),
      Date.now() + (minutes - 1) * 60_000,
    );
    expect(early.escalated).not.toContain(unclaimed.caseId);

    const later = Date.now() + (minutes + 1) * 60_000;
    const { escalated } = await escalateUnclaimed(escalationDeps(counted), later);
    expect(escalated).toContain(unclaimed.caseId);
    expect(escalated).not.toContain(claimed.caseId);
    expect(counted).toContain("Escalations:emergency");
    expect((await caseStore.get(unclaimed.caseId, Date.now()))?.escalatedAt).toBe(later);
    expect((await assignmentStore.get(unclaimed.caseId, "coordination-centre"))?.escalatedAt).toBe(
      later,
    );
    const notices = (await system.drain(system.deliveryUrl("coordination-centre"), 500))
      .map((m) => JSON.parse(m.Body ?? "{}"))
      .filter((message) => message.kind === "escalation");
    expect(notices.map((notice) => notice.caseId)).toContain(unclaimed.caseId);
    const listed = await coordinator.get("org/cases?urgency=emergency");
    expect(
      (listed.body.cases as { caseId: string; escalated: boolean }[]).find(
        (c) => c.caseId === unclaimed.caseId,
      )?.escalated,
    ).toBe(true);

    const again = await escalateUnclaimed(escalationDeps(counted), later + 60_000);
    expect(again.escalated).not.toContain(unclaimed.caseId);
  });

  it("brings the coordinator into a high case it was not routed, after the region's hours", async () => {
    // An adult in Amsterdam hurt by someone: high (H3), covered by the regional care coordination alone.
    const { caseId } = await system.routedCase(
      aReport({ indicators: ["violence"], municipality: "GM0363", contactLanguages: ["en"] }),
    );
    expect((await caseStore.get(caseId, Date.now()))?.decision.routing.organisations).toEqual([
      "care-coordination-west",
    ]);
    const hours = currentRegion().escalation.highUnclaimedHours;
    const { escalated } = await escalateUnclaimed(
      escalationDeps([]),
      Date.now() + (hours + 1) * 3_600_000,
    );
    expect(escalated).toContain(caseId);
    await eventually(async () =>
      (await assignmentStore.get(caseId, "coordination-centre"))?.state === "sent"
        ? true
        : undefined,
    );
    expect((await coordinator.get(`org/cases/${caseId}`)).body).toMatchObject({
      escalated: true,
      sealed: {},
    });
  });
});
