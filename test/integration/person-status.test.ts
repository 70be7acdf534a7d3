/**
 * The person comes back with only the receipt: the status in their language, messages opened
 * with their key (and PIN), a reply, withdrawal, check-ins with controlled time, follow-up
 * reports linked to the earlier ones; and guessing gets nothing, not even a difference in work.
 */

import { randomUUID } from "node:crypto";
import { armor, Encrypter } from "age-encryption";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CATALOGS } from "../../domain/catalogs.ts";
import { currentRegion } from "../../functions/adapters/current-region.ts";
import { auditLog, credentialStore } from "../../functions/adapters/dynamo-access.ts";
import { assignmentStore } from "../../functions/adapters/dynamo-assignments.ts";
import { caseStore } from "../../functions/adapters/dynamo-cases.ts";
import { pinAttempts } from "../../functions/adapters/dynamo-pin-attempts.ts";
import { receiptLinks } from "../../functions/adapters/dynamo-receipt-links.ts";
import { localAlerts } from "../../functions/adapters/notifications.ts";
import {
  personKeys,
  receiptCrypto,
  receiptDigest,
} from "../../functions/adapters/receipt-crypto.ts";
import { ageSealing } from "../../functions/adapters/seal.ts";
import { generateSecretsJson, secretsFromJson } from "../../functions/adapters/secrets.ts";
import { deliveryQueues, routingQueue } from "../../functions/adapters/sqs-queues.ts";
import type { BodyEvent } from "../../functions/http/middleware.ts";
import type { ReceiptCrypto } from "../../functions/ports/crypto.ts";
import { answerCheckIn } from "../../functions/use-cases/answer-check-in.ts";
import type { WorkDeps } from "../../functions/use-cases/case-access.ts";
import { listCases } from "../../functions/use-cases/list-cases.ts";
import { statusOf } from "../../functions/use-cases/read-status.ts";
import type { StatusDeps } from "../../functions/use-cases/receipt-access.ts";
import { invoke, lambdaContext } from "../../local/lambda-context.ts";
import { apiEvent } from "../helpers/api-event.ts";
import { demoKeys, openSealed } from "../helpers/demo-keys.ts";
import { type OrgClient, staff, staffClient } from "../helpers/org-client.ts";
import { aWorkerWhoLostEverything } from "../helpers/report-factory.ts";
import { eventually, startTestSystem, type TestSystem } from "../helpers/test-system.ts";

const secretsJson = generateSecretsJson();
let system: TestSystem;
let ngo: OrgClient;
let legal: OrgClient;
let coordinator: OrgClient;

beforeAll(async () => {
  system = await startTestSystem({ secrets: secretsJson });
  [ngo, legal, coordinator] = await Promise.all([
    staffClient(system, staff("labour-ngo")),
    staffClient(system, staff("legal-aid")),
    staffClient(system, staff("coordination-centre")),
  ]);
});
afterAll(() => system.stop());

const WITH_CHECK_INS = { share: true, authorities: false, checkIns: true };

const reported = (changes: Parameters<typeof aWorkerWhoLostEverything>[0] = {}) =>
  system.routedCase({
    ...aWorkerWhoLostEverything({ consent: WITH_CHECK_INS, ...changes }),
    test: true,
  });

