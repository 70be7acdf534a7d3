/**
 * Flags in the inbox, in Debian's Chromium against the real local system: the coordinator sees
 * the lead's proposal on the case, marks it as spam for everyone, finds it again among the cases
 * flagged out of its inbox, and takes the mark back; the lead's own flag stays the lead's.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { INBOX_CATALOGS } from "../../web/inbox/catalog.ts";
import { axeViolations } from "../helpers/axe.ts";
import { systemAndBrowser, watchedPage } from "../helpers/browser.ts";
import { identityFile } from "../helpers/demo-keys.ts";
import { type OrgClient, staff, staffClient } from "../helpers/org-client.ts";
import { aWorkerWhoLostEverything } from "../helpers/report-factory.ts";

const en = INBOX_CATALOGS.en;
/** Beside the inbox's other screenshots: the flag steps as the coordinator sees them. */
const SCREENSHOTS = "test-results/screenshots";
const live = systemAndBrowser();
const keyDir = mkdtempSync(join(tmpdir(), "inbox-flag-keys-"));
afterAll(() => rmSync(keyDir, { recursive: true, force: true }));

describe("the coordinator, on a case the lead flagged", () => {
  it("sees the proposal, marks it for everyone, finds it again and takes the mark back", async () => {
    const { system, browser } = live;
    const { caseId } = await system.routedCase({ ...aWorkerWhoLostEverything(), test: true });
    const [lead, legal, coordinator] = await Promise.all([
      staffClient(system, staff("labour-ngo", "Kim")),
      staffClient(system, staff("legal-aid", "Kim")),
      staffClient(system, staff("coordination-centre", "Kim")),
    ]);
    expect((await lead.post(`org/cases/${caseId}/flag`, { flag: "spam" })).status).toBe(200);
    const inboxOf = async (client: OrgClient) =>
      ((await client.get("org/cases")).body.cases as { caseId: string }[]).map((c) => c.caseId);

    const { page, context } = await watchedPage(browser);
    await page.goto(`${system.url}/inbox/`);
    await page.waitForSelector("#sign-in:not([hidden])");
    await page.fill("#token", coordinator.token);
    await page.setInputFiles("#identity", identityFile(keyDir, "coordination-centre"));
    await page.click("#sign-in-submit");
    const item = `.case-open[data-case="${caseId}"]`;
    await page.click(item);
    await page.waitForSelector("#flag-form:not([hidden]) #flag-notes li");
    const leadName = system.region.organisations.find((o) => o.id === "labour-ngo")?.name ?? "";
    expect(await page.textContent("#flag-notes")).toBe(
      en["flag.proposedByLead"]
        .replace("{organisation}", leadName)
        .replace("{flag}", en["flags.spam"]),
    );
    expect(await page.isVisible("#unflag")).toBe(false);
    expect(await axeViolations(page)).toEqual([]);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.locator("#flag-form").screenshot({ path: `${SCREENSHOTS}/inbox-flag.png` });

    await page.selectOption("#flag-kind", "spam");
    await page.check("#flag-everyone");
    await page.click("#flag-form button[type=submit]");
    await page.waitForSelector("#confirm[open]");
    expect(await page.textContent("#confirm-text")).toBe(
      en["confirm.flagEveryone"].replace("{flag}", en["flags.spam"]),
    );
    await page.click("#confirm-yes");
    await page.waitForFunction(
      (text) => document.getElementById("status")?.textContent === text,
      en["flag.done"].replace("{flag}", en["flags.spam"]),
    );
    expect(await inboxOf(legal)).not.toContain(caseId);
    expect(await inboxOf(lead)).not.toContain(caseId);
    expect(await page.isVisible("#unflag")).toBe(true);

    await page.click("#back");
    await page.waitForSelector("#list-view:not([hidden])");
    // The list read again, without the case.
    await page.waitForSelector(item, { state: "detached" });
    await page.selectOption("#state-filter", "hidden");
    await page.click("#filter-form button[type=submit]");
    await page.click(item);
    await page.waitForSelector("#unflag:not([hidden])");
    await page.click("#unflag");
    await page.waitForFunction(
      (text) => document.getElementById("status")?.textContent === text,
      en["flag.undone"],
    );
    expect(await inboxOf(legal)).toContain(caseId);
    expect(await inboxOf(coordinator)).toContain(caseId);
    expect(await inboxOf(lead)).not.toContain(caseId);
    await context.close();
  });
});
