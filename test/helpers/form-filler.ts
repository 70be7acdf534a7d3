/**
 * Filling the form in a real browser, step by step with the script, or all at once without,
 * as a person would: every tap counted (`taps`), a typed field counting one tap for its focus.
 */
import type { Page } from "playwright-core";

export interface FormAnswers {
  inDanger: string;
  /** left out: not answered (the form sends "unsure") */
  situation?: string;
  reporter: string;
  minor: string;
  exploitation: string[];
  sector?: string;
  indicators?: string[];
  lost: string[];
  needs?: string[];
  circumstances?: string[];
  /** left out: not answered (the form sends "unsure") */
  previouslyExploited?: string;
  municipality: string;
  contactLanguages?: string[];
  channel: string;
  address?: string;
  safeTimes?: string;
  narrative?: string;
  share: boolean;
}

/** The seed case: a worker who lost job, housing and residence permit, in Utrecht. */
export const WORKER: FormAnswers = {
  inDanger: "no",
  situation: "left_no_contact",
  reporter: "self",
  minor: "no",
  exploitation: ["labour"],
  sector: "agriculture",
  lost: ["job", "housing", "residence_permit"],
  previouslyExploited: "no",
  municipality: "GM0344",
  channel: "phone",
  address: "+48 600 000 000",
  narrative: "They kept my passport.",
  share: true,
};

/** The fewest answers the form takes: the required questions, the channel left at "none". */
export const MINIMAL: FormAnswers = {
  inDanger: "no",
  reporter: "self",
  minor: "no",
  exploitation: ["unsure"],
  lost: [],
  municipality: "unknown",
  channel: "none",
  share: true,
};

/** A full report of labour exploitation: every kind of question answered, as a person would. */
export const FULL_LABOUR: FormAnswers = {
  inDanger: "no",
  situation: "left_in_contact",
  reporter: "self",
  minor: "no",
  exploitation: ["labour"],
  sector: "agriculture",
  indicators: ["documents_withheld", "wages_withheld", "housing_via_employer"],
  lost: ["job", "housing", "residence_permit"],
  needs: ["shelter", "legal"],
  previouslyExploited: "no",
  municipality: "GM0344",
  channel: "phone",
  address: "+48 600 000 000",
  narrative: "They kept my passport and I have nowhere to sleep.",
  share: true,
};

export const STEP_IDS = ["safety", "about", "needs", "words"] as const;
export type StepId = (typeof STEP_IDS)[number];

const field = (name: string, value?: string) =>
  value === undefined ? `[name="${name}"]` : `[name="${name}"][value="${value}"]`;

/** A page and the taps made on it: a click or a check is one, a select two, a typed field one. */
export class Taps {
  count = 0;
  constructor(readonly page: Page) {}
  async tap(selector: string): Promise<void> {
    this.count++;
    await this.page.click(selector);
  }
  async check(name: string, value: string): Promise<void> {
    this.count++;
    await this.page.check(field(name, value));
  }
  async select(name: string, value: string): Promise<void> {
    this.count += 2; // open the list, pick one
    await this.page.selectOption(field(name), value);
  }
  async type(name: string, text: string): Promise<void> {
    this.count++;
    await this.page.fill(field(name), text);
  }
}

const checkAll = async (taps: Taps, name: string, values: readonly string[] = []) => {
  for (const value of values) await taps.check(name, value);
};

/** The languages to be contacted in, opening the list of more languages for one not shown. */
async function answerLanguages(taps: Taps, languages: readonly string[] = []): Promise<void> {
  for (const language of languages) {
    const box = taps.page.locator(field("contactLanguages", language));
    if (!(await box.isVisible())) await taps.tap("#more-languages > summary");
    await taps.check("contactLanguages", language);
  }
}

/** How each step's questions are answered, of those that `answers` covers. */
const STEP_ANSWERS: Readonly<Record<StepId, (taps: Taps, answers: FormAnswers) => Promise<void>>> =
  {
    safety: (taps, answers) => taps.check("inDanger", answers.inDanger),
    async about(taps, answers) {
      await taps.check("reporter", answers.reporter);
      if (answers.situation) await taps.check("situation", answers.situation);
      await taps.check("minor", answers.minor);
      await checkAll(taps, "exploitation", answers.exploitation);
      if (answers.sector) await taps.select("sector", answers.sector);
      await checkAll(taps, "indicators", answers.indicators);
    },
    async needs(taps, answers) {
      await checkAll(taps, "lost", answers.lost);
      await checkAll(taps, "needs", answers.needs);
      await checkAll(taps, "circumstances", answers.circumstances);
      if (answers.previouslyExploited)
        await taps.check("previouslyExploited", answers.previouslyExploited);
    },
    async words(taps, answers) {
      if (answers.municipality !== "unknown" || !(await hasChoice(taps.page)))
        await taps.select("municipality", answers.municipality);
      await answerLanguages(taps, answers.contactLanguages);
      if (answers.channel !== "none") await taps.check("contact.channel", answers.channel);
      if (answers.address !== undefined) await taps.type("contact.address", answers.address);
      if (answers.safeTimes !== undefined) await taps.type("contact.safeTimes", answers.safeTimes);
      if (answers.narrative !== undefined) await taps.type("narrative", answers.narrative);
      // Sharing is a question with two answers, and no default.
      await taps.check("consent.share", answers.share ? "yes" : "no");
    },
  };

/** Answers the questions of a step that `answers` covers. */
const answer = (taps: Taps, answers: FormAnswers, step: StepId) =>
  STEP_ANSWERS[step](taps, answers);

/** Whether the municipality list already has an answer (it has none until the person picks). */
const hasChoice = async (page: Page) => (await page.inputValue(field("municipality"))) !== "";

/**
 * With the script: each step answered, then Next (step 1 goes on by itself when the person is
 * not in danger); `onStep` runs on every step shown. Returns the taps, Send included.
 */
export async function fillStepByStep(
  page: Page,
  answers: FormAnswers,
  onStep: (step: StepId) => Promise<void> = async () => undefined,
): Promise<number> {
  const taps = new Taps(page);
  for (const step of STEP_IDS) {
    await page.waitForSelector(`#step-${step}:not([hidden])`);
    await answer(taps, answers, step);
    await onStep(step);
    if (step === "safety") {
      if (answers.inDanger === "yes") await taps.tap("#emergency-continue");
    } else if (step !== "words") await taps.tap(`#step-${step} .next`);
  }
  return taps.count + 1; // and Send
}

/** Without the script: every step is on the page at once. Returns the taps, Send included. */
export async function fillAll(page: Page, answers: FormAnswers): Promise<number> {
  const taps = new Taps(page);
  for (const step of STEP_IDS) await answer(taps, answers, step);
  return taps.count + 1;
}
