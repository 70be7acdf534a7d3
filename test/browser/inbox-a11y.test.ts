/**
 * The inbox without a mouse, in English and in Arabic (right to left), in Debian's Chromium
 * against the real local system: axe finds no violation on the sign-in, the list, a case open,
 * its step forms (with the outcome question and the contact of a hand-over shown) and the flag
 * panel; and a caseworker works by keyboard alone: J and K through the list and from case to
 * case, C to claim, R to write to the person (the letters typed in a field stay text), and no
 * other key takes a step.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { assignmentStore } from "../../functions/adapters/dynamo-assignments.ts";
import { INBOX_CATALOGS, type InboxLocale, inboxPath } from "../../web/inbox/catalog.ts";
import { axeViolations } from "../helpers/axe.ts";
import { systemAndBrowser, watchedPage } from "../helpers/browser.ts";
import { identityFile } from "../helpers/demo-keys.ts";
import { staff, staffClient } from "../helpers/org-client.ts";
import { aWorkerWhoLostEverything } from "../helpers/report-factory.ts";
import { logRequests } from "../helpers/request-log.ts";

/** Beside the inbox's other screenshots: the inbox on a 360-px phone, per language. */
const SCREENSHOTS = "test-results/screenshots";
const live = systemAndBrowser();
const keyDir = mkdtempSync(join(tmpdir(), "inbox-a11y-keys-"));
mkdirSync(SCREENSHOTS, { recursive: true });
afterAll(() => rmSync(keyDir, { recursive: true, force: true }));

const status = (page: Page, text: string) =>
  page.waitForFunction(
    (expected) => document.getElementById("status")?.textContent === expected,
    text,
  );
const focused = (page: Page) =>
  page.evaluate(() => {
    const active = document.activeElement as HTMLElement | null;
    return active?.dataset.case ?? active?.id ?? "";
  });
const shownCase = (page: Page) => page.textContent("#case-details .case-id");
const caseOnScreen = (page: Page, caseId: string) =>
  page.waitForFunction(
    (id) =>
      document.querySelector("#case-view:not([hidden]) #case-details .case-id")?.textContent === id,
    caseId,
  );

/** J and K through the list (saying where it ends), to the line of a case, by keyboard alone. */
async function walkTheList(
  page: Page,
  order: string[],
  caseId: string,
  t: (typeof INBOX_CATALOGS)["en"],
): Promise<void> {
  await page.keyboard.press("j");
  expect(await focused(page)).toBe(order[0]);
  await page.keyboard.press("k");
  await status(page, t["keys.first"]);
  expect(await focused(page)).toBe(order[0]);
  for (const _ of order) await page.keyboard.press("j");
  await status(page, t["keys.last"]);
  expect(await focused(page)).toBe(order.at(-1));
  for (let step = order.length - 1; step > order.indexOf(caseId); step -= 1)
    await page.keyboard.press("k");
  expect(await focused(page)).toBe(caseId);
}

