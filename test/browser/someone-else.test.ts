/**
 * A person writing about someone else, in Debian's Chromium on a 360-px phone, with and without
 * JavaScript: after "About someone else" the questions speak of "this person", on screen and in
 * what a screen reader gets (Chromium's accessibility tree); after "About me" they say "you".
 * A screenshot of each in test-results/someone-else/.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { CATALOGS } from "../../domain/catalogs.ts";
import type { Locale } from "../../domain/vocabulary.ts";
import { axeViolations, axeViolationsWithoutScript } from "../helpers/axe.ts";
import { systemAndBrowser, watchedPage } from "../helpers/browser.ts";
import {
  type FormAnswers,
  fillAll,
  fillStepByStep,
  type StepId,
  WORKER,
} from "../helpers/form-filler.ts";

const live = systemAndBrowser();
const SHOTS = "test-results/someone-else";

/** A friend writing for a worker whose passport is kept and who has nowhere to sleep. */
const FRIEND: FormAnswers = {
  ...WORKER,
  reporter: "someone_else",
  situation: "left_in_contact",
  indicators: ["documents_withheld"],
  needs: ["shelter"],
};

/** Texts with a wording for someone else, by the step that shows them (each differs in en, pl, ar). */
const WORDED: Record<Exclude<StepId, "safety">, string[]> = {
  about: ["situation.left_in_contact", "indicators.violence"],
  needs: ["lost.legend", "needs.legend", "circumstances.pregnant", "previouslyExploited.legend"],
  words: ["municipality.label", "consent.explain"],
};

type Who = "self" | "someone_else";

/** The names and descriptions Chromium gives a screen reader, one a line. */
async function spoken(page: Page): Promise<string> {
  const client = await page.context().newCDPSession(page);
  const { nodes } = await client.send("Accessibility.getFullAXTree");
  await client.detach();
  return nodes
    .filter((node) => !node.ignored)
    .flatMap((node) => [node.name?.value, node.description?.value])
    .filter((text) => typeof text === "string" && text !== "")
    .join("\n");
}

/** The text on screen: what CSS hides (the other wording, a hidden step) is not in it. */
const shown = (page: Page, selector: string) =>
  // biome-ignore lint/performance/useDomNodeTextContent: what is on screen is what counts here
  page.locator(selector).innerText();

/** The texts of `keys` read as `who` should read them, and not the other way, seen and heard. */
async function expectWording(page: Page, locale: Locale, keys: string[], who: Who) {
  const catalog = CATALOGS[locale] as Record<string, string>;
  const seen = await shown(page, "#report");
  const heard = await spoken(page);
  for (const key of keys) {
    const other = catalog[`${key}.other`] ?? "";
    const own = catalog[key] ?? "";
    const [fits, not] = who === "someone_else" ? [other, own] : [own, other];
    expect(fits !== "" && not !== "" && fits !== not, key).toBe(true);
    expect(seen, key).toContain(fits);
    expect(seen, key).not.toContain(not);
    expect(heard, key).toContain(fits);
    expect(heard, key).not.toContain(not);
  }
}

const phone = (javaScript: boolean) => watchedPage(live.browser, { javaScript, width: 360 });

describe.each<Locale>(["en", "pl", "ar"])("in %s", (locale) => {
  const t = CATALOGS[locale] as Record<string, string>;

  it("with the script, the questions after 'About someone else' speak of this person, and the problem list does too", async () => {
    const { page, context } = await phone(true);
    await page.goto(`${live.system.url}/${locale}/`);
    const violations: string[] = [];
    await fillStepByStep(page, FRIEND, async (step) => {
      if (step === "safety") return;
      await expectWording(page, locale, WORDED[step], "someone_else");
      for (const violation of await axeViolations(page)) violations.push(`${step}: ${violation}`);
      if (step === "needs")
        await page.screenshot({ path: `${SHOTS}/${locale}-script.png`, fullPage: true });
    });
    expect(violations).toEqual([]);

    // A question left out is listed at the top by its words for someone else.
    await page.selectOption('[name="municipality"]', "");
    await page.click("#step-words button[type=submit]");
    await page.waitForSelector("#problems:not([hidden])");
    expect(await shown(page, "#problems a")).toBe(t["municipality.label.other"]);
    expect(await spoken(page)).not.toContain(t["municipality.label"]);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  }, 120_000);

  it("with the script, 'About me' keeps 'you'", async () => {
    const { page, context } = await phone(true);
    await page.goto(`${live.system.url}/${locale}/`);
    await fillStepByStep(page, { ...FRIEND, reporter: "self" }, async (step) => {
      if (step !== "safety") await expectWording(page, locale, WORDED[step], "self");
    });
    await context.close();
  }, 120_000);

  it("without the script, one answer switches every later question, both ways, and a post refused keeps it", async () => {
    const { page, context } = await phone(false);
    await page.goto(`${live.system.url}/${locale}/`);
    const all = Object.values(WORDED).flat();
    await expectWording(page, locale, all, "self"); // nothing answered yet
    await fillAll(page, { ...FRIEND, municipality: "unknown" });
    await expectWording(page, locale, all, "someone_else");
    await page.screenshot({ path: `${SHOTS}/${locale}-no-script.png`, fullPage: true });
    await page.check('[name="reporter"][value="self"]');
    await expectWording(page, locale, all, "self");
    await page.check('[name="reporter"][value="someone_else"]');

    // Posted without a town: the form again, still about this person, the problem in its words.
    await page.selectOption('[name="municipality"]', "");
    await Promise.all([
      page.waitForResponse((response) => response.url().endsWith("/api/v1/reports")),
      page.click("#step-words button[type=submit]"),
    ]);
    await page.waitForLoadState();
    expect(await page.isChecked('[name="reporter"][value="someone_else"]')).toBe(true);
    await expectWording(page, locale, all, "someone_else");
    expect(await shown(page, "#problems a")).toBe(t["municipality.label.other"]);
    expect(await axeViolationsWithoutScript(page)).toEqual([]);
    await context.close();
  }, 120_000);
});
