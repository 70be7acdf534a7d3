/**
 * The form in Debian's Chromium, with JavaScript: steps, the proof of work in a worker, the
 * receipt; nothing written to the browser, nothing asked of another origin, no axe violation.
 */
import { describe, expect, it } from "vitest";
import { CATALOGS } from "../../functions/domain/catalogs.ts";
import type { Locale } from "../../functions/domain/vocabulary.ts";
import { axeViolations } from "../helpers/axe.ts";
import { systemAndBrowser, watchedPage } from "../helpers/browser.ts";
import { fillStepByStep, WORKER } from "../helpers/form-filler.ts";

const live = systemAndBrowser();

describe.each<Locale>(["en", "pl", "ar"])("in %s", (locale) => {
  it("takes a report step by step and shows the receipt and the guidance, with nothing stored and nothing elsewhere", async () => {
    const watched = await watchedPage(live.browser);
    const { page } = watched;
    await page.goto(`${live.system.url}/${locale}/`);
    expect(await page.getAttribute("html", "dir")).toBe(locale === "ar" ? "rtl" : "ltr");

    const violations: string[] = [];
    await fillStepByStep(page, WORKER, async (step) => {
      for (const violation of await axeViolations(page)) violations.push(`${step}: ${violation}`);
    });
    await page.click("#step-words button[type=submit]");
    await page.waitForSelector("#receipt:not([hidden])", { timeout: 60_000 });

    const code = (await page.textContent("#receipt [data-slot=code]")) ?? "";
    expect(code).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
    expect(await page.textContent("#receipt [data-slot=message]")).toBe(
      CATALOGS[locale]["guidance.passedOnUrgent"],
    );
    expect(await page.isVisible("#receipt [data-slot=emergency]")).toBe(false);
    for (const violation of await axeViolations(page)) violations.push(`receipt: ${violation}`);
    expect(violations).toEqual([]);

    const origin = new URL(live.system.url).origin;
    expect(watched.requests.filter((url) => new URL(url).origin !== origin)).toEqual([]);
    expect(watched.requests.some((url) => url.endsWith("/assets/pow-worker.js"))).toBe(true);
    expect(await watched.storageWrites()).toEqual([]);
    expect(await watched.context.cookies()).toEqual([]);
    expect(page.url()).toBe(`${live.system.url}/${locale}/`);
    await watched.context.close();
  }, 120_000);
});

describe("a 4,000-character Arabic narrative, with the script", () => {
  it("goes through", async () => {
    const { page, context } = await watchedPage(live.browser);
    await page.goto(`${live.system.url}/ar/`);
    await fillStepByStep(page, { ...WORKER, narrative: "ش".repeat(4000) });
    await page.click("#step-words button[type=submit]");
    await page.waitForSelector("#receipt:not([hidden])", { timeout: 60_000 });
    expect(await page.textContent("#receipt [data-slot=code]")).toMatch(
      /^\d{4} \d{4} \d{4} \d{4}$/,
    );
    await context.close();
  }, 120_000);
});

describe("the emergency path", () => {
  it("shows the emergency number and hotlines first, then lets the person go on, and leads the receipt with it", async () => {
    const { page, context } = await watchedPage(live.browser);
    await page.goto(`${live.system.url}/en/`);
    await page.check('[name="inDanger"][value="yes"]');
    await page.waitForSelector("#emergency:not([hidden])");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("emergency");
    expect(await page.getAttribute("#emergency .call a", "href")).toBe("tel:112");
    expect(await page.textContent("#emergency h2")).toBe("Call 112 now");
    // The region's lines in its order and the page's language (care lines before the police).
    expect(await page.locator("#emergency .hotlines li").allTextContents()).toEqual([
      "Support line (free, anonymous): 0900-0101 (Mon-Fri 08:00-20:00)",
      "Youth line (under 18): 0800-0432 (Every day 14:00-20:00)",
      "Report a crime anonymously: 0800-7000 (24/7)",
      "Police (no emergency): 0900-8844 (24/7)",
    ]);

    await fillStepByStep(page, { ...WORKER, inDanger: "yes" });
    await page.click("#step-words button[type=submit]");
    await page.waitForSelector("#receipt:not([hidden])", { timeout: 60_000 });
    expect(await page.isVisible("#receipt [data-slot=emergency]")).toBe(true);
    expect(await page.textContent("#receipt [data-slot=message]")).toContain("112");
    await context.close();
  }, 120_000);
});

describe("checks in the page's language", () => {
  it("does not go on while a required answer is missing, and names the problem", async () => {
    const { page, context } = await watchedPage(live.browser);
    await page.goto(`${live.system.url}/nl/`);
    await page.click("#step-safety .next");
    expect(await page.isVisible("#step-about")).toBe(false);
    expect(await page.textContent("#q-inDanger-error")).toBe(CATALOGS.nl["error.required"]);
    expect(await page.getAttribute("#q-inDanger", "aria-invalid")).toBe("true");
    expect(await page.isVisible("#problems")).toBe(true);
    await context.close();
  });

  it("never offers a voicemail when someone may check the phone", async () => {
    const { page, context } = await watchedPage(live.browser);
    await page.goto(`${live.system.url}/en/`);
    await fillStepByStep(page, WORKER, async (step) => {
      if (step === "needs") await page.check('[name="circumstances"][value="phone_monitored"]');
      if (step === "words") {
        expect(await page.isVisible("#q-contact-leaveMessage")).toBe(false);
        expect(await page.isVisible("#monitored-note")).toBe(true);
      }
    });
    await context.close();
  });
});

describe("quick exit", () => {
  it.each([
    ["the button", async (page: import("playwright-core").Page) => page.click("#quick-exit")],
    [
      "Escape twice",
      async (page: import("playwright-core").Page) => {
        await page.keyboard.press("Escape");
        await page.keyboard.press("Escape");
      },
    ],
  ])("with %s replaces the page, and going back does not show the form", async (_, leave) => {
    const { page, context } = await watchedPage(live.browser);
    // The quick exit's page is answered here: the tests reach no other host.
    await context.route("https://www.example.org/**", (route) =>
      route.fulfill({ contentType: "text/html", body: "<title>Weather</title><p>Sunny</p>" }),
    );
    await page.goto(`${live.system.url}/en/`);
    await page.check('[name="inDanger"][value="no"]');
    await leave(page);
    await page.waitForURL("https://www.example.org/weather");
    await page.goBack().catch(() => undefined);
    expect(page.url()).not.toContain(live.system.url);
    expect(await page.locator("#report").count()).toBe(0);
    await context.close();
  });
});
