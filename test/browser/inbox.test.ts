/**
 * The organisations' inbox in Debian's Chromium, against the real local system: a case filed
 * through the form (with its script) is listed for the lead, opened with the demo identity of
 * the sample region (the narrative and the contact decrypted in the page), claimed, moved on,
 * written to (sealed in the page to the person's key, which only the receipt opens) and handed
 * over (re-sealed in the page to the other organisation's keys). Every request stays on the
 * origin, none carries any form of the identity, the token travels only in the Authorization
 * header of the API, nothing is written to browser storage, and axe finds no violation on the
 * sign-in, the list or the case. The Subresource Integrity pin holds: a changed script does
 * not run.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { armor } from "age-encryption";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tableName } from "../../config/environment.ts";
import { normaliseReceipt } from "../../domain/receipt.ts";
import { dynamo } from "../../functions/adapters/aws-clients.ts";
import { assignmentStore } from "../../functions/adapters/dynamo-assignments.ts";
import { caseStore } from "../../functions/adapters/dynamo-cases.ts";
import { UpdateCommand } from "../../functions/adapters/dynamo-client.ts";
import { personKeys } from "../../functions/adapters/receipt-crypto.ts";
import { INBOX_CATALOGS } from "../../web/inbox/catalog.ts";
import { axeViolations } from "../helpers/axe.ts";
import { launchChromium, watchedPage } from "../helpers/browser.ts";
import { demoKeys, identityFile, openSealed, secretForms } from "../helpers/demo-keys.ts";
import { fillStepByStep, WORKER } from "../helpers/form-filler.ts";
import { expectRuleWordsAndGaps } from "../helpers/inbox-case-view.ts";
import { type OrgClient, staff, staffClient } from "../helpers/org-client.ts";
import { aWorkerWhoLostEverything } from "../helpers/report-factory.ts";
import { logRequests, whereFound } from "../helpers/request-log.ts";
import { eventually, startTestSystem, type TestSystem } from "../helpers/test-system.ts";

const en = INBOX_CATALOGS.en;
const nl = INBOX_CATALOGS.nl;
const MESSAGE = "We can help. Call us on Monday.";
/** The decryption module (age-encryption), which the inbox's script loads when the key is given. */
const AGE_MODULE = "/assets/inbox-age.js";

let system: TestSystem;
let browser: Browser;
let keyDir: string;

/** Beside the form's screenshots (README): what the inbox looks like, with the demo case. */
const SCREENSHOTS = "test-results/screenshots";

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  keyDir = mkdtempSync(join(tmpdir(), "inbox-keys-"));
  [system, browser] = await Promise.all([startTestSystem(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await system?.stop();
  rmSync(keyDir, { recursive: true, force: true });
});

async function status(page: Page, text: string): Promise<void> {
  await page.waitForFunction(
    (expected) => document.getElementById("status")?.textContent === expected,
    text,
  );
}

/** Files the seed case through the form with its script, and returns the receipt shown. */
async function fileThroughTheForm(): Promise<string> {
  const { page, context } = await watchedPage(browser);
  await page.goto(`${system.url}/en/`);
  await fillStepByStep(page, WORKER);
  await page.click("#step-words button[type=submit]");
  await page.waitForSelector("#receipt:not([hidden])", { timeout: 60_000 });
  const receipt = (await page.textContent("#receipt [data-slot=code]")) ?? "";
  await context.close();
  return receipt;
}

async function signIn(page: Page, token: string, organisation: string): Promise<void> {
  await page.fill("#token", token);
  await page.setInputFiles("#identity", identityFile(keyDir, organisation));
  await page.click("#sign-in-submit");
}

/** Visible controls smaller than 44 × 44 CSS pixels. */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [
      ...document.querySelectorAll<HTMLElement>(
        "button, select, textarea, input, .switch a, label.choice",
      ),
    ]
      // A checkbox's target is its label.
      .filter((target) => !(target instanceof HTMLInputElement && target.type === "checkbox"))
      .filter((target) => target.getClientRects().length > 0)
      .map((target) => ({ target, box: target.getBoundingClientRect() }))
      .filter(({ box }) => box.height < 44 || box.width < 44)
      .map(({ target, box }) => `${target.tagName}#${target.id}: ${box.width}×${box.height}`),
  );
}

