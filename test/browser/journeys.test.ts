/**
 * Whole journeys through the form, each as one person would make it, in their language, on a
 * 360-px phone in Chromium: what the answer page tells them afterwards, checked, and kept as a
 * screenshot in test-results/journeys/<persona>.png for a human to look at.
 */
import { mkdirSync } from "node:fs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { CATALOGS } from "../../domain/catalogs.ts";
import { message } from "../../domain/messages.ts";
import type { Locale } from "../../domain/vocabulary.ts";
import { systemAndBrowser, watchedPage } from "../helpers/browser.ts";
import { type FormAnswers, fillAll, fillStepByStep } from "../helpers/form-filler.ts";

const live = systemAndBrowser();
const SHOTS = "test-results/journeys";

interface Journey {
  persona: string;
  locale: Locale;
  javaScript: boolean;
  answers: FormAnswers;
  /** what the answer page must say, as catalog keys or texts */
  says: (string | { key: Parameters<typeof message>[1]; values?: Record<string, string> })[];
  check?: (page: Page) => Promise<void>;
  /** what the status page must say when the person comes back with the code (catalog keys) */
  back: Parameters<typeof message>[1][];
}

const phone = { channel: "phone", address: "+48 600 000 000" };

const JOURNEYS: Journey[] = [
  {
    persona: "polish-worker",
    locale: "pl",
    javaScript: true,
    answers: {
      inDanger: "no",
      situation: "left_no_contact",
      reporter: "self",
      minor: "no",
      exploitation: ["labour"],
      sector: "agriculture",
      lost: ["job", "housing", "residence_permit"],
      needs: ["shelter", "residence"],
      municipality: "GM0344",
      ...phone,
      narrative: "Zabrali mi paszport. Nie mam gdzie spać.",
      share: true,
    },
    says: [
      { key: "next.who.care" },
      { key: "next.how.phone" },
      "w ciągu 24 godzin",
      "Nie masz gdzie spać tej nocy?",
    ],
    back: ["next.who.care", "next.how.phone"],
  },
  {
    persona: "romanian-worker",
    locale: "ro",
    javaScript: true,
    answers: {
      inDanger: "no",
      situation: "left_in_contact",
      reporter: "self",
      minor: "no",
      exploitation: ["labour"],
      sector: "meat_processing",
      indicators: ["wages_withheld", "housing_via_employer"],
      lost: ["job", "housing", "residence_permit"],
      needs: ["income", "work"],
      municipality: "GM0983",
      contactLanguages: ["ro"],
      channel: "messaging",
      address: "+40 700 000 000",
      share: true,
    },
    says: [
      { key: "next.how.messaging" },
      "în cel mult 24 de ore",
      { key: "next.notTold" },
      { key: "next.comeBack", values: { date: "\u0000" } },
    ],
    back: ["next.how.messaging", "next.notTold"],
  },
  {
    persona: "arabic-webcam",
    locale: "ar",
    javaScript: true,
    answers: {
      inDanger: "unsure",
      situation: "left_in_contact",
      reporter: "self",
      minor: "no",
      exploitation: ["online_sexual"],
      sector: "webcam",
      indicators: ["threats", "isolation"],
      lost: ["income"],
      needs: ["safety", "psychosocial"],
      circumstances: ["phone_monitored"],
      municipality: "GM0363",
      channel: "trusted_person",
      address: "سارة 0612345678",
      share: true,
    },
    says: [{ key: "next.how.trusted_person" }, { key: "next.notTold" }],
    back: ["next.how.trusted_person", "next.notTold"],
    check: async (page) => {
      expect(await page.getAttribute("html", "dir")).toBe("rtl");
      const phones = page.locator("#receipt .hotlines a.phone");
      expect(await phones.first().getAttribute("dir")).toBe("ltr");
    },
  },
  {
    persona: "sixteen-year-old",
    locale: "nl",
    javaScript: true,
    answers: {
      inDanger: "no",
      situation: "ongoing",
      reporter: "self",
      minor: "yes",
      exploitation: ["criminal"],
      lost: [],
      municipality: "GM0599",
      channel: "none",
      share: true,
    },
    says: [{ key: "guidance.minor" }, { key: "next.who.none" }],
    back: ["next.who.none"],
    check: async (page) => {
      // Not told to call 112 first: told they are not in trouble, the youth line on top.
      expect(await page.isVisible("#receipt [data-slot=emergency]")).toBe(false);
      expect(await page.textContent("#receipt [data-slot=message]")).toMatch(
        new RegExp(`^${CATALOGS.nl["guidance.minor"]}`),
      );
      expect(await page.textContent("#receipt .hotlines li")).toContain("Jongerenlijn");
    },
  },
  {
    persona: "without-javascript",
    locale: "uk",
    javaScript: false,
    answers: {
      inDanger: "unsure",
      reporter: "someone_else",
      minor: "no",
      exploitation: ["domestic_servitude"],
      lost: [],
      municipality: "GM0518",
      channel: "email",
      address: "friend@example.org",
      share: true,
    },
    says: [{ key: "next.how.email" }, { key: "next.someoneElse", values: { number: "112" } }],
    back: ["next.how.email"],
  },
  {
    persona: "shares-nothing",
    locale: "en",
    javaScript: true,
    answers: {
      inDanger: "no",
      reporter: "self",
      minor: "no",
      exploitation: ["unsure"],
      lost: ["housing"],
      needs: ["shelter"],
      municipality: "unknown",
      channel: "none",
      share: false,
    },
    says: [{ key: "guidance.notShared" }, { key: "next.notShared" }, "Nowhere to sleep tonight?"],
    back: ["status.next.notShared", "status.share.title"],
  },
];

