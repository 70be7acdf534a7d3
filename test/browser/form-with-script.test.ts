/**
 * The form in Debian's Chromium, with JavaScript: steps, the proof of work in a worker, the
 * receipt; nothing written to the browser, nothing asked of another origin, no axe violation.
 */
import { describe, expect, it } from "vitest";
import { CATALOGS } from "../../domain/catalogs.ts";
import type { Locale } from "../../domain/vocabulary.ts";
import { axeViolations } from "../helpers/axe.ts";
import { systemAndBrowser, watchedPage } from "../helpers/browser.ts";
import { fillStepByStep, MINIMAL, WORKER } from "../helpers/form-filler.ts";

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

describe("a busy server", () => {
  it("is sent the same report again by itself after the wait its 503 asks for, and the receipt comes", async () => {
    const { page, context } = await watchedPage(live.browser);
    const posted: string[] = [];
    await context.route("**/api/v1/reports", async (route) => {
      posted.push(route.request().postData() ?? "");
      if (posted.length > 1) return route.continue();
      return route.fulfill({
        status: 503,
        headers: { "Content-Type": "application/json", "Retry-After": "1" },
        body: JSON.stringify({ error: { code: "unavailable", message: "busy" } }),
      });
    });
    await page.goto(`${live.system.url}/en/`);
    await fillStepByStep(page, WORKER);
    await page.click("#step-words button[type=submit]");
    await page.waitForSelector("#receipt:not([hidden])", { timeout: 60_000 });
    expect(posted).toHaveLength(2);
    expect(posted[1]).toBe(posted[0]);
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

describe("checks the last step's answers before sending", () => {
  /** Sets a field as a script would, so that a length the field's own limit stops can be tried. */
  const setValue = (page: import("playwright-core").Page, name: string, value: string) =>
    page.$eval(
      `[name="${name}"]`,
      (input, text) => {
        (input as HTMLInputElement).value = text;
      },
      value,
    );
  const tickLanguages = (page: import("playwright-core").Page, count: number) =>
    page.$$eval(
      '[name="contactLanguages"]',
      (boxes, ticked) => {
        boxes.forEach((box, at) => {
          (box as HTMLInputElement).checked = at < ticked;
        });
      },
      count,
    );

  it.each<[string, string, string, (page: import("playwright-core").Page) => Promise<void>]>([
    [
      "a way to reach the person without its address",
      "q-contact-address",
      CATALOGS.en["error.address"],
      (page) => page.check('[name="contact.channel"][value="phone"]'),
    ],
    [
      "no language ticked",
      "q-contactLanguages",
      CATALOGS.en["error.chooseOne"],
      (page) => tickLanguages(page, 0),
    ],
    [
      "more languages than five",
      "q-contactLanguages",
      CATALOGS.en["error.tooMany"].replace("{max}", "5"),
      (page) => tickLanguages(page, 6),
    ],
    [
      "a longer answer than the field takes",
      "q-contact-safeTimes",
      CATALOGS.en["error.tooLong"].replace("{max}", "200"),
      async (page) => {
        await page.check('[name="contact.channel"][value="phone"]');
        await page.fill('[name="contact.address"]', "+48 600 000 000");
        await setValue(page, "contact.safeTimes", "x".repeat(201));
      },
    ],
    [
      "an earlier receipt of fewer than 16 digits",
      "q-previousReceipt",
      CATALOGS.en["error.receipt"].replace("{digits}", "16"),
      (page) => setValue(page, "previousReceipt", "1234 5678"),
    ],
  ])("names %s, and sends nothing", async (_, questionId, problem, spoil) => {
    const { page, context } = await watchedPage(live.browser);
    await page.goto(`${live.system.url}/en/`);
    await fillStepByStep(page, MINIMAL, async (step) => {
      if (step === "words") await spoil(page);
    });
    await page.click("#step-words .nav button[type=submit].primary");
    expect(await page.textContent(`#${questionId}-error`)).toBe(problem);
    expect(await page.getAttribute(`#${questionId}`, "aria-invalid")).toBe("true");
    expect(await page.isVisible("#receipt")).toBe(false);
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
