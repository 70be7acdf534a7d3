/**
 * The proof of work on every path (contract 2 and 2b): a proof that is present must be valid
 * and unused, or the report is refused with `invalid_proof`, posted as JSON or as a form; only a
 * form post may come without one, and such an unproven case alerts by email only, never by SMS.
 * A report marked `test` needs an ops credential.
 */
import { randomUUID } from "node:crypto";
import { createChallenge } from "altcha-lib/v1";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { currentRegion } from "../../functions/adapters/current-region.ts";
import { auditLog } from "../../functions/adapters/dynamo-access.ts";
import { assignmentStore } from "../../functions/adapters/dynamo-assignments.ts";
import { caseStore } from "../../functions/adapters/dynamo-cases.ts";
import { localAlerts } from "../../functions/adapters/notifications.ts";
import { solveChallenge } from "../../functions/adapters/proof-of-work.ts";
import { generateSecretsJson } from "../../functions/adapters/secrets.ts";
import { deliveryQueues, routingQueue } from "../../functions/adapters/sqs-queues.ts";
import { PROOF_MESSAGES } from "../../functions/http/problems.ts";
import type { AlertKind, AlertReach } from "../../functions/ports/alerts.ts";
import { escalateUnclaimed } from "../../functions/use-cases/escalate-unclaimed.ts";
import { FORM_TYPE, formBodyOf } from "../helpers/form-body.ts";
import { staff, staffClient } from "../helpers/org-client.ts";
import { aWorkerWhoLostEverything } from "../helpers/report-factory.ts";
import { type Answer, startTestSystem, type TestSystem } from "../helpers/test-system.ts";

const secrets = generateSecretsJson();
let system: TestSystem;
let before: Record<string, unknown>[];

beforeAll(async () => {
  system = await startTestSystem({ secrets });
});
afterAll(() => system.stop());
beforeEach(async () => {
  await system.settled();
  before = await system.items();
});

const report = (changes: Record<string, unknown> = {}) => ({
  ...aWorkerWhoLostEverything(),
  ...changes,
});
const postJson = (changes: Record<string, unknown> = {}, authorization?: string) =>
  system.post({ ...report(changes), submissionId: randomUUID() }, { authorization });
const postForm = (changes: Record<string, unknown> = {}) =>
  system.post(undefined, { contentType: FORM_TYPE, raw: formBodyOf(report(changes)) });

interface StoredCase {
  caseId: string;
  source: string;
  unproven: boolean;
  decision: { routing: { organisations: string[] } };
}

/** The one case stored since the test began. */
async function newCase(): Promise<StoredCase> {
  const added = (await system.items()).filter(
    (item) => String(item.pk).startsWith("case#") && !before.some((old) => old.pk === item.pk),
  );
  expect(added).toHaveLength(1);
  return added[0] as unknown as StoredCase;
}

/** Items but a credential's request counters (a request with a token counts, whatever it asks). */
const itemsOfReports = async () =>
  (await system.items()).filter((item) => !String(item.pk).startsWith("rate#"));

/** Refused in the contract's error shape, with nothing stored and nothing enqueued. */
async function expectRefused(answer: Answer, status: number, code: string, message?: string) {
  expect(answer.status).toBe(status);
  expect(answer.headers.get("content-type")).toMatch(/^application\/json/);
  expect(answer.body.error).toMatchObject({ code, ...(message ? { message } : {}) });
  expect(await itemsOfReports()).toEqual(
    before.filter((item) => !String(item.pk).startsWith("rate#")),
  );
  expect(await system.drain(system.routingUrl())).toEqual([]);
}

/** A solved proof of this system, with some of its payload's fields changed. */
async function tampered(
  change: (payload: Record<string, unknown>) => Record<string, unknown>,
): Promise<string> {
  const payload = JSON.parse(Buffer.from(await system.proof(), "base64").toString("utf8"));
  return Buffer.from(JSON.stringify({ ...payload, ...change(payload) })).toString("base64");
}

const BAD_PROOFS: [string, () => Promise<string>][] = [
  ["made up", async () => "not-a-proof"],
  ["base64 JSON of something else", async () => Buffer.from('{"a":1}').toString("base64")],
  ["tampered: another number", () => tampered((p) => ({ number: Number(p.number) + 1 }))],
  [
    "tampered: a later expiry",
    () => tampered((p) => ({ salt: String(p.salt).replace(/expires=\d+/, "expires=9999999999") })),
  ],
  ["tampered: another signature", () => tampered(() => ({ signature: "0".repeat(64) }))],
  [
    "signed with another key",
    async () => solveChallenge(await createChallenge({ hmacKey: "another", maxnumber: 1000 })),
  ],
  [
    "expired",
    async () =>
      solveChallenge(
        await createChallenge({
          hmacKey: secrets.powHmacKey,
          maxnumber: 1000,
          expires: new Date(Date.now() - 1000),
        }),
      ),
  ],
];