describe("a whole journey, as the person makes it", () => {
  mkdirSync(SHOTS, { recursive: true });

  it.each(JOURNEYS.map((journey) => [journey.persona, journey] as const))(
    "%s",
    async (_, journey) => {
      const { page, context } = await watchedPage(live.browser, {
        javaScript: journey.javaScript,
        width: 360,
      });
      await page.goto(`${live.system.url}/${journey.locale}/`);
      if (journey.javaScript) await fillStepByStep(page, journey.answers);
      else await fillAll(page, journey.answers);
      await page.click("#step-words .nav button[type=submit]");
      await page.waitForSelector("#receipt:not([hidden]) [data-slot=code]:not(:empty)", {
        timeout: 60_000,
      });
      const answerPage = (await page.textContent("#receipt")) ?? "";
      for (const said of journey.says) {
        // A text with a date is checked up to the date.
        const text =
          typeof said === "string"
            ? said
            : (message(journey.locale, said.key, said.values).split("\u0000")[0] ?? "");
        expect(answerPage, text).toContain(text);
      }
      await journey.check?.(page);
      await page.evaluate(() => window.scrollTo(0, 0)); // the pinned bar at the top, as loaded
      await page.screenshot({ path: `${SHOTS}/${journey.persona}.png`, fullPage: true });

      // Coming back with the code: the status page says what happens next, in their language.
      const code = ((await page.textContent("#receipt [data-slot=code]")) ?? "").trim();
      await page.goto(`${live.system.url}/${journey.locale}/status/`);
      await page.fill("#status-receipt", code);
      await Promise.all([
        page.waitForResponse((r) => r.url().endsWith("/api/v1/status")),
        page.click(".status-lookup button[type=submit]"),
      ]);
      await page.waitForLoadState();
      expect(await page.getAttribute("html", "lang")).toBe(journey.locale);
      const statusPage = (await page.textContent("main")) ?? "";
      for (const key of journey.back)
        expect(statusPage, key).toContain(message(journey.locale, key));
      await page.screenshot({ path: `${SHOTS}/${journey.persona}-status.png`, fullPage: true });
      await context.close();
    },
    120_000,
  );
});
