/**
 * The team's tools of the inbox in Debian's Chromium, against the real local system: the open
 * cases exported as CSV and as JSON (decrypted in the page: the narrative, the team's notes; a
 * closed case left out; a formula made inert), and a leaving colleague's cases handed to another
 * after confirming. Nothing is written to browser storage and no request carries clear text.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { credentialStore } from "../../functions/adapters/dynamo-access.ts";
import { INBOX_CATALOGS } from "../../web/inbox/catalog.ts";
import { COLUMNS } from "../../web/inbox/export-format.ts";
import { systemAndBrowser, watchedPage } from "../helpers/browser.ts";
import { demoKeys, identityFile } from "../helpers/demo-keys.ts";
import { sealTo, staff, staffClient } from "../helpers/org-client.ts";
import { aReport, aWorkerWhoLostEverything } from "../helpers/report-factory.ts";
import { logRequests, whereFound } from "../helpers/request-log.ts";

const en = INBOX_CATALOGS.en;
const live = systemAndBrowser();
const keyDir = mkdtempSync(join(tmpdir(), "inbox-team-"));
afterAll(() => rmSync(keyDir, { recursive: true, force: true }));

const NARRATIVE = '=HYPERLINK("http://evil.example") CANARY-export-narrative';
const NOTE = "Leo called her on Tuesday. CANARY-export-note";
const fill = (text: string, values: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name]));

async function said(page: Page, text: string): Promise<void> {
  await page.waitForFunction(
    (expected) => document.getElementById("status")?.textContent === expected,
    text,
    { timeout: 30_000 },
  );
}

/** Clicks an export button and gives the file the browser downloaded. */
async function exported(page: Page, button: string): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent("download"), page.click(button)]);
  return { name: download.suggestedFilename(), text: readFileSync(await download.path(), "utf8") };
}

describe("the team's tools", () => {
  it("exports the open cases decrypted, and hands a leaver's cases to a colleague", async () => {
    const { system, browser } = live;
    const [ana, bo, leo] = await Promise.all([
      staffClient(system, staff("labour-ngo", "Ana")),
      staffClient(system, staff("labour-ngo", "Bo")),
      staffClient(system, staff("labour-ngo", "Leo")),
    ]);
    const open = await system.routedCase({
      ...aWorkerWhoLostEverything({ narrative: NARRATIVE }),
      test: true,
    });
    const closed = await system.routedCase({ ...aReport({ lost: ["job"] }), test: true });
    expect((await leo.post(`org/cases/${open.caseId}/claim`)).status).toBe(200);
    const team = demoKeys("labour-ngo").map((key) => key.recipient);
    expect(
      (await leo.post(`org/cases/${open.caseId}/notes`, { sealed: await sealTo(team, NOTE) }))
        .status,
    ).toBe(201);
    await ana.post(`org/cases/${closed.caseId}/claim`);
    await ana.post(`org/cases/${closed.caseId}/state`, {
      state: "closed_helped",
      outcome: "income_secured",
    });

    const { page, context, storageWrites } = await watchedPage(browser, { width: 1024 });
    const log = logRequests(context);
    await page.goto(`${system.url}/inbox/`);
    await page.fill("#token", ana.token);
    await page.setInputFiles("#identity", identityFile(keyDir, "labour-ngo"));
    await page.click("#sign-in-submit");
    await page.waitForSelector(`.case-open[data-case="${open.caseId}"]`);

    const csv = await exported(page, "#export-csv");
    expect(csv.name).toMatch(/^cases-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = csv.text.replace(/^\uFEFF/, "").split("\r\n");
    expect(lines[0]).toBe(COLUMNS.join(","));
    expect(csv.text).toContain(open.caseId);
    expect(csv.text).not.toContain(closed.caseId);
    // Decrypted in the page, and inert in a spreadsheet.
    expect(csv.text).toContain(`"'=HYPERLINK(""http://evil.example"") CANARY-export-narrative"`);
    expect(csv.text).toContain(`Leo: ${NOTE}`);
    await said(page, fill(en["export.done"], { count: 1 }));

    const json = await exported(page, "#export-json");
    const { cases } = JSON.parse(json.text) as { cases: Record<string, string>[] };
    expect(cases.map((row) => row.caseId)).toEqual([open.caseId]);
    expect(cases[0]).toMatchObject({ claimedBy: "Leo", narrative: NARRATIVE });

    // Leo leaves: his access is revoked, and his cases go to Bo after confirming.
    await credentialStore.revoke(staff("labour-ngo", "Leo"), Date.now());
    await page.focus("#leaver-from");
    await page.waitForSelector('#leaver-from option[value="Leo"]', { state: "attached" });
    await page.waitForSelector('#leaver-to option[value="Bo"]', { state: "attached" });
    expect(await page.$('#leaver-to option[value="Leo"]')).toBeNull();
    await page.selectOption("#leaver-from", "Leo");
    await page.selectOption("#leaver-to", "Bo");
    await page.click("#leaver-form button[type=submit]");
    await page.waitForSelector("#confirm[open]");
    expect(await page.textContent("#confirm-text")).toBe(
      fill(en["leaver.confirm"], { from: "Leo", to: "Bo" }),
    );
    await page.click("#confirm-yes");
    await said(page, fill(en["leaver.done"], { count: 1, name: "Bo" }));
    expect((await bo.get(`org/cases/${open.caseId}`)).body.assignment).toMatchObject({
      claimedBy: "Bo",
    });

    expect(whereFound(await log.all(), [NOTE, "CANARY-export-narrative"])).toEqual([]);
    expect(await storageWrites()).toEqual([]);
    await context.close();
  }, 180_000);
});
