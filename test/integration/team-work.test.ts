/**
 * A team working a case together on the real local system: internal notes sealed to the
 * organisation's own staff, the own copy of a message to the person, who is on the team, a case
 * given to a colleague, a leaving colleague's cases handed on, and the case's timeline; none of
 * it readable in clear at rest, and nothing of it another organisation sees.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { credentialStore } from "../../functions/adapters/dynamo-access.ts";
import { demoKeys, openSealed } from "../helpers/demo-keys.ts";
import { type OrgClient, sealTo, staff, staffClient } from "../helpers/org-client.ts";
import { aWorkerWhoLostEverything } from "../helpers/report-factory.ts";
import { startTestSystem, type TestSystem } from "../helpers/test-system.ts";

let system: TestSystem;
let ana: OrgClient;
let bo: OrgClient;
let legal: OrgClient;

const team = () => demoKeys("labour-ngo").map((key) => key.recipient);
const NOTE = "Called her cousin, call back on Friday. CANARY-team-note";

beforeAll(async () => {
  system = await startTestSystem();
  [ana, bo, legal] = await Promise.all([
    staffClient(system, staff("labour-ngo", "Ana")),
    staffClient(system, staff("labour-ngo", "Bo")),
    staffClient(system, staff("legal-aid", "Lou")),
  ]);
});
afterAll(() => system.stop());

const routedCase = () =>
  system.routedCase({ ...aWorkerWhoLostEverything({ narrative: "CANARY-team" }), test: true });

describe("notes", () => {
  it("keeps a note a colleague reads and no other organisation sees, sealed at rest", async () => {
    const { caseId } = await routedCase();
    const written = await ana.post(`org/cases/${caseId}/notes`, {
      sealed: await sealTo(team(), NOTE),
    });
    expect(written.status).toBe(201);

    const seen = await bo.get(`org/cases/${caseId}`);
    const notes = seen.body.notes as { by: string; sealed: string }[];
    expect(notes.map((note) => note.by)).toEqual(["Ana"]);
    const [colleagueKey] = demoKeys("labour-ngo").slice(-1);
    expect(await openSealed(String(colleagueKey?.identity), String(notes[0]?.sealed))).toBe(NOTE);

    expect((await legal.get(`org/cases/${caseId}`)).body.notes).toEqual([]);
    expect(JSON.stringify(await system.items())).not.toContain("CANARY-team-note");
  });

  it.each([
    ["in clear", async () => NOTE],
    // the server cannot tell which keys a file is sealed to, only how many
    [
      "sealed to someone beside the staff",
      async () => sealTo([...team(), ...team().slice(0, 1)], NOTE),
    ],
  ])("refuses a note %s with 409 and stores nothing", async (_name, make) => {
    const { caseId } = await routedCase();
    const answer = await ana.post(`org/cases/${caseId}/notes`, { sealed: await make() });
    expect(answer).toMatchObject({ status: 409, body: { error: { code: "conflict" } } });
    expect((await ana.get(`org/cases/${caseId}`)).body.notes).toEqual([]);
  });
});

describe("a message's own copy", () => {
  it("lets a colleague read what was written to the person", async () => {
    const { caseId } = await routedCase();
    await ana.post(`org/cases/${caseId}/claim`);
    const view = await ana.get(`org/cases/${caseId}`);
    const words = "We can meet on Monday at the library.";
    const sent = await ana.post(`org/cases/${caseId}/messages`, {
      sealed: await sealTo([String(view.body.personRecipient)], words),
      own: await sealTo(team(), words),
    });
    expect(sent.status).toBe(201);

    const messages = (await bo.get(`org/cases/${caseId}`)).body.messages as { own: string }[];
    const [key] = demoKeys("labour-ngo");
    expect(await openSealed(String(key?.identity), String(messages[0]?.own))).toBe(words);
  });
});

describe("the team", () => {
  it("lists the organisation's staff, gives a case to a colleague, and hands a leaver's cases on", async () => {
    const leaver = await staffClient(system, staff("labour-ngo", "Leo"));
    const { staff: names } = (await ana.get("org/staff")).body as { staff: string[] };
    expect(names).toEqual(expect.arrayContaining(["Ana", "Bo", "Leo"]));
    expect(names).not.toContain("Lou");

    const { caseId } = await routedCase();
    const given = await ana.post(`org/cases/${caseId}/assign`, { to: "Leo" });
    expect(given).toMatchObject({ status: 200, body: { claimedBy: "Leo" } });
    expect((await bo.get(`org/cases/${caseId}`)).body.assignment).toMatchObject({
      state: "claimed",
      claimedBy: "Leo",
    });
    expect((await bo.get("org/cases?claimed=nobody")).body.cases).not.toContainEqual(
      expect.objectContaining({ caseId }),
    );

    await credentialStore.revoke(staff("labour-ngo", "Leo"), Date.now());
    expect((await leaver.get("org/cases")).status).toBe(401);
    expect(((await ana.get("org/staff")).body.staff as string[]).includes("Leo")).toBe(false);
    const handed = await ana.post("org/staff/handover", { from: "Leo", to: "Bo" });
    expect(handed).toMatchObject({ status: 200, body: { moved: 1 } });
    expect((await bo.get(`org/cases/${caseId}`)).body.assignment).toMatchObject({
      claimedBy: "Bo",
    });
  });

  it.each([
    ["a name not on the team", { to: "Lou" }, 409],
    ["a name no credential can carry", { to: "<script>" }, 400],
    ["no name", {}, 400],
  ])("refuses to give a case to %s, changing nothing", async (_name, request, status) => {
    const { caseId } = await routedCase();
    const answer = await ana.post(`org/cases/${caseId}/assign`, request);
    expect(answer.status).toBe(status);
    expect(answer.body).toMatchObject({ error: { code: expect.any(String) } });
    expect((await ana.get(`org/cases/${caseId}`)).body.assignment).toEqual({ state: "sent" });
  });
});

describe("the timeline", () => {
  it("shows the case's steps, newest first, from the audit trail, and nothing of another case", async () => {
    const { caseId } = await routedCase();
    const { caseId: other } = await routedCase();
    await ana.get(`org/cases/${caseId}`);
    await ana.post(`org/cases/${caseId}/claim`);
    await ana.post(`org/cases/${other}/claim`);
    await ana.post(`org/cases/${caseId}/notes`, { sealed: await sealTo(team(), "hi") });

    const { entries } = (await bo.get(`org/cases/${caseId}/timeline`)).body as {
      entries: { action: string; actor: string; caseId: string }[];
    };
    expect(entries.map((entry) => `${entry.action}:${entry.actor}`)).toEqual([
      "note:Ana",
      "claim:Ana",
    ]);
    const shelter = await staffClient(system, staff("categorical-shelter", "Sol"));
    expect((await shelter.get(`org/cases/${other}/timeline`)).status).toBe(404);
  });
});
