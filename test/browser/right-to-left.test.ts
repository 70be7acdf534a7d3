/**
 * Numbers in right-to-left pages, as Chromium lays them out: a phone number, the emergency
 * number inside a sentence and the code read left to right, digit after digit, in every locale
 * whose catalog is right to left (Unicode's bidi algorithm would otherwise show
 * "+31 20 555 0100" as "0100 555 20 31+"); and the fields for a code or a phone number take
 * what is typed left to right.
 */
import { readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CATALOGS } from "../../domain/catalogs.ts";
import { hotlinesIn } from "../../domain/guidance.ts";
import { message } from "../../domain/messages.ts";
import { type Locale, SUPPORTED_LOCALES } from "../../domain/vocabulary.ts";
import { renderFormPage } from "../../web/pages/form-page.ts";
import { renderReceiptPage } from "../../web/pages/receipt.ts";
import { renderStatusLookup } from "../../web/pages/status-page.ts";
import { launchChromium } from "../helpers/browser.ts";
import { aRegion } from "../helpers/region-factory.ts";

const EMERGENCY = "+31 20 555 0100";
const HOTLINE = "+31 20 555 0199";
const CODE = "4821 0937 5520 1184";
const CSS = readFileSync("web/src/form.css", "utf8");

const rightToLeft = SUPPORTED_LOCALES.filter(
  (locale) => CATALOGS[locale]["page.dir"] === "rtl",
) as Locale[];
const region = aRegion([], {
  locales: ["nl", ...rightToLeft],
  emergency: {
    number: EMERGENCY,
    hotlines: [{ name: "Hulplijn", phone: HOTLINE, hours: "08:00-20:00", audience: "everyone" }],
  },
});

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

interface Shown {
  number: string;
  /** the visual order of its characters (those with a box), left to right */
  order: string;
}

/** Every place a number is shown on the page, with its characters in the order seen. */
function shownNumbers(page: Page, numbers: readonly string[]): Promise<Shown[]> {
  return page.evaluate((needles) => {
    const shown: { number: string; order: string }[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text) {
      for (const needle of needles) {
        for (let at = node.data.indexOf(needle); at >= 0; at = node.data.indexOf(needle, at + 1)) {
          const boxes = [...needle].map((char, offset) => {
            const range = document.createRange();
            range.setStart(node as Text, at + offset);
            range.setEnd(node as Text, at + offset + 1);
            return { char, box: range.getBoundingClientRect() };
          });
          if (boxes.every(({ box }) => box.width === 0)) continue; // hidden
          const drawn = boxes.filter(({ char, box }) => char !== " " && box.width > 0);
          drawn.sort((a, b) => a.box.left - b.box.left);
          shown.push({ number: needle, order: drawn.map(({ char }) => char).join("") });
        }
      }
    }
    return shown;
  }, numbers);
}

/** A page of the site's HTML and stylesheet, wide enough that no number wraps. */
async function pageWith(html: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 900, height: 900 } });
  await page.setContent(html);
  await page.addStyleTag({ content: CSS });
  return page;
}

const asTyped = (number: string) => number.replaceAll(" ", "");

describe.each(rightToLeft)("the %s pages", (locale) => {
  it("show the emergency number left to right, in the banner, the danger panel and its sentences", async () => {
    const page = await pageWith(renderFormPage({ region, locale }));
    expect(await page.getAttribute("html", "dir")).toBe("rtl");
    await page.evaluate(() => document.querySelector("#emergency")?.removeAttribute("hidden"));
    const shown = await shownNumbers(page, [EMERGENCY]);
    // the banner's link, the panel's title, its link and its sentence
    expect(shown.length).toBeGreaterThanOrEqual(4);
    expect(shown.map(({ order }) => order)).toEqual(shown.map(() => asTyped(EMERGENCY)));
    await page.close();
  });

  it("show the code, the phone lines and the emergency sentence of the answer left to right", async () => {
    const guidance = {
      emergencyNumber: EMERGENCY,
      callFirst: true,
      hotlines: hotlinesIn(region, locale),
      message: message(locale, "guidance.emergency", { number: EMERGENCY }),
      next: [message(locale, "next.someoneElse", { number: EMERGENCY })],
      tonight: [],
    };
    const page = await pageWith(
      renderReceiptPage({ region, locale }, { receipt: CODE, urgency: "emergency", guidance }),
    );
    const shown = await shownNumbers(page, [EMERGENCY, HOTLINE, CODE]);
    expect(new Set(shown.map(({ number }) => number))).toEqual(new Set([EMERGENCY, HOTLINE, CODE]));
    expect(shown.map(({ order }) => order)).toEqual(shown.map(({ number }) => asTyped(number)));
    await page.close();
  });

  it("take a code or a phone number left to right, and other answers in their own direction", async () => {
    const form = await pageWith(renderFormPage({ region, locale }));
    const lookup = await pageWith(renderStatusLookup({ region, locale }));
    const direction = (page: Page, selector: string) =>
      page.$eval(selector, (field) => (field.matches(":dir(ltr)") ? "ltr" : "rtl"));
    await form.fill('[name="contact.address"]', "+48 600 000 000");
    await form.fill('[name="contact.safeTimes"]', "بعد الساعة 6");
    expect(await direction(form, '[name="previousReceipt"]')).toBe("ltr");
    expect(await direction(form, '[name="contact.address"]')).toBe("ltr");
    expect(await direction(form, '[name="contact.safeTimes"]')).toBe("rtl");
    expect(await direction(lookup, "#status-receipt")).toBe("ltr");
    await form.close();
    await lookup.close();
  });
});
