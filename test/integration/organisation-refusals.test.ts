/**
 * What an organisation cannot do, whatever it sends: seal a part to the wrong number of keys (or
 * to a passphrase), or write to and flag a case the person withdrew. Nothing is stored then.
 */
import { armor, Encrypter, generateX25519Identity, identityToRecipient } from "age-encryption";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { currentRegion } from "../../functions/adapters/current-region.ts";
import { caseStore } from "../../functions/adapters/dynamo-cases.ts";
import { type OrgClient, staff, staffClient } from "../helpers/org-client.ts";
import { aWorkerWhoLostEverything } from "../helpers/report-factory.ts";
import { startTestSystem, type TestSystem } from "../helpers/test-system.ts";

let system: TestSystem;
let ngo: OrgClient;

beforeAll(async () => {
  system = await startTestSystem();
  ngo = await staffClient(system, staff("labour-ngo"));
});
afterAll(() => system.stop());

async function claimedCase() {
  const reported = await system.routedCase({ ...aWorkerWhoLostEverything(), test: true });
  expect((await ngo.post(`org/cases/${reported.caseId}/claim`)).status).toBe(200);
  return reported;
}

async function sealTo(recipients: string[], passphrase?: string): Promise<string> {
  const encrypter = new Encrypter();
  if (passphrase) {
    encrypter.setPassphrase(passphrase);
    encrypter.setScryptWorkFactor(4);
  }
  for (const recipient of recipients) encrypter.addRecipient(recipient);
  return armor.encode(await encrypter.encrypt("words"));
}
const strangers = (count: number) =>
  Promise.all(
    Array.from({ length: count }, async () => identityToRecipient(await generateX25519Identity())),
  );

describe("a message to the person", () => {
  it("is taken sealed to one key, and refused sealed to two, or to a passphrase (409)", async () => {
    const { caseId } = await claimedCase();
    const person = String((await ngo.get(`org/cases/${caseId}`)).body.personRecipient);
    const refusals = [
      await sealTo([person, ...(await strangers(1))]),
      await sealTo([], "a passphrase"),
    ];
    for (const sealed of refusals) {
      const answer = await ngo.post(`org/cases/${caseId}/messages`, { sealed });
      expect(answer.status).toBe(409);
      expect(answer.body).toMatchObject({ error: { code: "conflict" } });
    }
    expect((await caseStore.get(caseId, Date.now()))?.messages ?? []).toEqual([]);
    const sent = await ngo.post(`org/cases/${caseId}/messages`, { sealed: await sealTo([person]) });
    expect(sent.status).toBe(201);
  });
});

describe("a hand-over", () => {
  const shelterKeys = () =>
    currentRegion().organisations.find((o) => o.id === "categorical-shelter")?.recipients ?? [];

  it.each([
    ["one stanza short", (keys: string[]) => keys.slice(1)],
    ["one stanza too many", async (keys: string[]) => [...keys, ...(await strangers(1))]],
  ])("is refused with a narrative sealed %s (409)", async (_, recipients) => {
    const keys = shelterKeys();
    expect(keys.length).toBeGreaterThan(0);
    const { caseId } = await claimedCase();
    const narrative = await sealTo(await recipients(keys));
    const answer = await ngo.post(`org/cases/${caseId}/handover`, {
      to: "categorical-shelter",
      need: "shelter",
      sealed: { narrative },
    });
    expect(answer.status).toBe(409);
    expect(
      (await caseStore.get(caseId, Date.now()))?.sealed["categorical-shelter"],
    ).toBeUndefined();
  });
});

describe("a withdrawn case", () => {
  it("takes no message and no flag (409)", async () => {
    const { caseId, receipt } = await claimedCase();
    const person = String((await ngo.get(`org/cases/${caseId}`)).body.personRecipient);
    const sealed = await sealTo([person]);
    const withdrawn = await system.post(
      { receipt, kind: "consent" },
      { path: "/api/v1/status/withdraw" },
    );
    expect(withdrawn.body).toEqual({ done: true });

    expect((await ngo.post(`org/cases/${caseId}/messages`, { sealed })).status).toBe(409);
    expect((await ngo.post(`org/cases/${caseId}/flag`, { flag: "spam" })).status).toBe(409);
    const stored = await caseStore.get(caseId, Date.now());
    expect(stored?.messages).toBeUndefined();
    expect(stored?.flags).toBeUndefined();
  });
});
