/** The pages as HTML, without a browser: what every locale's page must and must not hold. */
import { describe, expect, it } from "vitest";
import { CATALOGS } from "../../domain/catalogs.ts";
import { hotlinesIn } from "../../domain/guidance.ts";
import type { Locale } from "../../domain/vocabulary.ts";
import { renderFormPage } from "../../web/pages/form-page.ts";
import { QUESTIONS } from "../../web/pages/questions.ts";
import { renderReceiptPage } from "../../web/pages/receipt.ts";
import { sampleRegion as region } from "../helpers/region-factory.ts";
import { forbiddenIn } from "./forbidden-words.ts";

const visibleText = (html: string) =>
  html
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&[a-z#0-9]+;/g, " ");

describe.each(region.locales)("the %s page", (locale) => {
  const html = renderFormPage({ region, locale });
  const catalog = CATALOGS[locale];

  it("declares its language and direction, with a neutral title", () => {
    expect(html).toContain(`<html lang="${locale}" dir="${catalog["page.dir"]}">`);
    expect(html).toContain(`<title>${catalog["page.title"]}</title>`);
  });

  it("asks every question of the contract, by its field name", () => {
    for (const question of QUESTIONS) expect(html).toContain(`name="${question.name}"`);
  });

  it("posts no proof and no test field without JavaScript: such a post is the unproven path", () => {
    // A proof field sent empty would be read as no proof; one never sent cannot be a bad proof.
    expect(html).not.toMatch(/name="(?:proof|test)"/);
  });

  it("has no inline script, no inline style and no event handler attribute (the CSP forbids them)", () => {
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts).toEqual([
      '<script src="/assets/form.js" defer>',
      '<script type="application/json" id="texts">',
    ]);
    expect(html).not.toMatch(/\sstyle=/);
    expect(html).not.toMatch(/\son[a-z]+=/);
  });

  it("loads nothing from another origin", () => {
    const sources = [...html.matchAll(/\s(?:src|href)="([^"]+)"/g)].map((match) => match[1] ?? "");
    for (const source of sources) {
      if (source === region.quickExitUrl || source.startsWith("tel:")) continue;
      expect(source).toMatch(/^(\/|#)/);
    }
  });

  it("keeps the browser from remembering what identifies the person", () => {
    for (const name of ["narrative", "contact.address", "contact.safeTimes", "previousReceipt"]) {
      expect(html).toMatch(new RegExp(`name="${name.replace(".", "\\.")}"[^>]*autocomplete="off"`));
    }
  });

  it("shows the emergency number at once, and never names what it is about", () => {
    expect(html.indexOf('href="tel:112"')).toBeLessThan(html.indexOf("<form"));
    expect(forbiddenIn(locale as Locale, visibleText(html))).toEqual([]);
  });
});

describe("the form again after a post without JavaScript", () => {
  const values = new Map([
    ["inDanger", ["unsure"]],
    ["lost", ["job", "housing"]],
    ["municipality", ["GM0599"]],
    ["narrative", ["<b>my words</b>"]],
    ["contact.channel", ["phone"]],
  ]);
  const problems = new Map([
    ["contact.address", "Fill in how someone can reach you."],
    ["exploitation", "Choose at least one."],
  ]);
  const html = renderFormPage({ region, locale: "en" }, { values, problems });

  it("keeps the answers, escaped", () => {
    expect(html).toMatch(/name="inDanger" value="unsure" checked/);
    expect(html).toMatch(/name="lost" value="job" checked/);
    expect(html).toMatch(/name="lost" value="housing" checked/);
    expect(html).not.toMatch(/name="lost" value="income" checked/);
    expect(html).toMatch(/value="GM0599" selected/);
    expect(html).toContain("&lt;b&gt;my words&lt;/b&gt;</textarea>");
    expect(html).not.toContain("<b>my words</b>");
    expect(html).toMatch(/name="contact.channel" value="phone" checked/);
    expect(html).not.toMatch(/name="contact.channel" value="none" checked/);
  });

  it("names each problem beside its question, and lists them at the top", () => {
    expect(html).toContain(
      '<p class="error" id="q-contact-address-error">Fill in how someone can reach you.</p>',
    );
    expect(html).toContain('<p class="error" id="q-exploitation-error">Choose at least one.</p>');
    expect(html).toMatch(/<div id="problems" class="problems" role="alert"[^>]*><h2>/);
    expect(html).toContain('href="#q-exploitation"');
  });
});

describe("the receipt page", () => {
  const answer = (urgency: "emergency" | "standard") => ({
    receipt: "4821 0937 5520 1184",
    urgency,
    guidance: {
      emergencyNumber: "112",
      callFirst: urgency === "emergency",
      hotlines: hotlinesIn(region, "en"),
      message: "Passed on.",
      next: ["A care organisation will contact you.", "<b>not markup</b>"],
      tonight: [],
    },
  });

  it("shows the code plainly and asks to write it down", () => {
    const html = renderReceiptPage({ region, locale: "en" }, answer("standard"));
    expect(html).toContain(
      '<p class="code" data-slot="code" dir="ltr" translate="no">4821 0937 5520 1184</p>',
    );
    expect(html).toContain(CATALOGS.en["receipt.keep"]);
    expect(html).toMatch(/<div class="call-first" data-slot="emergency" hidden>/);
  });

  it("says what happens next, as text, and hides an empty 'for tonight'", () => {
    const html = renderReceiptPage({ region, locale: "en" }, answer("standard"));
    expect(html).toContain(`<h2 id="next-title">${CATALOGS.en["next.title"]}</h2>`);
    expect(html).toContain("<li>A care organisation will contact you.</li>");
    expect(html).toContain("<li>&lt;b&gt;not markup&lt;/b&gt;</li>");
    expect(html).toContain('<div data-slot="tonight-box" hidden>');
  });

  it("keeps phone numbers left-to-right inside Arabic text", () => {
    const html = renderReceiptPage({ region, locale: "ar" }, answer("standard"));
    expect(html).toContain('<a class="phone" dir="ltr" href="tel:09000101">0900-0101</a>');
  });

  it("puts the emergency number first for an emergency", () => {
    const html = renderReceiptPage({ region, locale: "ar" }, answer("emergency"));
    expect(html).toMatch(/<div class="call-first" data-slot="emergency"><h2>/);
    expect(html.indexOf("call-first")).toBeLessThan(html.indexOf('data-slot="code"'));
    expect(forbiddenIn("ar", visibleText(html))).toEqual([]);
  });
});