describe("the inbox of the lead, with a case filed through the form", () => {
  let ana: OrgClient;
  let caseId: string;
  let receipt: string;

  beforeAll(async () => {
    receipt = await fileThroughTheForm();
    ana = await staffClient(system, staff("labour-ngo", "Ana"));
    caseId = await eventually(async () => {
      const answer = await ana.get("org/cases");
      return (answer.body.cases as { caseId: string }[] | undefined)?.[0]?.caseId;
    }, 30_000);
  }, 120_000);

  it("opens it decrypted in the page, claims it, writes to the person and hands a need over; the key never leaves the page", async () => {
    const watched = await watchedPage(browser);
    const { page, context } = watched;
    const log = logRequests(context);
    const violations: string[] = [];
    const axe = async (screen: string) => {
      for (const violation of await axeViolations(page)) violations.push(`${screen}: ${violation}`);
    };

    await page.goto(`${system.url}/inbox/`);
    expect(await page.getAttribute("html", "lang")).toBe("en");
    await page.waitForSelector("#sign-in:not([hidden])");
    expect(await page.isVisible("#needs-script")).toBe(false);
    const decryptionModule = () => watched.requests.filter((url) => url.endsWith(AGE_MODULE));
    expect(decryptionModule()).toEqual([]); // not in the first load: only once the key is given
    expect(await page.getAttribute("#token", "type")).toBe("password");
    expect(await page.getAttribute("#token", "autocomplete")).toBe("off");
    await axe("sign-in");
    await page.screenshot({ path: `${SCREENSHOTS}/inbox-sign-in.png` });

    await signIn(page, ana.token, "labour-ngo");
    await page.waitForSelector("#list-view:not([hidden]) .case-open");
    await status(
      page,
      en["signIn.done"]
        .replace("{name}", "Ana")
        .replace("{organisation}", "Labour exploitation support foundation"),
    );
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("list-title");
    expect(await page.textContent("#who")).toBe("Ana, Labour exploitation support foundation");
    expect(await page.isVisible("#key-notice")).toBe(false); // the demo key is one of the organisation's
    // The only case of this system so far (the tests of this file run in order).
    expect(await page.locator(".case-open").count()).toBe(1);
    expect(await page.getAttribute(".case-open", "data-case")).toBe(caseId);
    const item = (await page.textContent(".case-open")) ?? "";
    expect(item).toContain(en["urgencies.high"]);
    expect(await page.textContent("#case-count")).toBe(en["list.count"].replace("{count}", "1"));
    // The token and the file were taken out of the fields.
    expect(await page.inputValue("#token")).toBe("");
    expect(
      await page.evaluate(
        () => (document.getElementById("identity") as HTMLInputElement).files?.length,
      ),
    ).toBe(0);
    await axe("list");

    await page.click(".case-open");
    await page.waitForSelector("#narrative .opened-text");
    expect(decryptionModule()).toHaveLength(1);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("case-title");
    expect(await page.textContent("#narrative .opened-text")).toBe(WORKER.narrative);
    const contact = (await page.textContent("#contact")) ?? "";
    expect(contact).toContain(WORKER.address);
    expect(contact).toContain(en["channels.phone"]);
    const details = (await page.textContent("#case-details")) ?? "";
    expect(details).toContain(caseId);
    expect(details).toContain("Utrecht");
    expect(details).toContain(en["needs.shelter"]);
    expect(details).toContain(en["situations.left_no_contact"]);
    expect(details).toContain("Free legal aid desk");
    expect(details).toContain(en["case.youLead"]);
    await expectRuleWordsAndGaps(page);
    expect(await page.isVisible("#claim")).toBe(true);
    expect(await page.isVisible("#message-form")).toBe(false); // claim first
    await axe("case");
    await page.screenshot({ path: `${SCREENSHOTS}/inbox-case.png`, fullPage: true });

    // At 320 px (a 640 px phone at 200 %): nothing wider than the screen, every target 44 px.
    await page.setViewportSize({ width: 320, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      320,
    );
    expect(await smallTargets(page)).toEqual([]);
    await page.setViewportSize({ width: 390, height: 800 });

    // Claim by keyboard.
    await page.focus("#claim");
    await page.keyboard.press("Enter");
    await status(page, en["claim.done"]);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("actions-title");
    expect(await page.isVisible("#claim-box")).toBe(false);
    expect((await assignmentStore.get(caseId, "labour-ngo"))?.state).toBe("claimed");

    // A message to the person, sealed in the page.
    await page.fill("#message-text", MESSAGE);
    await page.click("#message-form button[type=submit]");
    await status(page, en["message.done"]);
    expect(await page.inputValue("#message-text")).toBe("");
    expect(await page.locator("#messages li").count()).toBe(1);

    // Progress, then a need handed over to the shelter (a gap in Utrecht for this case).
    await page.selectOption("#state-select", "in_contact");
    expect(await page.isVisible("#outcome-question")).toBe(false);
    await page.click("#state-form button[type=submit]");
    await status(page, en["state.done"].replace("{state}", en["states.in_contact"]));
    await page.selectOption("#handover-to", "categorical-shelter");
    expect(await page.inputValue("#handover-need")).toBe("shelter");
    // The contact goes only when the lead ticks it, and the confirmation says it goes.
    expect(await page.isChecked("#handover-contact")).toBe(false);
    await page.check("#handover-contact");
    await page.click("#handover-form button[type=submit]");
    await page.waitForSelector("#confirm[open]");
    expect(await page.textContent("#confirm-text")).toBe(
      en["confirm.handoverContact"]
        .replace("{need}", en["needs.shelter"])
        .replace("{organisation}", "Categorical shelter for victims of trafficking"),
    );
    await page.click("#confirm-yes");
    await status(
      page,
      en["handover.done"].replace(
        "{organisation}",
        "Categorical shelter for victims of trafficking",
      ),
    );
    await axe("case after the steps");

    // On the server: the message is sealed, and only the person's receipt opens it.
    const stored = await caseStore.get(caseId, Date.now());
    const message = stored?.messages?.[0];
    expect(message?.organisation).toBe("labour-ngo");
    expect(message?.sealed).toMatch(/^-----BEGIN AGE ENCRYPTED FILE-----/);
    expect(message?.sealed).not.toContain(MESSAGE);
    const person = await personKeys(
      normaliseReceipt(receipt) ?? "",
      Buffer.from(stored?.person?.salt ?? "", "base64"),
    );
    expect(await openSealed(person.identity, message?.sealed ?? "")).toBe(MESSAGE);
    const [ngoKey] = demoKeys("labour-ngo");
    await expect(openSealed(ngoKey?.identity ?? "", message?.sealed ?? "")).rejects.toThrow();
    // The hand-over: re-sealed to the shelter's keys, the narrative and (from the lead) the contact.
    const [shelterKey] = demoKeys("categorical-shelter");
    const handed = stored?.sealed["categorical-shelter"];
    expect(
      handed?.narrative &&
        (await openSealed(shelterKey?.identity ?? "", armor.encode(handed.narrative))),
    ).toBe(WORKER.narrative);
    expect(
      handed?.contact &&
        JSON.parse(await openSealed(shelterKey?.identity ?? "", armor.encode(handed.contact))),
    ).toMatchObject({
      channel: "phone",
      address: WORKER.address,
    });

    // Lock: the token, the key and everything opened are gone from the page.
    await page.click("#lock");
    await status(page, en["lock.done"]);
    expect(await page.isVisible("#sign-in")).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("sign-in-title");
    const html = await page.content();
    expect(html).not.toContain(WORKER.narrative);
    expect(html).not.toContain(WORKER.address);
    expect(html).not.toContain(caseId);

    // Privacy: one origin, no form of the identity anywhere, the token in the API's header alone.
    const origin = new URL(system.url).origin;
    const requests = await log.all();
    expect(requests.filter((request) => new URL(request.url).origin !== origin)).toEqual([]);
    const identity = demoKeys("labour-ngo")[0]?.identity ?? "";
    const keyFile = readFileSync(identityFile(keyDir, "labour-ngo"), "utf8");
    expect(whereFound(requests, [...secretForms(identity), keyFile])).toEqual([]);
    const withToken = whereFound(requests, [ana.token]);
    expect(withToken.length).toBeGreaterThan(0);
    for (const place of withToken)
      expect(place).toMatch(/\/api\/v1\/org\/\S*: header authorization$/);
    expect(
      requests
        .filter((request) => request.method === "POST")
        .map((request) => new URL(request.url).pathname),
    ).toEqual([
      `/api/v1/org/cases/${caseId}/claim`,
      `/api/v1/org/cases/${caseId}/messages`,
      `/api/v1/org/cases/${caseId}/state`,
      `/api/v1/org/cases/${caseId}/handover`,
    ]);
    expect(await watched.storageWrites()).toEqual([]);
    expect(await context.cookies()).toEqual([]);
    expect(page.url()).toBe(`${system.url}/inbox/`);
    expect(violations).toEqual([]);
    await context.close();
  }, 180_000);
});

describe("the inbox in Dutch", () => {
  it("renders in Dutch, says a refused token in Dutch, and reads the key file without sending it", async () => {
    const { page, context } = await watchedPage(browser, { locale: "nl-NL" });
    const log = logRequests(context);
    await page.goto(`${system.url}/inbox/nl/`);
    expect(await page.getAttribute("html", "lang")).toBe("nl");
    await page.waitForSelector("#sign-in:not([hidden])");
    expect(await page.textContent("#sign-in-title")).toBe(nl["signIn.title"]);
    expect(await page.textContent("label[for=token]")).toBe(nl["signIn.token"]);
    expect(await axeViolations(page)).toEqual([]);

    // Nothing given: said beside the form, nothing asked of the server.
    await page.click("#sign-in-submit");
    expect(await page.textContent("#sign-in-problem")).toBe(nl["signIn.noToken"]);
    expect(await page.getAttribute("#token", "aria-invalid")).toBe("true");

    await signIn(page, `intake_${"A".repeat(43)}`, "labour-ngo");
    await page.waitForFunction(
      (text) => document.getElementById("sign-in-problem")?.textContent === text,
      nl["error.unauthorized"],
    );
    expect(await page.isVisible("#list-view")).toBe(false);
    const identity = demoKeys("labour-ngo")[0]?.identity ?? "";
    expect(whereFound(await log.all(), secretForms(identity))).toEqual([]);
    await context.close();
  });

  it("says plainly when the file holds no key, and asks nothing of the server", async () => {
    const { page, context } = await watchedPage(browser);
    const log = logRequests(context);
    await page.goto(`${system.url}/inbox/nl/`);
    await page.waitForSelector("#sign-in:not([hidden])");
    await page.fill("#token", `intake_${"B".repeat(43)}`);
    await page.setInputFiles("#identity", {
      name: "key.txt",
      mimeType: "text/plain",
      buffer: Buffer.from("# public key: age1nothing\n"),
    });
    await page.click("#sign-in-submit");
    await page.waitForFunction(
      (text) => document.getElementById("sign-in-problem")?.textContent === text,
      nl["signIn.noIdentity"],
    );
    expect((await log.all()).filter((request) => request.url.includes("/api/"))).toEqual([]);
    await context.close();
  });
});

describe("a colleague quicker", () => {
  it("says the conflict in Dutch where the steps begin, and shows the case as it is now", async () => {
    const answer = await system.submit({ ...aWorkerWhoLostEverything(), test: true });
    const caseId = String(answer.body.caseId);
    const [ana, bo] = await Promise.all([
      staffClient(system, staff("labour-ngo", "Ana")),
      staffClient(system, staff("labour-ngo", "Bo")),
    ]);
    await eventually(async () =>
      (await bo.get(`org/cases/${caseId}`)).status === 200 ? true : undefined,
    );

    const { page, context } = await watchedPage(browser);
    await page.goto(`${system.url}/inbox/nl/`);
    await page.waitForSelector("#sign-in:not([hidden])");
    await signIn(page, ana.token, "labour-ngo");
    await page.click(`.case-open[data-case="${caseId}"]`);
    await page.waitForSelector("#claim-box:not([hidden])");
    expect((await bo.post(`org/cases/${caseId}/claim`)).status).toBe(200);

    await page.click("#claim");
    await page.waitForFunction(
      (text) => document.getElementById("actions-problem")?.textContent === text,
      nl["error.conflict"],
    );
    expect(await page.isVisible("#claim-box")).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("actions-title");
    expect(await page.textContent("#case-details")).toContain(
      nl["case.claimedBy"].replace("{name}", "Bo").split(",")[0] ?? "",
    );
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});

describe("a closed case whose person agreed to check-ins", () => {
  it("is marked in the list when a check-in falls due, and the case says which", async () => {
    const answer = await system.submit({
      ...aWorkerWhoLostEverything({
        consent: { share: true, authorities: false, checkIns: true },
      }),
      test: true,
    });
    const caseId = String(answer.body.caseId);
    const ana = await staffClient(system, staff("labour-ngo", "Ana"));
    const others = await Promise.all(
      ["legal-aid", "coordination-centre"].map((id) => staffClient(system, staff(id, "Chris"))),
    );
    await eventually(async () =>
      (await ana.get(`org/cases/${caseId}`)).status === 200 ? true : undefined,
    );
    for (const client of [ana, ...others]) {
      await client.post(`org/cases/${caseId}/claim`);
      await client.post(`org/cases/${caseId}/state`, {
        state: "closed_helped",
        outcome: "income_secured",
      });
    }
    // The case closed 32 days ago, as far as the system can tell: the first check-in is due.
    const closedAt = (await caseStore.get(caseId, Date.now()))?.closedAt ?? 0;
    expect(closedAt).toBeGreaterThan(0);
    await dynamo.send(
      new UpdateCommand({
        TableName: tableName("reports"),
        Key: { pk: `case#${caseId}` },
        UpdateExpression: "SET closedAt = :closedAt",
        ExpressionAttributeValues: { ":closedAt": closedAt - 32 * 86_400_000 },
      }),
    );

    const { page, context } = await watchedPage(browser);
    await page.goto(`${system.url}/inbox/`);
    await page.waitForSelector("#sign-in:not([hidden])");
    await signIn(page, ana.token, "labour-ngo");
    const item = `.case-open[data-case="${caseId}"]`;
    await page.waitForSelector(item);
    expect(await page.textContent(item)).toContain(en["list.checkInDue"]);
    await page.click(item);
    await page.waitForFunction(
      (text) => document.getElementById("case-details")?.textContent?.includes(text),
      en["case.checkInDue"].replace("{month}", "1"),
    );
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});

describe("an inbox left alone", () => {
  it("locks itself after fifteen minutes without a key press or a click", async () => {
    const { page, context } = await watchedPage(browser);
    await page.clock.install();
    const legal = await staffClient(system, staff("legal-aid", "Lee"));
    await page.goto(`${system.url}/inbox/`);
    await page.waitForSelector("#sign-in:not([hidden])");
    await signIn(page, legal.token, "legal-aid");
    await page.waitForSelector("#list-view:not([hidden])");
    await page.clock.fastForward("14:00");
    expect(await page.isVisible("#list-view")).toBe(true);
    await page.clock.fastForward("01:01");
    await status(page, en["lock.idle"].replace("{minutes}", "15"));
    expect(await page.isVisible("#sign-in")).toBe(true);
    expect(await page.isVisible("#lock")).toBe(false);
    expect(await page.textContent("#cases")).toBe("");
    await context.close();
  });
});

describe("Subresource Integrity", () => {
  it("keeps a changed script from running: the page only says it needs its script", async () => {
    const { page, context } = await watchedPage(browser);
    const refusals: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") refusals.push(message.text());
    });
    await context.route("**/assets/inbox.js", async (route) => {
      const original = await route.fetch();
      await route.fulfill({ response: original, body: `${await original.text()}\n;` });
    });
    await page.goto(`${system.url}/inbox/`);
    await page.waitForLoadState("load");
    expect(await page.isVisible("#needs-script")).toBe(true);
    expect(await page.isVisible("#sign-in")).toBe(false);
    expect(refusals.join("\n")).toMatch(/integrity/i);
    await context.close();
  });

  it("keeps a changed decryption module from running: signing in fails, nothing is opened", async () => {
    const { page, context } = await watchedPage(browser);
    const agent = await staffClient(system, staff("labour-ngo", "Tam"));
    let served = 0;
    await context.route(`**${AGE_MODULE}`, async (route) => {
      served += 1;
      const original = await route.fetch();
      const body = `${await original.text()}\nglobalThis.changedModuleRan = true;`;
      await route.fulfill({ response: original, body });
    });
    await page.goto(`${system.url}/inbox/`);
    await page.waitForSelector("#sign-in:not([hidden])");
    await signIn(page, agent.token, "labour-ngo");
    await page.waitForFunction(
      (text) => document.getElementById("sign-in-problem")?.textContent === text,
      en["error.network"],
    );
    expect(await page.evaluate("globalThis.changedModuleRan")).toBeUndefined();
    expect(await page.isVisible("#list-view")).toBe(false);
    // The module was asked for once, by the pinned preload: import() took its failure.
    expect(served).toBe(1);
    await context.close();
  });
});