describe("a proof that is present must be valid, on every path", () => {
  it.each(BAD_PROOFS)(
    "a form post with a proof %s is refused: 400 invalid_proof",
    async (_, bad) => {
      await expectRefused(
        await postForm({ proof: await bad() }),
        400,
        "invalid_proof",
        PROOF_MESSAGES.invalid,
      );
    },
  );

  it.each(BAD_PROOFS)(
    "a JSON post with a proof %s is refused: 400 invalid_proof",
    async (_, bad) => {
      await expectRefused(
        await postJson({ proof: await bad() }),
        400,
        "invalid_proof",
        PROOF_MESSAGES.invalid,
      );
    },
  );

  it.each([
    ["a form post, then a form post", postForm, postForm],
    ["a JSON post, then a form post", postJson, postForm],
    ["a form post, then a JSON post", postForm, postJson],
    ["a JSON post, then a JSON post", postJson, postJson],
  ])(
    "a proof used by %s is refused the second time: 400 invalid_proof",
    async (_, first, second) => {
      const proof = await system.proof();
      const taken = await first({ proof });
      expect(taken.status).toBe(201);
      await system.settled();
      before = await system.items();
      await expectRefused(
        await second({ proof, narrative: "another report" }),
        400,
        "invalid_proof",
        PROOF_MESSAGES.replayed,
      );
    },
  );

  it("takes in a form post with a valid proof as proven, and alerts by every channel", async () => {
    const alertsBefore = localAlerts.length;
    const answer = await postForm({ proof: await system.proof() });
    expect(answer.status).toBe(201);
    expect(answer.text).toMatch(/\d{4} \d{4} \d{4} \d{4}/);
    await system.settled();
    expect(await newCase()).toMatchObject({ source: "form", unproven: false });
    const sent = localAlerts.slice(alertsBefore);
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.map((alert) => alert.reach)).toEqual(sent.map(() => "all"));
  });

  it("answers a JSON post without a proof 400 invalid_proof, as before", async () => {
    await expectRefused(await postJson({}), 400, "invalid_proof", PROOF_MESSAGES.missing);
  });
});

describe("a form post without a proof (the form without JavaScript)", () => {
  it.each([
    ["no proof field", {}],
    ["an empty proof field", { proof: "" }],
  ])("with %s is taken in unproven; its alerts go by email, never by SMS", async (_, changes) => {
    const alertsBefore = localAlerts.length;
    const raw = formBodyOf(report({ inDanger: "yes" }));
    const body = "proof" in changes ? `${raw}&proof=` : raw;
    const answer = await system.post(undefined, { contentType: FORM_TYPE, raw: body });
    expect(answer.status).toBe(201);
    expect(answer.text).toMatch(/\d{4} \d{4} \d{4} \d{4}/);
    await system.settled();
    const added = await newCase();
    expect(added).toMatchObject({ source: "form", unproven: true });
    // Every routed organisation is told (an emergency), by email only.
    const sent = localAlerts.slice(alertsBefore);
    const routed = added.decision.routing.organisations;
    expect(sent.map((alert) => alert.organisation).sort()).toEqual([...routed].sort());
    expect(sent.map((alert) => [alert.kind, alert.reach])).toEqual(
      routed.map(() => ["emergency_case", "email"]),
    );
  });

  it("escalated when nobody claims it, still alerts by email only", async () => {
    const answer = await postForm({ inDanger: "yes" });
    expect(answer.status).toBe(201);
    await system.settled();
    const { caseId, unproven } = await newCase();
    expect(unproven).toBe(true);
    const told: [string, AlertKind, AlertReach?][] = [];
    const minutes = currentRegion().escalation.emergencyUnclaimedMinutes;
    const { escalated } = await escalateUnclaimed(
      {
        region: currentRegion(),
        cases: caseStore,
        assignments: assignmentStore,
        routing: routingQueue,
        delivery: deliveryQueues,
        alerts: { notify: async (...alert) => void told.push(alert) },
        metrics: { count: async () => undefined },
        audit: auditLog,
      },
      Date.now() + (minutes + 1) * 60_000,
    );
    expect(escalated).toContain(caseId);
    expect(told).toContainEqual([currentRegion().coordinator, "escalation", "email"]);
    expect(told.filter(([, , reach]) => reach !== "email")).toEqual([]);
  });
});

describe("a report marked test", () => {
  it.each([
    ["no credential", undefined],
    ["a made-up token", "Bearer intake_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"],
    ["a malformed header", "Basic b3BzOm9wcw=="],
  ])("with %s is refused: 403 forbidden, nothing stored", async (_, authorization) => {
    await expectRefused(
      await postJson({ proof: await system.proof(), test: true }, authorization),
      403,
      "forbidden",
    );
  });

  it("with a staff member's token is refused: only ops may send one", async () => {
    const { token } = await staffClient(system, staff("labour-ngo"));
    before = await system.items(); // the token is stored
    await expectRefused(
      await postJson({ proof: await system.proof(), test: true }, `Bearer ${token}`),
      403,
      "forbidden",
    );
  });

  it("with an ops token is taken in: the answer names the case, and nobody is alerted", async () => {
    const alertsBefore = localAlerts.length;
    const answer = await postJson(
      { proof: await system.proof(), test: true },
      `Bearer ${await system.opsToken()}`,
    );
    expect(answer.status).toBe(201);
    expect(answer.body.caseId).toEqual(expect.any(String));
    await system.settled();
    expect(await caseStore.get(String(answer.body.caseId), Date.now())).toMatchObject({
      test: true,
    });
    expect(localAlerts.slice(alertsBefore)).toEqual([]);
  });

  it("cannot come from the form: `test` is not a form field (400, the form again)", async () => {
    const answer = await postForm({ test: true });
    expect(answer.status).toBe(400);
    expect(answer.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await system.items()).toEqual(before);
  });

  it("needs no credential when it is not a test: reporting stays anonymous", async () => {
    const answer = await postJson({ proof: await system.proof() });
    expect(answer.status).toBe(201);
    expect(answer.body.caseId).toBeUndefined();
  });
});
