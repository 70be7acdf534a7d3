/**
 * The status page does not surprise: a person who shared nothing can share later (a new
 * consent, routed as a new decision), a refused reply keeps its text, stopping and deleting
 * ask first and say what will be lost, deleting says it is done, messages say who wrote and
 * when, the person's own replies come back to them (also after choosing a PIN), and the page
 * says what happens next.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CATALOGS } from "../../domain/catalogs.ts";
import { caseStore } from "../../functions/adapters/dynamo-cases.ts";
import { escapeHtml } from "../../web/pages/html.ts";
import { demoKeys, openSealed } from "../helpers/demo-keys.ts";
import { type OrgClient, staff, staffClient } from "../helpers/org-client.ts";
import { aWorkerWhoLostEverything } from "../helpers/report-factory.ts";
import { eventually, startTestSystem, type TestSystem } from "../helpers/test-system.ts";

let system: TestSystem;
let ngo: OrgClient;

beforeAll(async () => {
  system = await startTestSystem();
  ngo = await staffClient(system, staff("labour-ngo"));
});
afterAll(() => system.stop());

const pl = CATALOGS.pl;
const NOT_SHARED = { share: false, authorities: false, checkIns: false };
const notShared = () =>
  system.routedCase({ ...aWorkerWhoLostEverything({ consent: NOT_SHARED }), test: true });

async function json(step: string, body: Record<string, unknown>) {
  const response = await fetch(`${system.url}/api/v1/status${step ? `/${step}` : ""}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A form posted without JavaScript: the page it answers with. */
