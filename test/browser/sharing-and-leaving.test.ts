/**
 * Two promises of the form, in Chromium with and without JavaScript: a person who asks to be
 * reached but shares nothing is asked again before anything is sent (never silently left
 * without help, never losing what they typed), and the quick exit is always on screen and
 * leaves no answer behind to come back to.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { CATALOGS } from "../../domain/catalogs.ts";
import { systemAndBrowser, watchedPage } from "../helpers/browser.ts";
import { fillAll, fillStepByStep, WORKER } from "../helpers/form-filler.ts";

const live = systemAndBrowser();

/** Someone who wants a phone call but answered "No, do not share it". */
const UNSHARED_CALL = {
  ...WORKER,
  share: false,
  narrative: "Please call me, I have nowhere to sleep.",
};

const reportsPosted = (requests: string[]) =>
  requests.filter((url) => url.endsWith("/api/v1/reports")).length;

/** Posts the page's form with one of its submit buttons, and waits for the answer page. */
async function post(page: Page, button: string) {
  const [response] = await Promise.all([
    page.waitForResponse((candidate) => candidate.url().endsWith("/api/v1/reports")),
    page.click(button),
  ]);
  await page.waitForLoadState();
  return response;
}

/** The quick exit's page is answered here: the tests reach no other host. */
async function answerTheExit(page: Page): Promise<void> {
  await page
    .context()
    .route("https://www.example.org/**", (route) =>
      route.fulfill({ contentType: "text/html", body: "<title>Weather</title><p>Sunny</p>" }),
    );
}

describe("sharing, with JavaScript", () => {
  it("asks again before sending when the person wants a call but shares nothing", async () => {
    const { page, context, requests } = await watchedPage(live.browser);
    await page.goto(`${live.system.url}/en/`);
    expect(await page.locator('[name="consent.share"]:checked').count()).toBe(0);
    await fillStepByStep(page, UNSHARED_CALL);
    await page.click("#step-words button[type=submit]");
    await page.waitForSelector("#share-conflict:not([hidden])");
    expect(await page.textContent("#q-consent-share-error")).toBe(CATALOGS.en["consent.conflict"]);
    expect(reportsPosted(requests)).toBe(0);

    await page.click('#share-conflict button[value="share"]');
    await page.waitForSelector("#receipt:not([hidden])", { timeout: 60_000 });
    expect(await page.textContent("#receipt [data-slot=next]")).toContain(
      CATALOGS.en["next.how.phone"],
    );
    await context.close();
  }, 120_000);
});

describe("sharing, without JavaScript", () => {
  it("asks the sharing question again when it is not answered, every answer kept", async () => {
    const { page, context } = await watchedPage(live.browser, { javaScript: false });
    await page.goto(`${live.system.url}/pl/`);
    await fillAll(page, UNSHARED_CALL);
    await page
      .locator('[name="consent.share"]:checked')
      .uncheck()
      .catch(() => undefined);
    await page.evaluate(() => {
      for (const input of document.querySelectorAll<HTMLInputElement>('[name="consent.share"]'))
        input.checked = false;
    });
    expect((await post(page, "#step-words .nav button[type=submit]")).status()).toBe(400);
    expect(await page.textContent("#q-consent-share-error")).toBe(CATALOGS.pl["error.required"]);
    expect(await page.inputValue('[name="narrative"]')).toBe(UNSHARED_CALL.narrative);
    await context.close();
  }, 60_000);

  it("answers contradicting answers with the question again, then sends as the person settles it", async () => {
    const { page, context } = await watchedPage(live.browser, { javaScript: false });
    await page.goto(`${live.system.url}/ro/`);
    await fillAll(page, UNSHARED_CALL);
    const asked = await post(page, "#step-words .nav button[type=submit]");
    expect(asked.status()).toBe(200);
    expect(await page.isVisible("#share-conflict")).toBe(true);
    expect(await page.isVisible("#problems")).toBe(true);
    expect(await page.textContent("#q-consent-share-error")).toBe(CATALOGS.ro["consent.conflict"]);
    // Nothing the person typed or chose is lost.
    expect(await page.inputValue('[name="narrative"]')).toBe(UNSHARED_CALL.narrative);
    expect(await page.inputValue('[name="contact.address"]')).toBe(WORKER.address);
    expect(await page.isChecked('[name="lost"][value="residence_permit"]')).toBe(true);
    expect(await page.isChecked('[name="consent.share"][value="no"]')).toBe(true);

    const sent = await post(page, '#share-conflict button[value="no_contact"]');
    expect(sent.status()).toBe(201);
    expect(await page.textContent("#receipt [data-slot=message]")).toContain(
      CATALOGS.ro["guidance.notShared"],
    );
    expect(await page.textContent("#receipt [data-slot=next]")).toContain(
      CATALOGS.ro["next.notShared"],
    );
    await context.close();
  }, 60_000);
});

