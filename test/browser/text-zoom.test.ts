/**
 * Every locale on a 360 px phone whose text is set to 200 % (Android's font scale, or a
 * browser's text size): nothing runs off the side of the screen on the first screen of any
 * step. The stylesheet sizes everything in rem and em from `font-size: 100%`, so Chromium's
 * default font size at 32 px (CDP Page.setFontSizes, what the text size setting changes)
 * zooms the text alone, media queries included, while the layout keeps the phone's 360 px.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { CATALOGS } from "../../domain/catalogs.ts";
import type { Locale } from "../../domain/vocabulary.ts";
import { systemAndBrowser } from "../helpers/browser.ts";
import { fillStepByStep, WORKER } from "../helpers/form-filler.ts";

const PHONE_WIDTH = 360;
/** Chromium's default text size is 16 px: 200 %. */
const ZOOMED_PX = 32;

const live = systemAndBrowser();
const locales = Object.keys(CATALOGS) as Locale[];

/** Whatever sticks out of the screen, left or right, as `tag.class: left–right`. */
function outside(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out: string[] = [];
    for (const element of document.querySelectorAll<HTMLElement>("body *")) {
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue; // not on screen
      if (element.closest(".skip, .visually-hidden")) continue; // off screen on purpose
      if (box.right > width + 1 || box.left < -1)
        out.push(
          `${element.tagName.toLowerCase()}.${element.className}: ${Math.round(box.left)}–${Math.round(box.right)}`,
        );
    }
    const scroll = document.documentElement.scrollWidth;
    return scroll > width ? [`page scrolls sideways: ${scroll} px`, ...out] : out;
  });
}

describe.each(locales)(
  "the %s page on a 360 px phone with its text at twice the size",
  (locale) => {
    it("keeps every step's first screen within the screen's width", async () => {
      const context = await live.browser.newContext({
        viewport: { width: PHONE_WIDTH, height: 800 },
      });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send("Page.setFontSizes", { fontSizes: { standard: ZOOMED_PX, fixed: ZOOMED_PX } });
      await page.goto(`${live.system.url}/${locale}/`);
      // The setting took: the page's text is twice the size.
      expect(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe(
        `${ZOOMED_PX}px`,
      );

      const found: string[] = [];
      await fillStepByStep(page, { ...WORKER, contactLanguages: [] }, async (step) => {
        await page.evaluate(() => window.scrollTo(0, 0));
        for (const problem of await outside(page)) found.push(`${step}: ${problem}`);
      });
      expect(found).toEqual([]);
      await context.close();
    }, 60_000);
  },
);
