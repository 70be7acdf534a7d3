/**
 * No step by mistake, in Debian's Chromium against the real local system: declining asks first
 * and a cancel (Escape or the button) sends nothing; a hand-over says what will happen and does
 * not pass the contact on unless the lead ticks it; an authority is offered as a hand-over target
 * only when the person consented to authorities.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { caseStore } from "../../functions/adapters/dynamo-cases.ts";
import { INBOX_CATALOGS } from "../../web/inbox/catalog.ts";
import { axeViolations } from "../helpers/axe.ts";
import { systemAndBrowser, watchedPage } from "../helpers/browser.ts";
import { identityFile } from "../helpers/demo-keys.ts";
import { staff, staffClient } from "../helpers/org-client.ts";
import { aWorkerWhoLostEverything } from "../helpers/report-factory.ts";
import { logRequests } from "../helpers/request-log.ts";

const en = INBOX_CATALOGS.en;
/** A text of the catalog by a key built from a value the page chose. */
const word = (key: string) => (en as Record<string, string>)[key] ?? "";
const live = systemAndBrowser();
const keyDir = mkdtempSync(join(tmpdir(), "inbox-confirm-keys-"));
afterAll(() => rmSync(keyDir, { recursive: true, force: true }));

const AUTHORITIES = ["police-trafficking-unit", "labour-inspectorate"];

async function status(page: Page, text: string): Promise<void> {
  await page.waitForFunction(
    (expected) => document.getElementById("status")?.textContent === expected,
    text,
  );
}

/** Signs the lead (labour-ngo) in and opens the case. */
async function openAsLead(caseId: string) {
  const { system, browser } = live;
  const lead = await staffClient(system, staff("labour-ngo", "Ana"));
  const watched = await watchedPage(browser);
  const { page, context } = watched;
  const log = logRequests(context);
  await page.goto(`${system.url}/inbox/`);
  await page.waitForSelector("#sign-in:not([hidden])");
  await page.fill("#token", lead.token);
  await page.setInputFiles("#identity", identityFile(keyDir, "labour-ngo"));
  await page.click("#sign-in-submit");
  await page.click(`.case-open[data-case="${caseId}"]`);
  await page.waitForSelector("#case-view:not([hidden])");
  const posts = async () =>
    (await log.all())
      .filter((request) => request.method === "POST")
      .map((request) => new URL(request.url).pathname.split("/").at(-1));
  return { page, context, posts };
}

const targets = (page: Page) =>
  page.$$eval("#handover-to option", (options) =>
    options.map((option) => (option as HTMLOptionElement).value).filter(Boolean),
  );

describe("a lead about to decline or hand over", () => {
  it("is asked first: a cancelled decline sends nothing, a hand-over keeps the contact unless ticked, and no authority is offered without consent", async () => {
    const { system } = live;
    const { caseId } = await system.routedCase({
      ...aWorkerWhoLostEverything({ narrative: "They took my passport." }),
      test: true,
    });
    const { page, context, posts } = await openAsLead(caseId);

    // Decline: the dialog says what will happen; Escape and Cancel both send nothing.
    await page.waitForSelector("#decline-form:not([hidden])");
    await page.selectOption("#decline-reason", "no_capacity");
    await page.click("#decline-form button[type=submit]");
    await page.waitForSelector("#confirm[open]");
    expect(await page.textContent("#confirm-text")).toBe(
      en["confirm.decline"].replace("{reason}", en["declineReasons.no_capacity"]),
    );
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("confirm-no");
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press("Escape");
    await status(page, en["confirm.cancelled"]);
    expect(await page.isVisible("#confirm")).toBe(false);
    await page.click("#decline-form button[type=submit]");
    await page.click("#confirm-no");
    await status(page, en["confirm.cancelled"]);
    expect(await posts()).toEqual([]);
    expect(
      (await caseStore.get(caseId, Date.now()))?.sealed["categorical-shelter"],
    ).toBeUndefined();

    // Claim (no question), then the hand-over: no authority, contact unticked, and said so.
    await page.click("#claim");
    await status(page, en["claim.done"]);
    await page.waitForSelector("#handover-form:not([hidden])");
    const offered = await targets(page);
    expect(offered).toContain("categorical-shelter");
    for (const authority of AUTHORITIES) expect(offered).not.toContain(authority);
    expect(await page.isVisible("#handover-contact-question")).toBe(true);
    expect(await page.isChecked("#handover-contact")).toBe(false);
    await page.selectOption("#handover-to", "categorical-shelter");
    await page.click("#handover-form button[type=submit]");
    await page.waitForSelector("#confirm[open]");
    const shelter = "Categorical shelter for victims of trafficking";
    expect(await page.textContent("#confirm-text")).toBe(
      en["confirm.handover"]
        .replace("{need}", en["needs.shelter"])
        .replace("{organisation}", shelter),
    );
    await page.click("#confirm-yes");
    await status(page, en["handover.done"].replace("{organisation}", shelter));
    expect(await posts()).toEqual(["claim", "handover"]);
    const handed = (await caseStore.get(caseId, Date.now()))?.sealed["categorical-shelter"];
    expect(handed?.narrative).toBeDefined();
    expect(handed?.contact).toBeUndefined();

    // Ticked, the question says the contact goes now, and it goes.
    const next = offered.find((id) => id !== "categorical-shelter") ?? "";
    const nextName = system.region.organisations.find((o) => o.id === next)?.name ?? "";
    await page.selectOption("#handover-to", next);
    const need = await page.inputValue("#handover-need");
    await page.check("#handover-contact");
    await page.click("#handover-form button[type=submit]");
    await page.waitForSelector("#confirm[open]");
    expect(await page.textContent("#confirm-text")).toBe(
      en["confirm.handoverContact"]
        .replace("{need}", word(`needs.${need}`))
        .replace("{organisation}", nextName),
    );
    await page.click("#confirm-yes");
    await status(page, en["handover.done"].replace("{organisation}", nextName));
    expect((await caseStore.get(caseId, Date.now()))?.sealed[next]?.contact).toBeDefined();

    // Closing asks too, with the state and the outcome in words; progress does not.
    const closing = await page.$$eval("#state-select option", (options) =>
      options
        .map((option) => (option as HTMLOptionElement).value)
        .find((v) => v.startsWith("closed")),
    );
    expect(closing).toBeDefined();
    await page.selectOption("#state-select", closing ?? "");
    await page.selectOption("#outcome-select", "person_declined_help");
    await page.click("#state-form button[type=submit]");
    await page.waitForSelector("#confirm[open]");
    expect(await page.textContent("#confirm-text")).toBe(
      en["confirm.close"]
        .replace("{state}", word(`states.${closing}`))
        .replace("{outcome}", en["outcomes.person_declined_help"]),
    );
    await page.click("#confirm-yes");
    await status(page, en["state.done"].replace("{state}", word(`states.${closing}`)));
    expect(await posts()).toEqual(["claim", "handover", "handover", "state"]);
    await context.close();
  });

  it("is offered the authorities once the person consented to them", async () => {
    const { system } = live;
    const { caseId } = await system.routedCase({
      ...aWorkerWhoLostEverything({ consent: { share: true, authorities: true, checkIns: false } }),
      test: true,
    });
    const { page, context } = await openAsLead(caseId);
    await page.click("#claim");
    await status(page, en["claim.done"]);
    await page.waitForSelector("#handover-form:not([hidden])");
    const offered = await targets(page);
    for (const authority of AUTHORITIES) expect(offered).toContain(authority);
    await context.close();
  });
});
