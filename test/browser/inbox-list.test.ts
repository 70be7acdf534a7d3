/**
 * The inbox's list in Debian's Chromium, against the real local system (issue 13, "a list that
 * shows what to act on"): three live cases of different urgency in the right order, each with
 * its needs, languages, municipality, who claimed it, the others and its markers in words, a
 * closed one apart; the filters (need, claimed by nobody, by me) asked of the API; the search
 * by short id; and, while the list is on screen, a reply of the person and a message of another
 * organisation shown within a poll (a conditional GET), marked and said politely without moving
 * the focus, with nothing asked while a case is open or the tab hidden, all of it forgotten when
 * the inbox locks, and nothing written to browser storage. axe finds no violation on the list.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { armor, Encrypter } from "age-encryption";
import type { Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { tableName } from "../../config/environment.ts";
import { dynamo } from "../../functions/adapters/aws-clients.ts";
import { UpdateCommand } from "../../functions/adapters/dynamo-client.ts";
import { INBOX_CATALOGS } from "../../web/inbox/catalog.ts";
import { axeViolations } from "../helpers/axe.ts";
import { systemAndBrowser, watchedPage } from "../helpers/browser.ts";
import { identityFile } from "../helpers/demo-keys.ts";
import { staff, staffClient } from "../helpers/org-client.ts";
import { aReport, aWorkerWhoLostEverything } from "../helpers/report-factory.ts";
import { logRequests } from "../helpers/request-log.ts";

const en = INBOX_CATALOGS.en;
const live = systemAndBrowser();
const keyDir = mkdtempSync(join(tmpdir(), "inbox-list-keys-"));
afterAll(() => rmSync(keyDir, { recursive: true, force: true }));

const fill = (text: string, values: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name]));
const short = (caseId: string) => caseId.slice(0, 8);
const row = (caseId: string) => `.case-open[data-case="${caseId}"]`;

/** The cases listed under each heading, in their order. */
const groups = (page: Page) =>
  page.$$eval("#cases .case-group", (sections) =>
    sections.map((section) => ({
      title: section.querySelector("h2")?.textContent ?? "",
      cases: [...section.querySelectorAll<HTMLElement>(".case-open")].map(
        (button) => button.dataset.case ?? "",
      ),
    })),
  );
const listed = async (page: Page) => (await groups(page)).flatMap((group) => group.cases);

/** Chooses the filters and waits for the list the API answered with them. */
async function filterBy(page: Page, filters: Record<string, string>, expected: string[]) {
  for (const [name, value] of Object.entries(filters))
    await page.selectOption(`#${name}-filter`, value);
  // The button is busy until the list before is shown (a busy button takes no focus).
  await page.focus("#filter-form button[type=submit]:not([disabled])");
  await page.keyboard.press("Enter");
  await page.waitForFunction(
    (ids) =>
      JSON.stringify(
        [...document.querySelectorAll<HTMLElement>("#cases .case-open")].map((b) => b.dataset.case),
      ) === JSON.stringify(ids),
    expected,
  );
}

