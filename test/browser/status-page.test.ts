/**
 * The status page in Debian's Chromium, in two locales, with and without JavaScript: a person
 * files a report, an organisation writes, the person comes back with the code, reads, answers,
 * protects the messages with a PIN; the code never reaches a URL, nothing is stored.
 */
import { armor, Encrypter } from "age-encryption";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { CATALOGS } from "../../domain/catalogs.ts";
import type { Locale } from "../../domain/vocabulary.ts";
import { axeViolations, axeViolationsWithoutScript } from "../helpers/axe.ts";
import { systemAndBrowser, watchedPage } from "../helpers/browser.ts";
import { fillAll, fillStepByStep, WORKER } from "../helpers/form-filler.ts";
import { staff, staffClient } from "../helpers/org-client.ts";
import { eventually } from "../helpers/test-system.ts";

const live = systemAndBrowser();

/** The labour NGO (the seed case's lead) claims the case behind a receipt and writes to the person. */
async function organisationWrites(text: string): Promise<void> {
  const ngo = await staffClient(live.system, staff("labour-ngo"));
  const caseId = await eventually(async () => {
    const { body } = await ngo.get("org/cases?state=sent");
    return (body.cases as { caseId: string }[])[0]?.caseId;
  });
  await ngo.post(`org/cases/${caseId}/claim`);
  const view = await ngo.get(`org/cases/${caseId}`);
  const encrypter = new Encrypter();
  encrypter.addRecipient(String(view.body.personRecipient));
  const sealed = armor.encode(await encrypter.encrypt(text));
  expect((await ngo.post(`org/cases/${caseId}/messages`, { sealed })).status).toBe(201);
}

async function lookUp(page: Page, locale: Locale, receipt: string, pin?: string) {
  await page.goto(`${live.system.url}/${locale}/status/`);
  expect(await page.title()).toBe(CATALOGS[locale]["page.title"]);
  await page.fill("#status-receipt", receipt);
  if (pin) await page.fill("#status-pin", pin);
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith("/api/v1/status")),
    page.click(".status-lookup button[type=submit]"),
  ]);
  await page.waitForLoadState();
}

describe.each([
  { locale: "pl" as Locale, javaScript: true },
  { locale: "ar" as Locale, javaScript: false },
])("in $locale, JavaScript $javaScript", ({ locale, javaScript }) => {
  it("lets the person come back with the code, read what was written, answer, and choose a PIN", async () => {
    const watched = await watchedPage(live.browser, { javaScript });
    const { page } = watched;
    const t = CATALOGS[locale];

    // File a report and keep the code from the receipt screen.
    await page.goto(`${live.system.url}/${locale}/`);
    if (javaScript) {
      await fillStepByStep(page, WORKER);
      await page.click("#step-words button[type=submit]");
      await page.waitForSelector("#receipt:not([hidden])", { timeout: 60_000 });
    } else {
      await fillAll(page, WORKER);
      await Promise.all([
        page.waitForResponse((r) => r.url().endsWith("/api/v1/reports")),
        page.click("#step-words button[type=submit]"),
      ]);
      await page.waitForLoadState();
    }
    const receipt = ((await page.textContent("#receipt [data-slot=code]")) ?? "").trim();
    expect(receipt).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
    expect(await page.getAttribute(`#receipt a[href="/${locale}/status/"]`, "href")).toBe(
      `/${locale}/status/`,
    );

    const written = `Written for ${locale}.`;
    await organisationWrites(written);

    await lookUp(page, locale, receipt);
    expect(await page.getAttribute("html", "lang")).toBe(locale);
    expect(await page.textContent("main")).toContain(t["status.event.claimed"]);
    expect(await page.textContent(".messages .text")).toBe(written);
    expect(javaScript ? await axeViolations(page) : await axeViolationsWithoutScript(page)).toEqual(
      [],
    );

    // Answer, from the page the lookup gave (the code travels in the form's body).
    await page.fill("#reply-text", "Thank you.");
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith("/api/v1/status/reply")),
      page.click('form[action="/api/v1/status/reply"] button'),
    ]);
    await page.waitForLoadState();
    expect(await page.textContent(".notice")).toBe(t["status.reply.sent"]);

    // A PIN: from then on the code alone shows only that a report exists.
    await page.fill("#new-pin", "482619");
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith("/api/v1/status/pin")),
      page.click('form[action="/api/v1/status/pin"] button'),
    ]);
    await page.waitForLoadState();
    expect(await page.textContent(".notice")).toBe(t["status.pin.saved"]);
    await lookUp(page, locale, receipt);
    expect(await page.textContent("main")).toContain(t["status.locked"]);
    expect(await page.locator(".messages").count()).toBe(0);
    await lookUp(page, locale, receipt, "482619");
    // The organisation's message, and the person's own answer shown back to them as theirs.
    expect(await page.textContent(".messages li:not(.from-you) .text")).toBe(written);
    expect(await page.textContent(".messages li.from-you .text")).toBe("Thank you.");

    // Nothing of the code in any URL, nothing stored, nothing elsewhere.
    const digits = receipt.replace(/ /g, "");
    expect(watched.requests.filter((url) => url.replace(/\D/g, "").includes(digits))).toEqual([]);
    const origin = new URL(live.system.url).origin;
    expect(watched.requests.filter((url) => new URL(url).origin !== origin)).toEqual([]);
    expect(await watched.storageWrites()).toEqual([]);
    expect(await watched.context.cookies()).toEqual([]);
    await watched.context.close();
  }, 120_000);
});

describe("an unknown code", () => {
  it("gets the same page as a malformed one, without saying more", async () => {
    const { page, context } = await watchedPage(live.browser, { javaScript: false });
    await lookUp(page, "en", "0000 0000 0000 0000");
    const unknown = await page.textContent(".notice");
    await lookUp(page, "en", "hello");
    expect(await page.textContent(".notice")).toBe(unknown);
    expect(unknown).toBe(CATALOGS.en["status.notFound"]);
    await context.close();
  });
});
