/**
 * Taps to send a report: scripted personas fill the form in Debian's Chromium as a person on
 * a phone would, and every tap is counted (a choice one, a drop-down list two, a text field
 * one for its focus, Next and Send one each; typing itself is not counted). Each report is
 * really sent, and counts only when the answer page shows its code. Targets: a minimal
 * report in at most 10 taps, a full labour-exploitation report in at most 25.
 *
 * Baseline, in the same run: the same personas on the one-page form without JavaScript,
 * which has no Next button and no step that goes on by itself.
 */
import { type Browser, chromium } from "playwright-core";
import {
  type FormAnswers,
  FULL_LABOUR,
  fillAll,
  fillStepByStep,
  MINIMAL,
} from "../test/helpers/form-filler.ts";
import { CHROMIUM, PLAYWRIGHT_FLAGS } from "./chromium.ts";
import { table } from "./measure.ts";

const PERSONAS: readonly { name: string; answers: FormAnswers; locale: string; target: number }[] =
  [
    { name: "minimal report", answers: MINIMAL, locale: "en", target: 10 },
    { name: "full labour report", answers: FULL_LABOUR, locale: "pl", target: 25 },
  ];

const SENT_TIMEOUT_MS = 120_000;

async function tapsOf(
  browser: Browser,
  url: string,
  answers: FormAnswers,
  javaScript: boolean,
): Promise<number> {
  const context = await browser.newContext({
    javaScriptEnabled: javaScript,
    viewport: { width: 360, height: 640 },
    hasTouch: true,
  });
  try {
    const page = await context.newPage();
    await page.goto(url);
    const taps = javaScript ? await fillStepByStep(page, answers) : await fillAll(page, answers);
    await page.click("#step-words .nav button[type=submit]");
    await page.waitForSelector("#receipt:not([hidden]) [data-slot=code]:not(:empty)", {
      timeout: SENT_TIMEOUT_MS,
    });
    return taps;
  } finally {
    await context.close();
  }
}

export async function benchTaps(baseUrl: string): Promise<string> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: PLAYWRIGHT_FLAGS });
  const rows: string[][] = [];
  try {
    for (const persona of PERSONAS) {
      const url = `${baseUrl}/${persona.locale}/`;
      const steps = await tapsOf(browser, url, persona.answers, true);
      const onePage = await tapsOf(browser, url, persona.answers, false);
      rows.push([
        persona.name,
        persona.locale,
        String(steps),
        String(onePage),
        `≤ ${persona.target}`,
        steps <= persona.target ? "yes" : "NO",
      ]);
    }
  } finally {
    await browser.close();
  }
  return [
    "Taps to send a report in Chromium at 360×640 (a choice 1, a list 2, a text field 1, Next and Send 1);",
    "baseline: the same persona on the one-page form without JavaScript",
    table([["persona", "locale", "taps, steps", "taps, one page", "target", "met"], ...rows]),
  ].join("\n");
}
