/** Filling the form in a real browser, step by step with the script, or all at once without. */
import type { Page } from "playwright-core";

export interface FormAnswers {
  inDanger: string;
  situation: string;
  reporter: string;
  minor: string;
  exploitation: string[];
  sector?: string;
  lost: string[];
  previouslyExploited: string;
  municipality: string;
  contactLanguages?: string[];
  channel: string;
  address?: string;
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

const field = (name: string, value?: string) =>
  value === undefined ? `[name="${name}"]` : `[name="${name}"][value="${value}"]`;

/** Answers the questions of the visible step that `answers` covers. */
async function answer(page: Page, answers: FormAnswers, step: string): Promise<void> {
  const check = (name: string, value: string) => page.check(field(name, value));
  switch (step) {
    case "safety":
      return check("inDanger", answers.inDanger);
    case "about":
      await check("situation", answers.situation);
      await check("reporter", answers.reporter);
      return check("minor", answers.minor);
    case "what":
      for (const type of answers.exploitation) await check("exploitation", type);
      if (answers.sector) await page.selectOption(field("sector"), answers.sector);
      return;
    case "needs":
      for (const loss of answers.lost) await check("lost", loss);
      return check("previouslyExploited", answers.previouslyExploited);
    case "contact":
      await page.selectOption(field("municipality"), answers.municipality);
      for (const language of answers.contactLanguages ?? [])
        await check("contactLanguages", language);
      await check("contact.channel", answers.channel);
      if (answers.address !== undefined) await page.fill(field("contact.address"), answers.address);
      return;
    case "words":
      if (answers.narrative !== undefined) await page.fill(field("narrative"), answers.narrative);
      // Sharing is a question with two answers, and no default.
      return check("consent.share", answers.share ? "yes" : "no");
  }
}

export const STEP_IDS = ["safety", "about", "what", "needs", "contact", "words"] as const;

/** With the script: each step answered, then Next; `onStep` runs on every step shown. */
export async function fillStepByStep(
  page: Page,
  answers: FormAnswers,
  onStep: (step: string) => Promise<void> = async () => undefined,
): Promise<void> {
  for (const step of STEP_IDS) {
    await page.waitForSelector(`#step-${step}:not([hidden])`);
    await answer(page, answers, step);
    await onStep(step);
    if (step === "safety" && answers.inDanger === "yes") await page.click("#emergency-continue");
    else if (step !== "words") await page.click(`#step-${step} .next`);
  }
}

/** Without the script: every step is on the page at once. */
export async function fillAll(page: Page, answers: FormAnswers): Promise<void> {
  for (const step of STEP_IDS) await answer(page, answers, step);
}