describe("the list of a caseworker with cases of every kind", () => {
  it("shows what to act on, filters and finds, and marks what happened meanwhile within a poll", async () => {
    const { system, browser } = live;
    const [ana, bo, legal] = await Promise.all([
      staffClient(system, staff("labour-ngo", "Ana")),
      staffClient(system, staff("labour-ngo", "Bo")),
      staffClient(system, staff("legal-aid", "Lea")),
    ]);
    const nameOf = (id: string) =>
      system.region.organisations.find((organisation) => organisation.id === id)?.name ?? id;

    // Filed oldest first: a standard case, a closed one, a high one, an emergency.
    const standard = await system.routedCase({
      ...aReport({ lost: ["job"], contactLanguages: ["ro", "en"], municipality: "GM0363" }),
      test: true,
    });
    const closed = await system.routedCase({ ...aReport({ lost: ["job"] }), test: true });
    const high = await system.routedCase({ ...aWorkerWhoLostEverything(), test: true });
    const emergency = await system.routedCase({
      ...aWorkerWhoLostEverything({ inDanger: "yes" }),
      test: true,
    });
    const ok = async (answer: Promise<{ status: number }>) =>
      expect((await answer).status).toBeLessThan(300);
    await ok(ana.post(`org/cases/${standard.caseId}/claim`));
    await ok(bo.post(`org/cases/${high.caseId}/claim`));
    await ok(bo.post(`org/cases/${closed.caseId}/claim`));
    await ok(
      bo.post(`org/cases/${closed.caseId}/state`, {
        state: "closed_helped",
        outcome: "income_secured",
      }),
    );
    // The emergency came two hours ago and was escalated: overdue (30 minutes in the sample).
    await dynamo.send(
      new UpdateCommand({
        TableName: tableName("assignments"),
        Key: { caseId: emergency.caseId, organisation: "labour-ngo" },
        UpdateExpression: "SET receivedAt = :received, escalatedAt = :now",
        ExpressionAttributeValues: { ":received": Date.now() - 2 * 3_600_000, ":now": Date.now() },
      }),
    );

    const watched = await watchedPage(browser, { width: 360 });
    const { page, context } = watched;
    const log = logRequests(context);
    const listAnswers: number[] = [];
    page.on("response", (response) => {
      if (new URL(response.url()).pathname === "/api/v1/org/cases")
        listAnswers.push(response.status());
    });
    const listRequests = async () =>
      (await log.all()).filter((request) => new URL(request.url).pathname === "/api/v1/org/cases");
    await page.goto(`${system.url}/inbox/`);
    await page.waitForSelector("#sign-in:not([hidden])");
    expect(await page.getAttribute("#list-view", "data-poll-seconds")).toBe("30");
    // The test's clock: one second between asks, so that a change shows within a test's wait.
    await page.evaluate(() => {
      (document.getElementById("list-view") as HTMLElement).dataset.pollSeconds = "1";
    });
    await page.fill("#token", ana.token);
    await page.setInputFiles("#identity", identityFile(keyDir, "labour-ngo"));
    await page.click("#sign-in-submit");
    await page.waitForSelector(`#list-view:not([hidden]) ${row(closed.caseId)}`);

    // Three to work on, emergency first, then by urgency; the closed one apart.
    expect(await groups(page)).toEqual([
      {
        title: `${en["list.liveTitle"]} (3)`,
        cases: [emergency.caseId, high.caseId, standard.caseId],
      },
      { title: `${en["list.doneTitle"]} (1)`, cases: [closed.caseId] },
    ]);
    expect(await page.textContent("#case-count")).toBe(fill(en["list.count"], { count: 4 }));

    const urgent = (await page.textContent(row(emergency.caseId))) ?? "";
    for (const text of [
      en["urgencies.emergency"],
      fill(en["list.shortId"], { id: `\u2066${short(emergency.caseId)}\u2069` }),
      fill(en["list.receivedAgo"], { ago: "2 hours ago" }),
      en["list.overdue"],
      en["list.escalated"],
      fill(en["list.needs"], {
        needs: ["income", "legal", "residence", "safety", "shelter"]
          .map((need) => en[`needs.${need}` as keyof typeof en])
          .join(", "),
      }),
      fill(en["list.languages"], { languages: "Polish" }),
      fill(en["list.municipality"], { name: "Utrecht" }),
      en["list.unclaimed"],
      `${nameOf("care-coordination-west")} (${en["case.lead"]}): `,
    ])
      expect(urgent).toContain(text);
    expect(urgent).not.toContain(en["list.newReply"]);
    expect(urgent).not.toContain(en["list.fromOthers"]);

    const highRow = (await page.textContent(row(high.caseId))) ?? "";
    expect(highRow).toContain(en["urgencies.high"]);
    expect(highRow).toContain(fill(en["list.claimedBy"], { name: "Bo" }));
    expect(highRow).toContain(`${nameOf("legal-aid")}: `);
    expect(highRow).not.toContain(en["list.overdue"]);

    const standardRow = (await page.textContent(row(standard.caseId))) ?? "";
    for (const text of [
      en["urgencies.standard"],
      en["states.claimed"],
      fill(en["list.needs"], { needs: en["needs.income"] }),
      fill(en["list.languages"], { languages: "Romanian, English" }),
      fill(en["list.municipality"], { name: "Amsterdam" }),
      en["list.claimedByYou"],
      en["list.othersNone"],
    ])
      expect(standardRow).toContain(text);
    expect(await page.textContent(row(closed.caseId))).toContain(en["outcomes.income_secured"]);
    expect(await axeViolations(page)).toEqual([]);

    // The filters, by keyboard, asked of the API.
    await filterBy(page, { need: "safety" }, [emergency.caseId]);
    await filterBy(page, { need: "", claimed: "nobody" }, [emergency.caseId]);
    await filterBy(page, { claimed: "me" }, [standard.caseId]);
    await filterBy(page, { claimed: "" }, [
      emergency.caseId,
      high.caseId,
      standard.caseId,
      closed.caseId,
    ]);
    const queries = (await listRequests()).map((request) => new URL(request.url).search);
    expect(queries).toEqual(
      expect.arrayContaining(["?need=safety", "?claimed=nobody", "?claimed=me"]),
    );
    // A filter chosen but not applied is not what the clock asks for.
    await page.selectOption("#need-filter", "debt");
    const before = (await listRequests()).length;
    await page.waitForResponse((response) => response.url().includes("/api/v1/org/cases"));
    for (const request of (await listRequests()).slice(before))
      expect(new URL(request.url).search).toBe("");
    await page.selectOption("#need-filter", "");

    // The search by short id, in capitals as read over the phone, in the page alone.
    const asked = (await listRequests()).length;
    await page.fill("#case-search", short(high.caseId).toUpperCase());
    expect(await listed(page)).toEqual([high.caseId]);
    expect(await page.textContent("#case-count")).toBe(fill(en["list.count"], { count: 1 }));
    await page.fill("#case-search", "zz");
    expect(await page.textContent("#cases")).toBe(en["list.searchNone"]);
    await page.fill("#case-search", "");
    expect(await listed(page)).toHaveLength(4);
    // Meanwhile only the list's own clock asked, for the whole list.
    for (const request of (await listRequests()).slice(asked))
      expect(new URL(request.url).search).toBe("");

    // Meanwhile: the person writes back on one case, another organisation writes on another.
    await page.focus(row(standard.caseId));
    expect(
      (
        await system.post(
          { receipt: standard.receipt, text: "Tomorrow is fine." },
          { path: "/api/v1/status/reply" },
        )
      ).status,
    ).toBe(200);
    await ok(legal.post(`org/cases/${high.caseId}/claim`));
    const { personRecipient } = (await legal.get(`org/cases/${high.caseId}`)).body as {
      personRecipient: string;
    };
    const encrypter = new Encrypter();
    encrypter.addRecipient(personRecipient);
    const sealed = armor.encode(await encrypter.encrypt("We can help with the papers."));
    await ok(legal.post(`org/cases/${high.caseId}/messages`, { sealed }));

    // Within a poll, the rows say so, marked as changed; said politely; the focus stays.
    await page.waitForFunction(
      (wanted) =>
        wanted.every(([selector, text]) =>
          document.querySelector(selector)?.textContent?.includes(text),
        ),
      [
        [row(standard.caseId), en["list.newReply"]],
        [row(high.caseId), en["list.fromOthers"]],
      ] as [string, string][],
    );
    for (const caseId of [standard.caseId, high.caseId]) {
      expect(await page.textContent(row(caseId))).toContain(en["list.markChanged"]);
      expect(await page.getAttribute(`li:has(> ${row(caseId)})`, "data-mark")).toBe("changed");
    }
    expect(await page.textContent(row(emergency.caseId))).not.toContain(en["list.markChanged"]);
    const said = new RegExp(`^${en["list.refreshed"].replace("{count}", "[12]")}$`);
    await page.waitForFunction(
      (pattern) => new RegExp(pattern).test(document.getElementById("status")?.textContent ?? ""),
      said.source,
    );
    expect(await page.evaluate(() => (document.activeElement as HTMLElement)?.dataset.case)).toBe(
      standard.caseId,
    );
    expect(await page.getAttribute("#status", "role")).toBe("status");
    // Asked again with the tag last seen; the unchanged answers were 304s.
    const polls = (await listRequests()).filter((request) => request.headers["if-none-match"]);
    expect(polls.length).toBeGreaterThan(0);
    expect(listAnswers).toContain(304);
    expect(listAnswers.filter((status) => status !== 200 && status !== 304)).toEqual([]);
    await page.screenshot({ path: "test-results/screenshots/inbox-list-360.png", fullPage: true });
    expect(await axeViolations(page)).toEqual([]);

    // Opened, a case stops the clock; back on the list, what the caseworker saw is not marked.
    await page.click(row(high.caseId));
    await page.waitForSelector("#case-view:not([hidden])");
    await page.waitForTimeout(1500); // an ask sent before the case opened is logged by now
    const whileOpen = (await listRequests()).length;
    await page.waitForTimeout(2500);
    expect((await listRequests()).length).toBe(whileOpen);
    await page.click("#back");
    await page.waitForSelector(`#list-view:not([hidden]) ${row(high.caseId)}`);
    await page.waitForFunction(
      ([selector, mark]) => !document.querySelector(selector)?.textContent?.includes(mark),
      [row(high.caseId), en["list.markChanged"]] as const,
    );
    expect(await page.textContent(row(high.caseId))).not.toContain(en["list.fromOthers"]);
    expect(await page.textContent(row(standard.caseId))).toContain(en["list.markChanged"]);

    // Hidden, the tab asks nothing; shown again, it asks at once.
    const setVisibility = (state: string) =>
      page.evaluate((visibility) => {
        Object.defineProperty(document, "visibilityState", {
          configurable: true,
          get: () => visibility,
        });
        document.dispatchEvent(new Event("visibilitychange"));
      }, state);
    await setVisibility("hidden");
    await page.waitForTimeout(1500);
    const whileHidden = (await listRequests()).length;
    await page.waitForTimeout(2500);
    expect((await listRequests()).length).toBe(whileHidden);
    await Promise.all([
      page.waitForResponse((response) => response.url().endsWith("/api/v1/org/cases")),
      setVisibility("visible"),
    ]);

    // Locked from a case, the inbox forgets the list, its marks and the filters chosen.
    await page.selectOption("#urgency-filter", "high");
    await page.click(row(emergency.caseId));
    await page.waitForSelector("#case-view:not([hidden])");
    await page.click("#lock");
    await page.waitForSelector("#sign-in:not([hidden])");
    await page.fill("#token", ana.token);
    await page.setInputFiles("#identity", identityFile(keyDir, "labour-ngo"));
    await page.click("#sign-in-submit");
    await page.waitForSelector(`#list-view:not([hidden]) ${row(standard.caseId)}`);
    expect(await listed(page)).toHaveLength(4);
    expect(await page.locator("#cases [data-mark]").count()).toBe(0);
    expect(await page.inputValue("#urgency-filter")).toBe("");
    expect(await watched.storageWrites()).toEqual([]);
    await context.close();
  }, 120_000);
});
