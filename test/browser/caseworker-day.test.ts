/**
 * A caseworker's day in Debian's Chromium, against the real local system (issue 13): Ana signs
 * in and sees three cases in the right order with their markers; opens the emergency, reads the
 * rules in words and the needs nobody covers; claims it, gives it to her colleague Bo, writes a
 * note Bo reads in his own inbox, answers the person (Bo reads that too), sees the person's
 * reply appear without reloading, hands a need over after confirming (the contact stays with
 * her organisation), and closes the case after confirming; the timeline shows each step. No
 * request carries the key or any clear text, the token travels only in the API's Authorization
 * header, and nothing is written to browser storage.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { tableName } from "../../config/environment.ts";
import { dynamo } from "../../functions/adapters/aws-clients.ts";
import { UpdateCommand } from "../../functions/adapters/dynamo-client.ts";
import { INBOX_CATALOGS } from "../../web/inbox/catalog.ts";
import { axeViolations } from "../helpers/axe.ts";
import { systemAndBrowser, watchedPage } from "../helpers/browser.ts";
import { demoKeys, identityFile, secretForms } from "../helpers/demo-keys.ts";
import { expectRuleWordsAndGaps } from "../helpers/inbox-case-view.ts";
import { sealTo, staff, staffClient } from "../helpers/org-client.ts";
import { aReport, aWorkerWhoLostEverything } from "../helpers/report-factory.ts";
import { logRequests, whereFound } from "../helpers/request-log.ts";
import { eventually } from "../helpers/test-system.ts";

const en = INBOX_CATALOGS.en;
const live = systemAndBrowser();
const keyDir = mkdtempSync(join(tmpdir(), "caseworker-day-"));
afterAll(() => rmSync(keyDir, { recursive: true, force: true }));

const NARRATIVE = "They took my passport at the farm. CANARY-day-narrative";
const NOTE = "Called the night shelter, bed until Friday. CANARY-day-note";
const ANSWER = "We can meet you tomorrow at ten. CANARY-day-answer";
const REPLY = "Ten is fine, I will come. CANARY-day-reply";

const fill = (text: string, values: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name]));
const row = (caseId: string) => `.case-open[data-case="${caseId}"]`;

async function said(page: Page, text: string): Promise<void> {
  await page.waitForFunction(
    (expected) => document.getElementById("status")?.textContent === expected,
    text,
    { timeout: 20_000 },
  );
}

async function signIn(page: Page, url: string, token: string): Promise<void> {
  await page.goto(`${url}/inbox/`);
  await page.fill("#token", token);
  await page.setInputFiles("#identity", identityFile(keyDir, "labour-ngo"));
  await page.click("#sign-in-submit");
  await page.waitForSelector("#list-view:not([hidden]) .case-open");
}

async function openCase(page: Page, caseId: string): Promise<void> {
  await page.click(row(caseId));
  await said(page, en["case.opened"]);
  await page.waitForFunction(
    () => !document.getElementById("narrative")?.textContent?.includes("…"),
  );
}

/** Sends a step's form and, when it asks first, checks what it says and confirms. */
async function confirmStep(page: Page, form: string, question: string): Promise<void> {
  await page.click(`#${form} button[type=submit]`);
  await page.waitForSelector("#confirm[open]");
  expect(await page.textContent("#confirm-text")).toBe(question);
  expect(await page.evaluate(() => document.activeElement?.id)).toBe("confirm-no");
  await page.click("#confirm-yes");
}