describe("the quick exit", () => {
  it.each([true, false])(
    "stays on screen on a 360×640 phone after scrolling (JavaScript %s)",
    async (javaScript) => {
      const { page, context } = await watchedPage(live.browser, { javaScript, width: 360 });
      await page.setViewportSize({ width: 360, height: 640 });
      await page.goto(`${live.system.url}/uk/`);
      if (javaScript) {
        // The longest step: what happened, with its thirteen signs.
        await page.check('[name="inDanger"][value="no"]');
        await page.waitForSelector("#step-about:not([hidden])");
      }
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(300);
      const box = await page.locator("#quick-exit").boundingBox();
      expect(box?.y).toBeGreaterThanOrEqual(0);
      expect((box?.y ?? 999) + (box?.height ?? 0)).toBeLessThanOrEqual(640);
      expect(box?.height).toBeGreaterThanOrEqual(44);
      await context.close();
    },
    60_000,
  );

  it("says on a touch screen what works there, not 'press Esc'", async () => {
    const context = await live.browser.newContext({
      hasTouch: true,
      isMobile: true,
      viewport: { width: 360, height: 640 },
    });
    const page = await context.newPage();
    await page.goto(`${live.system.url}/en/`);
    expect(await page.isVisible(".exit-hint .touch")).toBe(true);
    expect(await page.isVisible(".exit-hint .keys")).toBe(false);
    await context.close();
  });
});

describe("going back without JavaScript", () => {
  /** What a page of the form shows as chosen or typed by the person. */
  const chosen = (page: Page) =>
    page.evaluate(() =>
      [
        ...document.querySelectorAll<HTMLInputElement>(
          "#report input[type=radio], #report input[type=checkbox]",
        ),
      ]
        .filter((input) => input.checked !== input.defaultChecked)
        .map((input) => `${input.name}=${input.value}`)
        .concat(
          [
            ...document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>(
              "#report textarea, #report input[type=text]",
            ),
          ]
            .filter((input) => input.value !== input.defaultValue)
            .map((input) => input.name),
        ),
    );

  it("shows no answer again after the quick exit", async () => {
    const { page, context } = await watchedPage(live.browser, { javaScript: false });
    await answerTheExit(page);
    await page.goto(`${live.system.url}/en/`);
    await fillAll(page, WORKER);
    expect((await chosen(page)).length).toBeGreaterThan(5);
    await page.click("#quick-exit");
    await page.waitForURL("https://www.example.org/weather");
    await page.goBack();
    await page.waitForSelector("#report");
    expect(await chosen(page)).toEqual([]);
    await context.close();
  }, 60_000);

  it("shows no answer again after the answer page", async () => {
    const { page, context } = await watchedPage(live.browser, { javaScript: false });
    await page.goto(`${live.system.url}/nl/`);
    await fillAll(page, WORKER);
    expect((await post(page, "#step-words .nav button[type=submit]")).status()).toBe(201);
    await page.goBack();
    await page.waitForSelector("#report");
    expect(await chosen(page)).toEqual([]);
    await context.close();
  }, 60_000);
});