describe.each<InboxLocale>(["en", "ar"])("the inbox in %s, by keyboard", (locale) => {
  const t = INBOX_CATALOGS[locale];

  it("has no axe violation on any view, and is worked with J, K, C and R alone", async () => {
    const { system, browser } = live;
    // Two cases for the lead, the second flagged by another organisation on it (a proposal).
    const first = await system.routedCase({ ...aWorkerWhoLostEverything(), test: true });
    const second = await system.routedCase({ ...aWorkerWhoLostEverything(), test: true });
    const [lead, legal] = await Promise.all([
      staffClient(system, staff("labour-ngo", `Kim ${locale}`)),
      staffClient(system, staff("legal-aid", `Kim ${locale}`)),
    ]);
    expect((await legal.post(`org/cases/${second.caseId}/flag`, { flag: "spam" })).status).toBe(
      200,
    );

    const { page, context } = await watchedPage(browser, { width: 360 });
    const log = logRequests(context);
    const violations: string[] = [];
    const axe = async (view: string) => {
      for (const violation of await axeViolations(page)) violations.push(`${view}: ${violation}`);
    };

    await page.goto(`${system.url}${inboxPath(locale)}`);
    expect(await page.getAttribute("html", "dir")).toBe(locale === "ar" ? "rtl" : "ltr");
    await page.waitForSelector("#sign-in:not([hidden])");
    expect(await page.isVisible("#keys")).toBe(true);
    expect(await page.textContent("#keys-title")).toBe(t["keys.title"]);
    await axe("sign-in");

    // Signing in: the token typed, the key file picked, Enter.
    await page.focus("#token");
    await page.keyboard.type(lead.token);
    await page.setInputFiles("#identity", identityFile(keyDir, "labour-ngo"));
    await page.focus("#token");
    await page.keyboard.press("Enter");
    await page.waitForSelector(`.case-open[data-case="${second.caseId}"]`);
    await axe("list");
    const order = await page.$$eval("#cases .case-open", (buttons) =>
      buttons.map((button) => (button as HTMLElement).dataset.case ?? ""),
    );
    expect(order).toEqual(expect.arrayContaining([first.caseId, second.caseId]));
    const [toSecond, toFirst] =
      order.indexOf(second.caseId) > order.indexOf(first.caseId) ? ["j", "k"] : ["k", "j"];

    // J and K move through the list, saying where it ends; Enter opens the line.
    await walkTheList(page, order, first.caseId, t);
    await page.keyboard.press("Enter");
    await caseOnScreen(page, first.caseId);
    expect(await page.getAttribute("#case-details .case-id", "dir")).toBe("ltr");
    await axe("case open");
    await page.screenshot({ path: `${SCREENSHOTS}/inbox-case-${locale}-360.png`, fullPage: true });

    // R before claiming says to claim first; the other letters of the steps do nothing.
    await page.keyboard.press("r");
    await status(page, t["error.conflictClaimFirst"]);
    expect(await focused(page)).not.toBe("message-text");
    for (const key of ["d", "h", "f", "x", "s", "Shift+C", "Control+c", "Alt+c"])
      await page.keyboard.press(key);
    expect(await page.isVisible("#claim-box")).toBe(true);

    // C claims.
    await page.keyboard.press("c");
    await status(page, t["claim.done"]);
    expect((await assignmentStore.get(first.caseId, "labour-ngo"))?.state).toBe("claimed");

    // Every step form at once, the outcome question and the hand-over's contact shown.
    for (const form of ["state-form", "message-form", "handover-form", "decline-form", "flag-form"])
      expect(await page.isVisible(`#${form}`), form).toBe(true);
    await page.selectOption("#state-select", "closed_helped");
    expect(await page.isVisible("#outcome-question")).toBe(true);
    expect(await page.isVisible("#handover-contact-question")).toBe(true);
    await axe("step forms");
    await page.selectOption("#state-select", "");

    // R goes to the message; the letters typed there are text, not keys.
    await page.focus("#actions-title");
    await page.keyboard.press("r");
    expect(await focused(page)).toBe("message-text");
    expect(await page.inputValue("#message-text")).toBe("");
    const words = "Jacek can call; Rita or Karol reply.";
    await page.keyboard.type(words);
    expect(await page.inputValue("#message-text")).toBe(words);
    expect(await shownCase(page)).toBe(first.caseId);
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await status(page, t["message.done"]);

    // J and K from case to case, in the list's order: the flagged one shows its flag panel.
    await page.keyboard.press(toSecond);
    await caseOnScreen(page, second.caseId);
    await page.waitForSelector("#flag-form:not([hidden]) #flag-notes li");
    expect(await page.isVisible("#claim-box")).toBe(true);
    await axe("flag panel");
    await page.keyboard.press(toFirst);
    await caseOnScreen(page, first.caseId);

    // At 360 px: nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      360,
    );
    await page.screenshot({ path: `${SCREENSHOTS}/inbox-steps-${locale}-360.png`, fullPage: true });

    // The keys took two steps, and only those: the claim and the message.
    const posts = (await log.all())
      .filter((request) => request.method === "POST")
      .map((request) => new URL(request.url).pathname);
    expect(posts).toEqual([
      `/api/v1/org/cases/${first.caseId}/claim`,
      `/api/v1/org/cases/${first.caseId}/messages`,
    ]);
    expect((await assignmentStore.get(second.caseId, "labour-ngo"))?.state).not.toBe("claimed");
    expect(violations).toEqual([]);
    await context.close();
  }, 120_000);
});