describe("a caseworker's day", () => {
  it("works a case from the list to its close with a colleague, and nothing leaves the page in clear", async () => {
    const { system, browser } = live;
    const [ana, bo, legal] = await Promise.all([
      staffClient(system, staff("labour-ngo", "Ana")),
      staffClient(system, staff("labour-ngo", "Bo")),
      staffClient(system, staff("legal-aid", "Lea")),
    ]);

    // Filed oldest first: a standard case, a high one, an emergency.
    const standard = await system.routedCase({ ...aReport({ lost: ["job"] }), test: true });
    const high = await system.routedCase({ ...aWorkerWhoLostEverything(), test: true });
    const emergency = await system.routedCase({
      ...aWorkerWhoLostEverything({ inDanger: "yes", narrative: NARRATIVE }),
      test: true,
    });
    // Markers: the person wrote back on the standard case, legal aid wrote on the high one, and
    // the emergency came two hours ago and was escalated (overdue: 30 minutes in the sample).
    const replied = await system.post(
      { receipt: standard.receipt, text: "Any news?" },
      { path: "/api/v1/status/reply" },
    );
    expect(replied.status).toBe(200);
    expect((await legal.post(`org/cases/${high.caseId}/claim`)).status).toBe(200);
    const { personRecipient } = (await legal.get(`org/cases/${high.caseId}`)).body as {
      personRecipient: string;
    };
    const sealed = await sealTo([personRecipient], "We can help with the papers.");
    expect((await legal.post(`org/cases/${high.caseId}/messages`, { sealed })).status).toBe(201);
    await dynamo.send(
      new UpdateCommand({
        TableName: tableName("assignments"),
        Key: { caseId: emergency.caseId, organisation: "labour-ngo" },
        UpdateExpression: "SET receivedAt = :received, escalatedAt = :now",
        ExpressionAttributeValues: { ":received": Date.now() - 2 * 3_600_000, ":now": Date.now() },
      }),
    );

    const { page, context, storageWrites } = await watchedPage(browser, { width: 1024 });
    const log = logRequests(context);
    await signIn(page, system.url, ana.token);

    // Three cases, emergency first, each with its markers in words.
    const order = await page.$$eval("#cases .case-open", (buttons) =>
      buttons.map((button) => (button as HTMLElement).dataset.case),
    );
    expect(order.filter((id) => [standard, high, emergency].some((c) => c.caseId === id))).toEqual([
      emergency.caseId,
      high.caseId,
      standard.caseId,
    ]);
    const text = async (caseId: string) => (await page.textContent(row(caseId))) ?? "";
    expect(await text(emergency.caseId)).toContain(en["list.overdue"]);
    expect(await text(emergency.caseId)).toContain(en["list.escalated"]);
    expect(await text(high.caseId)).toContain(en["list.fromOthers"]);
    expect(await text(standard.caseId)).toContain(en["list.newReply"]);

    // The emergency: the rules in words, the needs nobody covers with the region's fallback.
    // (The inbox asks again every second from now on, instead of every 30.)
    await page.evaluate(() => {
      (document.getElementById("list-view") as HTMLElement).dataset.pollSeconds = "1";
    });
    await openCase(page, emergency.caseId);
    expect(await page.textContent("#narrative")).toContain(NARRATIVE);
    await expectRuleWordsAndGaps(page);

    await page.click("#claim");
    await said(page, en["claim.done"]);

    await page.waitForSelector('#assign-to option[value="Bo"]', { state: "attached" });
    await page.selectOption("#assign-to", "Bo");
    await page.click("#assign-form button[type=submit]");
    await said(page, fill(en["assign.done"], { name: "Bo" }));
    expect(await page.textContent("#case-details")).toContain("Bo");

    await page.fill("#note-text", NOTE);
    await page.click("#note-form button[type=submit]");
    await said(page, en["notes.done"]);
    await page.waitForFunction(
      (note) => document.getElementById("notes")?.textContent?.includes(note),
      NOTE,
    );

    await page.fill("#message-text", ANSWER);
    await page.click("#message-form button[type=submit]");
    await said(page, en["message.done"]);
    await page.waitForFunction(
      (answer) => document.getElementById("messages")?.textContent?.includes(answer),
      ANSWER,
    );

    // Bo, in his own inbox, reads the note and what Ana promised the person.
    const colleague = await watchedPage(browser, { width: 1024 });
    await signIn(colleague.page, system.url, bo.token);
    expect(await colleague.page.textContent(row(emergency.caseId))).toContain(
      en["list.claimedByYou"],
    );
    await openCase(colleague.page, emergency.caseId);
    await colleague.page.waitForFunction(
      ([note, answer]) => {
        const notes = document.getElementById("notes")?.textContent ?? "";
        const messages = document.getElementById("messages")?.textContent ?? "";
        return notes.includes(note ?? "") && messages.includes(answer ?? "");
      },
      [NOTE, ANSWER],
    );
    expect(await colleague.page.textContent("#notes")).toContain("Ana");
    await colleague.context.close();

    // The person writes back: the reply appears on Ana's screen without reloading.
    const back = await system.post(
      { receipt: emergency.receipt, text: REPLY },
      { path: "/api/v1/status/reply" },
    );
    expect(back.status).toBe(200);
    await page.waitForFunction(
      (reply) => document.getElementById("replies")?.textContent?.includes(reply),
      REPLY,
      { timeout: 20_000 },
    );
    expect(await page.textContent("#status")).toBe(fill(en["case.newReply"], { count: 1 }));

    // A need handed over, after saying what will happen: the contact stays with Ana's team.
    expect(await page.isChecked("#handover-contact")).toBe(false);
    const [to, toName] = await page.$eval("#handover-to", (select) => {
      const option = [...(select as HTMLSelectElement).options].find((o) => o.value !== "");
      return [option?.value ?? "", option?.textContent ?? ""];
    });
    expect(to).not.toBe("");
    await page.selectOption("#handover-to", to);
    const need = await page.$eval(
      "#handover-need",
      (select) => (select as HTMLSelectElement).value,
    );
    const needWord = en[`needs.${need}` as keyof typeof en];
    await confirmStep(
      page,
      "handover-form",
      fill(en["confirm.handover"], { need: needWord, organisation: toName }),
    );
    await said(page, fill(en["handover.done"], { organisation: toName }));
    const joined = await staffClient(system, staff(to, "Joe"));
    // The case reaches them through the router, a moment after the hand-over is said done.
    const theirs = (await eventually(async () => {
      const answer = await joined.get(`org/cases/${emergency.caseId}`);
      return answer.status === 200 ? answer.body : undefined;
    })) as { sealed: { narrative?: string; contact?: string } };
    expect(theirs.sealed.narrative).toBeDefined();
    expect(theirs.sealed.contact).toBeUndefined();

    // Closed, after saying what will happen.
    await page.selectOption("#state-select", "closed_helped");
    await page.selectOption("#outcome-select", "safe_place_found");
    await confirmStep(
      page,
      "state-form",
      fill(en["confirm.close"], {
        state: en["states.closed_helped"],
        outcome: en["outcomes.safe_place_found"],
      }),
    );
    await said(page, fill(en["state.done"], { state: en["states.closed_helped"] }));

    // The timeline says each step, newest first, with who took it.
    await page.waitForFunction(
      (words) =>
        words.every((word) => document.getElementById("timeline")?.textContent?.includes(word)),
      [
        en["timeline.claim"],
        en["timeline.assign"],
        en["timeline.note"],
        en["timeline.message"],
        en["timeline.handover"],
        en["timeline.state"],
        en["timeline.reply_received"],
      ],
    );
    expect(await axeViolations(page)).toEqual([]);

    // Nothing left the page in clear, the key never, the token only to the API.
    const requests = await log.all();
    const [key] = demoKeys("labour-ngo");
    const keyFile = readFileSync(identityFile(keyDir, "labour-ngo"), "utf8");
    expect(
      whereFound(requests, [
        ...secretForms(String(key?.identity)),
        keyFile,
        NARRATIVE,
        NOTE,
        ANSWER,
        REPLY,
      ]),
    ).toEqual([]);
    for (const found of whereFound(requests, [ana.token]))
      expect(found).toMatch(/^(GET|POST) http:\/\/[^ ]+\/api\/v1\/\S*: header authorization$/);
    expect(await storageWrites()).toEqual([]);
    await context.close();
  }, 240_000);
});