async function form(step: string, fields: Record<string, string>) {
  const response = await fetch(`${system.url}/api/v1/status${step ? `/${step}` : ""}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });
  expect(response.status).toBe(200);
  return response.text();
}

const html = (text: string) => escapeHtml(text);

describe("sharing later", () => {
  it("routes a case shared with nobody as a new decision, with the message sealed to the new organisations only", async () => {
    const { caseId, receipt } = await notShared();
    const before = await json("", { receipt });
    expect(before.body).toMatchObject({
      canShare: true,
      next: { next: [pl["status.next.notShared"]] },
    });
    expect((before.body.timeline as { event: string }[]).map((e) => e.event)).toEqual([
      "received",
      "not_shared",
    ]);
    // Nobody could read a reply: refused, and the page will offer to share instead.
    expect((await json("reply", { receipt, text: "hello" })).status).toBe(403);

    const words = "Please call me on +48 600 111 222, I have nowhere to sleep.";
    expect((await json("share", { receipt, consent: { share: true }, text: words })).body).toEqual({
      done: true,
    });
    const routed = await eventually(async () => {
      const found = await caseStore.get(caseId, Date.now());
      return found?.state === "routed" && found.decision.routing.organisations.length > 0
        ? found
        : undefined;
    });
    expect(routed.routingInput.consent).toEqual({
      share: true,
      authorities: false,
      checkIns: false,
    });
    expect(routed.decision.routing.organisations).toContain("labour-ngo");
    expect(routed.decision.routing.consentOverride).toBe(false);

    // The lead reads the case and the message, sealed to it; the server keeps no plain text.
    const view = await eventually(async () => {
      const answer = await ngo.get(`org/cases/${caseId}`);
      return answer.status === 200 ? answer : undefined;
    });
    const [reply] = view.body.replies as { sealed: string }[];
    const [key] = demoKeys("labour-ngo");
    expect(await openSealed(key?.identity ?? "", reply?.sealed ?? "")).toBe(words);
    expect(JSON.stringify(await system.items())).not.toContain("nowhere to sleep");

    // The person sees it shared, their own message shown back, and what happens next.
    const after = await eventually(async () => {
      const answer = await json("", { receipt });
      const events = (answer.body.timeline as { event: string }[]).map((e) => e.event);
      return events.includes("shared") ? answer : undefined;
    });
    expect(after.body).toMatchObject({ canShare: false });
    expect(after.body.messages).toEqual([expect.objectContaining({ from: "you", text: words })]);
    const next = (after.body.next as { next: string[] }).next;
    expect(next[0]).toBe(pl["next.who.care"]);
    // The phone number was never kept: the page does not say they will call "the number you gave".
    expect(next).not.toContain(pl["next.how.phone"]);
    expect(
      next.some((sentence) => sentence.startsWith(pl["next.comeBack"].split("{")[0] ?? "")),
    ).toBe(true);

    // One share: a second is refused.
    expect((await json("share", { receipt, consent: { share: true } })).status).toBe(403);
  });

  it("without JavaScript, keeps the text of a refused reply in the page and offers to share it", async () => {
    const { receipt } = await notShared();
    const words = "please call me, I have nowhere to sleep";
    const page = await form("reply", { receipt, locale: "pl", text: words });
    expect(page).toContain(html(pl["status.reply.kept"]));
    expect(page).toMatch(
      new RegExp(
        `<form[^>]*action="/api/v1/status/share"[^>]*autocomplete="off"[^>]*>[\\s\\S]*<textarea[^>]*id="share-text"[^>]*>${html(words)}</textarea>`,
      ),
    );
    expect(page).toContain(html(pl["status.share.rewrite"]));
    expect(JSON.stringify(await system.items())).not.toContain("nowhere to sleep");

    // Sharing from that form (the text as it was kept) sends it with the share.
    const shared = await form("share", { receipt, locale: "pl", share: "yes", text: words });
    expect(shared).toContain(html(pl["status.share.sent"]));
    expect(shared).not.toContain('id="share-text"');
  });
});

describe("stopping and deleting", () => {
  it("ask first, saying what will be lost, then say it is done", async () => {
    const { caseId, receipt } = await system.routedCase({
      ...aWorkerWhoLostEverything(),
      test: true,
    });
    const confirm = await form("withdraw", { receipt, locale: "pl", kind: "delete" });
    expect(confirm).toContain(html(pl["status.confirm.lost.delete"]));
    expect(confirm).toContain('name="confirm" value="yes"');
    expect((await caseStore.get(caseId, Date.now()))?.withdrawn).toBeUndefined();

    const stop = await form("withdraw", { receipt, locale: "pl", kind: "consent" });
    expect(stop).toContain(html(pl["status.confirm.lost.consent"]));
    expect((await caseStore.get(caseId, Date.now()))?.withdrawn).toBeUndefined();

    const done = await form("withdraw", { receipt, locale: "pl", kind: "delete", confirm: "yes" });
    expect(done).toContain(html(pl["status.deleted"]));
    expect(done).not.toContain(html(pl["status.notFound"]));
    expect((await caseStore.get(caseId, Date.now()))?.withdrawn?.kind).toBe("delete");
  });
});

describe("messages", () => {
  it("say who wrote and when, and show the person's replies back, also after a PIN", async () => {
    const { caseId, receipt } = await system.routedCase({
      ...aWorkerWhoLostEverything(),
      test: true,
    });
    await eventually(async () =>
      (await ngo.get(`org/cases/${caseId}`)).status === 200 ? true : undefined,
    );
    await ngo.post(`org/cases/${caseId}/claim`);
    const view = await ngo.get(`org/cases/${caseId}`);
    const { armor, Encrypter } = await import("age-encryption");
    const encrypter = new Encrypter();
    encrypter.addRecipient(String(view.body.personRecipient));
    const sealed = armor.encode(await encrypter.encrypt("Can we call on Monday?"));
    expect((await ngo.post(`org/cases/${caseId}/messages`, { sealed })).status).toBe(201);
    expect((await json("reply", { receipt, text: "Yes, after six." })).body).toEqual({
      done: true,
    });

    const page = await form("", { receipt, locale: "pl" });
    expect(page).toContain(`${html(pl["status.from.care"])}</span>, <time datetime=`);
    expect(page).toContain(`${html(pl["status.from.you"])}</span>, <time datetime=`);
    expect(page).toContain("Yes, after six.");
    // In the region's time zone, with the time of day.
    const stamp = new Intl.DateTimeFormat("pl", {
      dateStyle: "medium",
      timeStyle: "short",
      timeZone: "Europe/Amsterdam",
    }).formatToParts(new Date());
    expect(page).toContain(stamp.find((part) => part.type === "year")?.value ?? "?");

    expect((await json("pin", { receipt, newPin: "482613" })).body).toEqual({ done: true });
    const withPin = await json("", { receipt, pin: "482613" });
    expect(
      (withPin.body.messages as { from: string; text: string }[]).map((m) => [m.from, m.text]),
    ).toEqual([
      ["you", "Yes, after six."],
      ["care", "Can we call on Monday?"],
    ]);
  });
});
