/** The wording for a person writing about someone else: which texts have one, and their HTML. */
import { describe, expect, it } from "vitest";
import type { MessageKey } from "../../domain/catalogs.ts";
import { CATALOGS } from "../../domain/catalogs.ts";
import { aboutSomeoneElse } from "../../domain/messages.ts";
import { translator } from "../../web/pages/page-shell.ts";
import { QUESTIONS } from "../../web/pages/questions.ts";
import { wordingHtml } from "../../web/pages/wording.ts";

const english = CATALOGS.en as Record<string, string>;

/** The texts of a question: its label, its hint and its answers. */
const textsOf = (question: (typeof QUESTIONS)[number]): MessageKey[] => [
  question.label,
  ...(question.hint ? [question.hint] : []),
  ...(question.options ?? []).map((option) => option.label),
];

const reporterAt = QUESTIONS.findIndex((question) => question.name === "reporter");
const after = QUESTIONS.slice(reporterAt + 1);

/**
 * Texts after the reporter question that say "you" or "I" of the one filling in the form, not
 * of the person it is about: how to reach them, their message, their code, their uncertainty.
 */
const OF_THE_ONE_WRITING = new Set<string>([
  "answer.unsure",
  "situation.unsure",
  "exploitation.unsure",
  "municipality.unknown",
  "consent.share.legend",
  "consent.share.yes",
  "consent.share.no",
  "consent.authorities.explain",
  "consent.checkIns.explain",
  ...QUESTIONS.filter((question) =>
    /^(contactLanguages|contact\.|narrative|previousReceipt)/.test(question.name),
  ).flatMap(textsOf),
]);

describe("the texts for someone writing about another person", () => {
  it("come after the reporter question, so the person has said whom it is about", () => {
    const before = QUESTIONS.slice(0, reporterAt).flatMap(textsOf);
    expect(before.filter((key) => aboutSomeoneElse("en", key))).toEqual([]);
  });

  it("cover every text after it that speaks to the person about themselves", () => {
    const speaking = after
      .flatMap(textsOf)
      .filter((key) => /\b(you|your|I|me|my)\b/i.test(english[key] ?? ""))
      .filter((key) => !OF_THE_ONE_WRITING.has(key));
    expect(speaking.length).toBeGreaterThan(20);
    expect(speaking.filter((key) => !aboutSomeoneElse("en", key))).toEqual([]);
  });

  it("never speak to the person as 'you' or 'my' themselves", () => {
    const wordings = after
      .flatMap(textsOf)
      .filter((key) => !OF_THE_ONE_WRITING.has(key))
      .flatMap((key) => aboutSomeoneElse("en", key) ?? []);
    const own = /\b(your|my|me)\b/i;
    expect(wordings.filter((key) => own.test(english[key] ?? ""))).toEqual([]);
  });
});

describe("wordingHtml", () => {
  it.each([
    [
      "en",
      "indicators.violence",
      `<span class="for-self">Has someone hit you or hurt you?</span><span class="for-other">Has someone hit or hurt this person?</span>`,
    ],
    ["en", "sector.label", "If there was work: where?"],
    // Polish says "Pracę" alike for both: once, without a switch.
    ["pl", "lost.job", "Pracę"],
  ] as const)("writes %s %s as %s", (locale, key, html) => {
    expect(wordingHtml(locale, translator(locale), key)).toBe(html);
  });

  it("escapes both wordings", () => {
    const t = (key: MessageKey) => (key.endsWith(".other") ? "<b>them</b>" : "you & me");
    expect(wordingHtml("en", t, "lost.legend")).toBe(
      `<span class="for-self">you &amp; me</span><span class="for-other">&lt;b&gt;them&lt;/b&gt;</span>`,
    );
  });
});
