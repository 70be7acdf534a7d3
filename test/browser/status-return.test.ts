/**
 * Coming back with the receipt, in Chromium, with and without JavaScript: a person who shared
 * nothing shares later from the status page; a step refused keeps what they typed in the page;
 * deleting asks first, says what will be lost, and then says it is done; and Back finds no
 * form state the browser kept (the forms are `autocomplete="off"`, the pages `no-store`).
 * Reports are sent through the API (the form's own journeys are in journeys.test.ts).
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { CATALOGS } from "../../domain/catalogs.ts";
import type { Locale } from "../../domain/vocabulary.ts";
import { systemAndBrowser, watchedPage } from "../helpers/browser.ts";
import { aWorkerWhoLostEverything } from "../helpers/report-factory.ts";

const live = systemAndBrowser();

/** A report sent through the API: its receipt. */
async function reported(locale: Locale, share: boolean): Promise<string> {
  const answer = await live.system.submit({
    ...aWorkerWhoLostEverything({
      locale,
      consent: { share, authorities: false, checkIns: false },
    }),
  });
  expect(answer.status).toBe(201);
  return String(answer.body.receipt);
}

/** Submits a form of the page with its button, and waits for the page it answers with. */
async function submit(page: Page, selector: string) {
  await Promise.all([
    page.waitForResponse((response) => response.url().includes("/api/v1/status")),
    page.click(selector),
  ]);
  await page.waitForLoadState();
}

async function lookUp(page: Page, locale: Locale, receipt: string) {
  await page.goto(`${live.system.url}/${locale}/status/`);
  await page.fill("#status-receipt", receipt);
  await submit(page, ".status-lookup button[type=submit]");
}

/** Every field a person could have typed into or chosen, with what it holds. */
const fieldsFilled = (page: Page) =>
  page.$$eval("input:not([type=hidden]), textarea", (fields) =>
    fields
      .filter((field) =>
        field instanceof HTMLInputElement && ["radio", "checkbox"].includes(field.type)
          ? field.checked
          : (field as HTMLInputElement).value !== "",
      )
      .map((field) => field.id),
  );

describe.each([
  { locale: "ro" as Locale, javaScript: true },
  { locale: "ar" as Locale, javaScript: false },
])("a person who shared nothing, in $locale, JavaScript $javaScript", ({ locale, javaScript }) => {
  it("shares later from the status page, and a refused step keeps the text", async () => {
    const t = CATALOGS[locale];
    const receipt = await reported(locale, false);
    const first = await watchedPage(live.browser, { javaScript, width: 360 });
    const second = await first.context.newPage();
    await lookUp(first.page, locale, receipt);
    await lookUp(second, locale, receipt);
    expect(await first.page.getAttribute("html", "lang")).toBe(locale);
    expect(await first.page.textContent("#status-next-title")).toBe(t["next.title"]);
    expect(await first.page.textContent(".next")).toContain(t["status.next.notShared"]);
    expect(await first.page.textContent(".share-later")).toContain(t["status.share.rewrite"]);
    expect(await first.page.locator("#reply-text").count()).toBe(0);

    // The first tab shares, with a message.
    const words = "Please call me, I have nowhere to sleep. 0712 345 678";
    await first.page.fill("#share-text", words);
    await submit(first.page, 'form[action="/api/v1/status/share"] button');
    expect(await first.page.textContent(".notice")).toBe(t["status.share.sent"]);
    expect(await first.page.textContent(".messages .from-you .text")).toBe(words);
    expect(await first.page.textContent(".messages .from-you .from")).toBe(t["status.from.you"]);

    // The second tab, still showing the share box, tries again: refused, the text kept.
    const again = "One more thing: I need a lawyer.";
    await second.fill("#share-text", again);
    await submit(second, 'form[action="/api/v1/status/share"] button');
    expect(await second.textContent(".notice")).toBe(t["status.notPossible.kept"]);
    expect(await second.inputValue("#reply-text")).toBe(again);
    // …and it goes as a reply from there.
    await submit(second, 'form[action="/api/v1/status/reply"] button');
    expect(await second.textContent(".notice")).toBe(t["status.reply.sent"]);
    expect(await second.locator(".messages .from-you").count()).toBe(2);

    expect(await first.storageWrites()).toEqual([]);
    await first.context.close();
  }, 120_000);
});

describe.each([
  { locale: "pl" as Locale, javaScript: true },
  { locale: "uk" as Locale, javaScript: false },
  { locale: "nl" as Locale, javaScript: false },
  { locale: "en" as Locale, javaScript: true },
])("deleting, in $locale, JavaScript $javaScript", ({ locale, javaScript }) => {
  it("asks first, says what will be lost, can be left, and then says it is done", async () => {
    const t = CATALOGS[locale];
    const receipt = await reported(locale, true);
    const { page, context } = await watchedPage(live.browser, { javaScript, width: 360 });
    await lookUp(page, locale, receipt);
    expect(await page.textContent(".next")).toContain(t["next.who.care"]);
    expect(await page.textContent(".next")).toContain(t["next.how.phone"]);

    await submit(page, 'form[action="/api/v1/status/withdraw"]:has(input[value="delete"]) button');
    expect(await page.textContent("h1")).toBe(t["status.confirm.title.delete"]);
    expect(await page.textContent(".notice")).toBe(t["status.confirm.lost.delete"]);
    // Changing one's mind leads back to the status, nothing done.
    await submit(page, 'form[action="/api/v1/status"] button');
    expect(await page.textContent("#timeline-title")).toBe(t["status.timeline.title"]);

    await submit(page, 'form[action="/api/v1/status/withdraw"]:has(input[value="delete"]) button');
    await submit(page, 'form[action="/api/v1/status/withdraw"]:has(input[name="confirm"]) button');
    expect(await page.textContent(".notice")).toBe(t["status.deleted"]);
    expect(await page.textContent("main")).not.toContain(t["status.notFound"]);
    await context.close();
  }, 120_000);
});

describe("Back, without JavaScript", () => {
  it("finds nothing the person typed on the status pages", async () => {
    const receipt = await reported("en", true);
    const { page, context } = await watchedPage(live.browser, { javaScript: false, width: 360 });
    await lookUp(page, "en", receipt);
    expect(await page.getAttribute(".status-lookup, form[action$='/reply']", "autocomplete")).toBe(
      "off",
    );
    await page.fill("#reply-text", "Something I typed but did not send.");
    // Away by the page's own link, and Back: the answer to a POST is not kept (no-store), so
    // Chromium shows it again only by posting again, which it does not do on its own.
    await page.click(`a[href="/en/status/"]`);
    await page.waitForLoadState();
    await page.fill("#status-receipt", "1234 5678");
    await page.fill("#status-pin", "4826");
    await expect(page.goBack()).rejects.toThrow(/ERR_CACHE_MISS/);
    expect(await page.textContent("body")).not.toContain("Something I typed");
    // Forward again to the lookup page: what was typed there is not restored either.
    await page.goForward();
    await page.waitForLoadState();
    expect(await page.locator("#status-receipt").count()).toBe(1);
    expect(await fieldsFilled(page)).toEqual([]);
    await context.close();
  }, 120_000);
});