async function status(body: Record<string, unknown>, step = "") {
  const response = await fetch(`${system.url}/api/v1/status${step ? `/${step}` : ""}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const sealTo = async (recipients: string[], text: string) => {
  const encrypter = new Encrypter();
  for (const recipient of recipients) encrypter.addRecipient(recipient);
  return armor.encode(await encrypter.encrypt(text));
};
async function write(client: OrgClient, caseId: string, text: string) {
  const view = await client.get(`org/cases/${caseId}`);
  const sealed = await sealTo([String(view.body.personRecipient)], text);
  expect((await client.post(`org/cases/${caseId}/messages`, { sealed })).status).toBe(201);
}

describe("the status", () => {
  it("tells a person with the receipt what happened, in their language, and what organisations wrote", async () => {
    const { caseId, receipt } = await reported();
    const first = await status({ receipt });
    expect(first.body).toMatchObject({
      found: true,
      locked: false,
      locale: "pl",
      pinSet: false,
      checkIn: null,
      messages: [],
    });
    const pl = CATALOGS.pl;
    expect(
      (first.body.timeline as { event: string; text: string }[]).map((e) => [e.event, e.text]),
    ).toEqual([
      ["received", pl["status.event.received"]],
      ["shared", pl["status.event.shared"].replace("{count}", "3")],
    ]);

    await ngo.post(`org/cases/${caseId}/claim`);
    await ngo.post(`org/cases/${caseId}/state`, { state: "in_contact" });
    await write(ngo, caseId, "Proszę zadzwonić w poniedziałek.");
    await write(ngo, caseId, "A second message.");
    const later = await status({ receipt: receipt.replace(/ /g, "-") });
    expect((later.body.timeline as { event: string }[]).map((e) => e.event)).toEqual([
      "received",
      "shared",
      "claimed",
      "in_contact",
    ]);
    expect((later.body.messages as { text: string }[]).map((m) => m.text)).toEqual([
      "A second message.",
      "Proszę zadzwonić w poniedziałek.",
    ]);
  });

  it("gives the same answer for an unknown receipt and a malformed one", async () => {
    const unknown = await status({ receipt: "0000 0000 0000 0000" });
    const malformed = await status({ receipt: "not a receipt" });
    expect(unknown).toEqual({ status: 200, body: { found: false } });
    expect(malformed).toEqual(unknown);
  });

  it("does the same work for a miss as for a hit (counted, not timed)", async () => {
    const { receipt } = await reported();
    const counts: Record<string, number> = {};
    const counting: ReceiptCrypto = {
      ...receiptCrypto,
      digest: async (...args) => {
        counts.digest = (counts.digest ?? 0) + 1;
        return receiptDigest(...args);
      },
      personKeys: async (...args) => {
        counts.personKeys = (counts.personKeys ?? 0) + 1;
        return personKeys(...args);
      },
    };
    const deps = statusDeps(counting);
    const work = async (text: string) => {
      for (const key of Object.keys(counts)) delete counts[key];
      await statusOf(deps, text, undefined, Date.now());
      return { ...counts };
    };
    const hit = await work(receipt);
    expect(hit).toEqual({ digest: 1, personKeys: 1 });
    expect(await work("1111 2222 3333 4444")).toEqual(hit);
    expect(await work("garbage")).toEqual(hit);
  });
});

const workDeps = (): WorkDeps => ({
  region: currentRegion(),
  cases: caseStore,
  assignments: assignmentStore,
  audit: auditLog,
  routing: routingQueue,
  delivery: deliveryQueues,
  alerts: { notify: async () => undefined },
  metrics: { count: async () => undefined },
  sealing: ageSealing,
});

function statusDeps(crypto: ReceiptCrypto = receiptCrypto): StatusDeps {
  return {
    region: currentRegion(),
    receiptKeys: secretsFromJson(secretsJson).receiptHashKeys,
    crypto,
    sealing: ageSealing,
    cases: caseStore,
    links: receiptLinks,
    assignments: assignmentStore,
    delivery: deliveryQueues,
    alerts: {
      notify: async (organisation, kind) => void localAlerts.push({ organisation, kind, text: "" }),
    },
    audit: auditLog,
    pinAttempts,
    // Loaded once the system has set the environment (the idempotency table's name).
    submitFollowUp: async (report, submissionId, secret) =>
      (await import("../../functions/wiring/intake.ts")).takeInOnce(
        { submissionId, body: secret, report: { ...report, submissionId }, source: "check_in" },
        lambdaContext("person-status", 30_000),
      ),
  };
}

describe("the PIN", () => {
  it("once chosen, guards the messages: the receipt alone shows only that a report exists", async () => {
    const { caseId, receipt } = await reported();
    await ngo.post(`org/cases/${caseId}/claim`);
    await write(ngo, caseId, "Written before the PIN.");
    expect((await status({ receipt, newPin: "12" }, "pin")).status).toBe(400);
    expect((await status({ receipt, newPin: "482619" }, "pin")).body).toEqual({ done: true });

    expect((await status({ receipt })).body).toEqual({ found: true, locked: true });
    expect((await status({ receipt, pin: "999999" })).body).toEqual({ found: true, locked: true });
    const opened = await status({ receipt, pin: "٤٨٢٦١٩" }); // the same PIN in Arabic-Indic digits
    expect((opened.body.messages as { text: string }[]).map((m) => m.text)).toEqual([
      "Written before the PIN.",
    ]);
    await write(ngo, caseId, "Written after the PIN.");
    expect(((await status({ receipt, pin: "482619" })).body.messages as unknown[]).length).toBe(2);
    // The key derived from the receipt alone opens nothing any more.
    const stored = await caseStore.get(caseId, Date.now());
    const bare = await personKeys(
      receipt.replace(/ /g, ""),
      Buffer.from(stored?.person?.salt ?? "", "base64"),
    );
    expect(bare.recipient).not.toBe(stored?.person?.recipient);
    // A second PIN cannot replace it.
    expect((await status({ receipt, pin: "482619", newPin: "135792" }, "pin")).status).toBe(403);
  });

  it("refuses every PIN for a while after a few wrong ones", async () => {
    const { receipt } = await reported();
    await status({ receipt, newPin: "246813" }, "pin");
    for (let i = 0; i < 5; i++) await status({ receipt, pin: String(100000 + i) });
    expect((await status({ receipt, pin: "246813" })).body).toMatchObject({
      found: true,
      locked: true,
    });
  });
});

describe("a reply", () => {
  it("is sealed to every organisation on the case, shows in their inboxes and in the audit trail", async () => {
    const { caseId, receipt } = await reported();
    const alertsBefore = localAlerts.length;
    expect(
      (
        await status(
          { receipt, text: "Thank you, Monday is fine.", inReplyTo: randomUUID() },
          "reply",
        )
      ).body,
    ).toEqual({ done: true });
    const view = await ngo.get(`org/cases/${caseId}`);
    const [reply] = view.body.replies as { sealed: string }[];
    const [key] = demoKeys("labour-ngo");
    expect(await openSealed(key?.identity ?? "", reply?.sealed ?? "")).toBe(
      "Thank you, Monday is fine.",
    );
    expect(((await legal.get(`org/cases/${caseId}`)).body.replies as unknown[]).length).toBe(1);
    expect(JSON.stringify(await system.items())).not.toContain("Monday is fine");
    expect(
      (await auditLog.list("labour-ngo", 50)).some(
        (e) => e.action === "reply_received" && e.caseId === caseId,
      ),
    ).toBe(true);
    expect(
      localAlerts
        .slice(alertsBefore)
        .map((a) => a.organisation)
        .sort(),
    ).toEqual(["coordination-centre", "labour-ngo", "legal-aid"]);
  });

  it("cannot be sent with a receipt that opens nothing", async () => {
    expect((await status({ receipt: "9999 9999 9999 9999", text: "hello" }, "reply")).status).toBe(
      403,
    );
  });
});

describe("check-ins, with controlled time", () => {
  const DAY = 86_400_000;

  async function closedCase() {
    const { caseId, receipt } = await reported();
    for (const client of [ngo, legal, coordinator]) {
      await client.post(`org/cases/${caseId}/claim`);
      await client.post(`org/cases/${caseId}/state`, {
        state: "closed_helped",
        outcome: "income_secured",
      });
    }
    const closedAt = (await caseStore.get(caseId, Date.now()))?.closedAt;
    expect(closedAt).toBeGreaterThan(0);
    return { caseId, receipt, closedAt: closedAt ?? 0 };
  }

  it("are due a month after the case closed, and an answer of danger or loss becomes a linked follow-up report", async () => {
    const { caseId, receipt, closedAt } = await closedCase();
    const deps = statusDeps();
    const soon = await statusOf(deps, receipt, undefined, closedAt + 20 * DAY);
    expect(soon).toMatchObject({ checkIn: null });
    const later = await statusOf(deps, receipt, undefined, closedAt + 32 * DAY);
    expect(later).toMatchObject({ checkIn: 1 });
    expect(
      (later as { timeline: { event: string; outcome?: string }[] }).timeline.at(-1),
    ).toMatchObject({
      event: "closed",
      outcome: "income_secured",
    });

    // The organisations see, in their inbox, that a check-in is due on this closed case.
    const inbox = async (at: number) =>
      (await listCases(workDeps(), { organisation: "labour-ngo", name: "Sam" }, {}, at)).find(
        (c) => c.caseId === caseId,
      );
    expect((await inbox(closedAt + 20 * DAY))?.checkIn).toBeUndefined();
    expect((await inbox(closedAt + 32 * DAY))?.checkIn).toBe("due");

    const answers = { safe: "yes", housed: "no", working: "yes" } as const;
    const result = await answerCheckIn(deps, receipt, undefined, answers, closedAt + 32 * DAY);
    expect(result.followUp?.receipt).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
    // A replay of the same answers gets the same new receipt, and makes no second report.
    const replay = await answerCheckIn(deps, receipt, undefined, answers, closedAt + 32 * DAY);
    expect(replay.followUp?.receipt).toBe(result.followUp?.receipt);

    const stored = await caseStore.get(caseId, Date.now());
    expect(stored?.checkIns).toEqual([
      {
        month: 1,
        answeredAt: closedAt + 32 * DAY,
        signals: { danger: false, lost: ["housing"], wantsHelp: false },
        followUp: true,
      },
    ]);
    expect((await inbox(closedAt + 33 * DAY))?.checkIn).toBe("answered");
    // Organisations see a check-in answered on their closed case.
    expect((await ngo.get(`org/cases/${caseId}`)).body.checkIns).toMatchObject({
      due: null,
      answered: [{ month: 1, followUp: true }],
    });

    // The follow-up is linked to the earlier case: R2, and "reported before" with who had it.
    const next = await statusOf(deps, result.followUp?.receipt ?? "", undefined, Date.now());
    expect(next).toMatchObject({ found: true, locked: false });
    const followUps = (await system.items()).filter((item) => item.linkedCase === caseId);
    expect(followUps).toHaveLength(1);
    const follow = followUps[0] as {
      caseId: string;
      decision: { triage: { reasons: string[] }; routing: { organisations: string[] } };
    };
    expect(follow.decision.triage.reasons).toContain("R2");
    const member = follow.decision.routing.organisations[0] ?? "";
    const reader = await staffClient(system, staff(member));
    await eventually(async () =>
      (await assignmentStore.get(follow.caseId, member))?.state === "sent" ? true : undefined,
    );
    const view = await reader.get(`org/cases/${follow.caseId}`);
    expect(view.body.reportedBefore).toMatchObject({
      times: 1,
      organisations: ["labour-ngo", "legal-aid", "coordination-centre"],
    });
  });

  it("record other answers as codes only, and are asked once per month", async () => {
    const { caseId, receipt, closedAt } = await closedCase();
    const deps = statusDeps();
    const result = await answerCheckIn(
      deps,
      receipt,
      undefined,
      { safe: "yes", housed: "yes" },
      closedAt + 95 * DAY,
    );
    expect(result.followUp).toBeNull();
    expect((await caseStore.get(caseId, Date.now()))?.checkIns?.[0]).toMatchObject({
      month: 3,
      followUp: false,
    });
    await expect(
      answerCheckIn(deps, receipt, undefined, { safe: "yes" }, closedAt + 100 * DAY),
    ).resolves.toMatchObject({ followUp: null });
    expect((await caseStore.get(caseId, Date.now()))?.checkIns).toHaveLength(1);
  });
});

describe("withdrawal", () => {
  it("of consent deletes everything sealed and said, tells the organisations, and keeps only counts", async () => {
    const { caseId, receipt } = await reported({ narrative: "CANARY-withdrawn words" });
    await ngo.post(`org/cases/${caseId}/claim`);
    await write(ngo, caseId, "A message before.");
    const alertsBefore = localAlerts.length;
    expect((await status({ receipt, kind: "consent" }, "withdraw")).body).toEqual({ done: true });

    const stored = (await system.items()).find(
      (item) => item.caseId === caseId && String(item.pk).startsWith("case#"),
    );
    expect(stored).toMatchObject({ withdrawn: { kind: "consent" } });
    for (const gone of ["sealed", "messages", "person", "clear", "routingInput"])
      expect(stored).not.toHaveProperty(gone);
    expect(JSON.stringify(await system.items())).not.toContain("CANARY-withdrawn");
    expect((await ngo.get(`org/cases/${caseId}`)).body).toMatchObject({
      withdrawn: { kind: "consent" },
      assignment: { state: "withdrawn" },
    });
    expect(localAlerts.slice(alertsBefore).filter((a) => a.kind === "withdrawn")).toHaveLength(3);
    const notices = (await system.drain(system.deliveryUrl("legal-aid"), 500)).map((m) =>
      JSON.parse(m.Body ?? "{}"),
    );
    expect(notices.some((notice) => notice.kind === "withdrawn" && notice.caseId === caseId)).toBe(
      true,
    );
    // The person still sees that it was withdrawn; nothing else.
    expect((await status({ receipt })).body).toMatchObject({
      found: true,
      locked: false,
      withdrawn: true,
      messages: [],
    });
  });

  it("by deletion also forgets the receipt: it then finds nothing", async () => {
    const { receipt } = await reported();
    expect((await status({ receipt, kind: "delete" }, "withdraw")).body).toEqual({ done: true });
    expect((await status({ receipt })).body).toEqual({ found: false });
  });
});

describe("guessing receipts", () => {
  /** A status call as CloudFront passes it on, from the viewer at `address`. */
  const lookup = (address: string, headers: Record<string, string> = {}) =>
    apiEvent({
      path: "/api/v1/status",
      headers: {
        "Content-Type": "application/json",
        "CloudFront-Viewer-Address": `${address}:443`,
        ...headers,
      },
      body: JSON.stringify({ receipt: "1234 5678 9012 3456" }),
    });
  // The handler's module reads its tables' names when loaded: after the system set them.
  const statusFunction = () => import("../../functions/person-status.ts");
  const call = async (event: ReturnType<typeof lookup>) => {
    const { handler } = await statusFunction();
    // readBody adds rawBody and mediaType on the way in, as on AWS.
    const result = await invoke(handler, event as BodyEvent, "person-status", 10_000);
    if (!result) throw new Error("no answer");
    return { ...result, body: JSON.parse(result.body) };
  };

  it("slows down a viewer address past its calls per minute (429), and no other address", async () => {
    const { addressCounter, STATUS_CALLS_PER_MINUTE } = await statusFunction();
    const crowded = lookup("198.51.100.7");
    // The limit counts per clock minute: fill this minute and the next.
    const key = await addressCounter(crowded);
    expect(key).not.toContain("198.51.100.7");
    const start = Date.now();
    for (const minute of [start, start + 60_000]) {
      for (let i = 0; i < STATUS_CALLS_PER_MINUTE; i++)
        await credentialStore.admit(key, minute, { perMinute: STATUS_CALLS_PER_MINUTE });
    }

    const refused = await call(crowded);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers?.["Retry-After"]).toBe("60");
    expect(refused.body).toEqual({
      error: { code: "too_many_requests", message: "Too many requests. Wait a minute." },
    });
    // Naming another address in X-Forwarded-For does not get round it.
    expect(
      (await call(lookup("198.51.100.7", { "X-Forwarded-For": "192.0.2.99" }))).statusCode,
    ).toBe(429);
    // Another viewer is answered as usual.
    const other = await call(lookup("198.51.100.8"));
    expect(other.statusCode).toBe(200);
    expect(other.body).toEqual({ found: false });
  });
});
