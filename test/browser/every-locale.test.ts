/**
 * Every locale's page in Debian's Chromium: its first screen saved as a screenshot, axe on
 * every step, nothing on screen that names what the form is about, usable at 320 px wide (which
 * is also a 640 px phone at 200 % zoom) with touch targets of at least 44 px, and by keyboard.
 */
import { mkdirSync } from "node:fs";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { CATALOGS } from "../../domain/catalogs.ts";
import type { Locale } from "../../domain/vocabulary.ts";
import { axeViolations } from "../helpers/axe.ts";
import { systemAndBrowser, watchedPage } from "../helpers/browser.ts";
import { fillStepByStep, WORKER } from "../helpers/form-filler.ts";
import { forbiddenIn } from "../web/forbidden-words.ts";

/** The README names this folder. */
const SCREENSHOTS = "test-results/screenshots";

const live = systemAndBrowser();
beforeAll(() => {
  mkdirSync(SCREENSHOTS, { recursive: true });
});

/** Visible controls smaller than 44 × 44 CSS pixels (their clickable box: a label counts). */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const small: string[] = [];
    const targets = document.querySelectorAll<HTMLElement>(
      "button, select, textarea, input[type=text], label.choice, .bar a, .bar summary, a.phone",
    );
    for (const target of targets) {
      const box = target.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue; // not on screen
      if (box.height < 44 || box.width < 44)
        small.push(
          `${target.tagName.toLowerCase()}.${target.className}: ${Math.round(box.width)}×${Math.round(box.height)}`,
        );
    }
    return small;
  });
}

const locales = Object.keys(CATALOGS) as Locale[];

describe.each(locales)("the %s page", (locale) => {
  it("has a neutral first screen, saved as a screenshot, usable at 320 px, with no axe violation in any step", async () => {
    const { page, context } = await watchedPage(live.browser, { width: 320 });
    await page.goto(`${live.system.url}/${locale}/`);
    expect(await page.title()).toBe(CATALOGS[locale]["page.title"]);
    await page.screenshot({ path: `${SCREENSHOTS}/${locale}.png` });

    // biome-ignore lint/performance/useDomNodeTextContent: what is on screen is what counts here
    expect(forbiddenIn(locale, await page.innerText("body"))).toEqual([]);

    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      320,
    );
    expect(await smallTargets(page)).toEqual([]);

    const violations: string[] = [];
    await fillStepByStep(page, { ...WORKER, contactLanguages: [] }, async (step) => {
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        320,
      );
      expect(await smallTargets(page)).toEqual([]);
      for (const violation of await axeViolations(page)) violations.push(`${step}: ${violation}`);
    });
    expect(violations).toEqual([]);
    await context.close();
  }, 60_000);
});

describe("by keyboard alone", () => {
  it("answers a question, goes to the next step with its first question focused, and leaves with Escape twice", async () => {
    const { page, context } = await watchedPage(live.browser);
    await context.route("https://www.example.org/**", (route) =>
      route.fulfill({ body: "weather" }),
    );
    await page.goto(`${live.system.url}/en/`);
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press("Tab");
      if (
        (await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)) ===
        "inDanger"
      )
        break;
    }
    await page.keyboard.press("Space");
    expect(await page.isChecked('[name="inDanger"][value="yes"]')).toBe(true); // the first choice
    await page.waitForSelector("#emergency:not([hidden])");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    // Tab reaches the panel's button; Enter goes on to the next step.
    await page.locator("#emergency-continue").focus();
    await page.keyboard.press("Enter");
    await page.waitForSelector("#step-about:not([hidden])");
    expect(await page.evaluate(() => document.activeElement?.closest("#step-about") !== null)).toBe(
      true,
    );
    await page.keyboard.press("Escape");
    await page.keyboard.press("Escape");
    await page.waitForURL("https://www.example.org/weather");
    await context.close();
  });
});
