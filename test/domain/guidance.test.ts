import { describe, expect, it } from "vitest";
import { CATALOGS, type MessageKey } from "../../domain/catalogs.ts";
import { guidanceFor, hotlinesIn, tonight } from "../../domain/guidance.ts";
import { message } from "../../domain/messages.ts";
import { parseRegion } from "../../domain/region.ts";
import { decide } from "../../domain/route.ts";
import { SUPPORTED_LOCALES } from "../../domain/vocabulary.ts";
import { sampleRegion } from "../helpers/region-factory.ts";
import { aReport, type ReportChanges } from "../helpers/report-factory.ts";

const guidance = (changes: ReportChanges) => {
  const report = aReport(changes);
  return guidanceFor(report, decide(report, sampleRegion), sampleRegion);
};
const en = (key: Parameters<typeof message>[1]) => message("en", key, { number: "112" });

describe("the guidance of the answer", () => {
  it.each<[string, ReportChanges, string]>([
    [
      "an emergency leads with the emergency number",
      { inDanger: "yes" },
      `${en("guidance.emergency")} ${en("guidance.passedOnUrgent")}`,
    ],
    [
      "a child not in danger: reassured first, not told to call",
      { minor: "yes" },
      `${en("guidance.minor")} ${en("guidance.passedOnUrgent")}`,
    ],
    [
      "a high case",
      { lost: ["job", "housing", "residence_permit"] },
      en("guidance.passedOnUrgent"),
    ],
    ["a standard case", {}, en("guidance.passedOn")],
    [
      "information, routed",
      {
        needs: ["information"],
        contact: { channel: "email", address: "a@b.c", leaveMessage: false },
      },
      en("guidance.information"),
    ],
    [
      "information without a way to reach the person",
      { needs: ["information"] },
      en("guidance.noContact"),
    ],
    [
      "no consent to share",
      { consent: { share: false, authorities: false, checkIns: false } },
      en("guidance.notShared"),
    ],
    [
      "an adult in danger without consent: the number, and nothing shared",
      { inDanger: "yes", consent: { share: false, authorities: false, checkIns: false } },
      `${en("guidance.emergency")} ${en("guidance.notShared")}`,
    ],
    [
      "a child in danger without consent (G0a)",
      {
        inDanger: "yes",
        minor: "yes",
        consent: { share: false, authorities: false, checkIns: false },
      },
      `${en("guidance.emergency")} ${en("guidance.override")}`,
    ],
  ])("%s", (_, changes, text) => {
    expect(guidance(changes).message).toBe(text);
  });

  it("carries the region's emergency number and hotlines, in the region's order and the report's language", () => {
    const { emergencyNumber, hotlines } = guidance({ locale: "pl" });
    expect(emergencyNumber).toBe("112");
    expect(hotlines.map((line) => line.phone)).toEqual(
      sampleRegion.emergency.hotlines.map((line) => line.phone),
    );
    expect(hotlines[0]).toEqual({
      name: "Telefon wsparcia (bezpłatny, anonimowy)",
      phone: "0900-0101",
      hours: "pon.-pt. 08:00-20:00",
    });
  });

  it.each<[string, ReportChanges, boolean]>([
    ["an adult in danger", { inDanger: "yes" }, true],
    ["a child in danger", { inDanger: "yes", minor: "yes" }, true],
    [
      "a child not in danger, though an emergency (E2)",
      { minor: "yes", exploitation: ["criminal"] },
      false,
    ],
    ["a standard case", {}, false],
  ])("leads with the emergency number or not: %s", (_, changes, callFirst) => {
    expect(guidance(changes).callFirst).toBe(callFirst);
  });

  // After Persian or Arabic letters the bidi algorithm splits "08:00-20:00" at its hyphen and
  // shows "20:00-08:00": each number of the region's texts is isolated left to right.
  it.each([
    ["fa", "دوشنبه تا جمعه \u206608:00-20:00\u2069", "\u20660900-0101\u2069"],
    ["ar", "الاثنين-الجمعة \u206608:00-20:00\u2069", "\u20660900-0101\u2069"],
    ["pl", "pon.-pt. 08:00-20:00", " 0900-0101 "],
  ])(
    "keeps the numbers of the region's texts left to right on the %s page",
    (locale, hours, phone) => {
      const { hotlines } = guidance({ locale });
      expect(hotlines[0]?.hours).toBe(hours);
      const report = aReport({ locale, needs: ["shelter"], municipality: "GM0193" });
      const shelter = tonight(report, decide(report, sampleRegion), sampleRegion);
      expect(shelter.join(" ")).toContain(phone);
    },
  );

  it("puts the youth line first for a child who is not in danger", () => {
    expect(guidance({ minor: "yes" }).hotlines[0]?.phone).toBe("0800-0432");
    expect(guidance({ minor: "yes", inDanger: "yes" }).hotlines[0]?.phone).toBe("0900-0101");
  });

  it("falls back to the region's first language for a text it did not write in the locale", () => {
    const region = parseRegion({
      ...structuredClone(sampleRegion),
      emergency: {
        number: "112",
        hotlines: [{ name: { nl: "Hulplijn" }, phone: "0900-0101", hours: "24/7" }],
      },
    });
    expect(hotlinesIn(region, "ro")[0]?.name).toBe("Hulplijn");
  });
});

describe("naming the organisation that gets in touch", () => {
  const phone = { channel: "phone" as const, address: "+48 600", leaveMessage: false };
  const nextIn = (region: typeof sampleRegion, changes: ReportChanges = { contact: phone }) => {
    const report = aReport({ locale: "en", ...changes });
    return guidanceFor(report, decide(report, region), region).next;
  };
  const naming = parseRegion({ ...structuredClone(sampleRegion), showOrganisationNames: true });

  it("names no organisation unless the region allows it", () => {
    expect(sampleRegion.showOrganisationNames).toBe(false);
    const names = sampleRegion.organisations.map((organisation) => organisation.name);
    expect(nextIn(sampleRegion).some((line) => names.some((name) => line.includes(name)))).toBe(
      false,
    );
    expect(nextIn(sampleRegion)).toContain(message("en", "next.who.care"));
  });

  it("names the lead organisation where the region allows it", () => {
    const report = aReport({ locale: "en", contact: phone });
    const lead = naming.organisations.find(
      (organisation) => organisation.id === decide(report, naming).routing.lead,
    );
    expect(lead).toBeDefined();
    expect(nextIn(naming)[0]).toBe(message("en", "next.who.named", { name: lead?.name ?? "" }));
  });

  it("still says where to read messages to a person who wants no contact", () => {
    expect(nextIn(naming, { minor: "yes" })[0]).toBe(message("en", "next.who.none"));
  });
});

describe("what happens next", () => {
  const NOW = Date.UTC(2026, 11, 7, 10); // Monday 7 December 2026
  const next = (changes: ReportChanges, locale = "en") => {
    const report = aReport({ locale, ...changes });
    return guidanceFor(report, decide(report, sampleRegion), sampleRegion, NOW);
  };
  const phone = { channel: "phone" as const, address: "+48 600", leaveMessage: false };

  it.each<[string, ReportChanges, string[]]>([
    [
      "a standard case reached by phone: who, how, by when, and when to come back",
      { contact: phone },
      [
        "next.who.care",
        "next.how.phone",
        "Someone will look at your message within 5 days.",
        "If nobody has been in touch by Monday, December 14, come back here with your code.",
      ],
    ],
    [
      "an emergency: minutes, and back the next day",
      { inDanger: "yes", contact: { ...phone, safeTimes: "evenings" } },
      [
        "next.who.care",
        "next.how.phone",
        "next.how.times",
        "Someone will look at your message within 30 minutes.",
        "If nobody has been in touch by Tuesday, December 8, come back here with your code.",
      ],
    ],
    [
      "a person who does not want contact: where to read messages",
      { minor: "yes" },
      [
        "next.who.none",
        "Someone will look at your message within 24 hours.",
        "If nobody has been in touch by Wednesday, December 9, come back here with your code.",
      ],
    ],
    [
      "a person who shared nothing: what they can still do",
      { consent: { share: false, authorities: false, checkIns: false } },
      ["next.notShared"],
    ],
    [
      "someone writing about another person",
      {
        reporter: "someone_else",
        consent: { share: false, authorities: false, checkIns: false },
      },
      ["next.notShared", "If the person you wrote about is in danger now, call 112."],
    ],
    [
      "a person still in it: not to tell them",
      {
        situation: "ongoing",
        consent: { share: false, authorities: false, checkIns: false },
      },
      ["next.notShared", "next.notTold"],
    ],
  ])("%s", (_, changes, expected) => {
    expect(next(changes).next).toEqual(
      expected.map((text) => (text.startsWith("next.") ? en(text as MessageKey) : text)),
    );
  });

  it("names the authorities when the person chose to share with them and one was chosen", () => {
    const found = next({
      needs: ["safety", "legal"],
      contact: phone,
      consent: { share: true, authorities: true, checkIns: false },
    });
    expect(found.next).toContain(en("next.who.authorities"));
  });

  it("gives the region's fallback for tonight when shelter is a gap in the municipality", () => {
    const found = next({ needs: ["shelter"], municipality: "GM0344", contact: phone }, "pl");
    expect(found.tonight).toEqual([expect.stringContaining("Nie masz gdzie spać tej nocy?")]);
    const covered = next({ needs: ["shelter"], municipality: "GM0363", contact: phone });
    expect(covered.tonight).toEqual([]);
  });

  it("gives the fallbacks of every need named to a person who shared nothing", () => {
    const found = next({
      needs: ["shelter", "medical"],
      consent: { share: false, authorities: false, checkIns: false },
    });
    expect(found.tonight).toHaveLength(2);
  });

  it.each(SUPPORTED_LOCALES)("is written in %s, plurals and dates included", (locale) => {
    const found = next({ inDanger: "yes", contact: phone }, locale);
    expect(found.next.join(" ")).not.toMatch(/\{|\}|#/);
    expect(found.next.join(" ")).toContain("30");
  });

  // Persian would write "۲۰ آذر" (Persian digits, Solar Hijri); the texts write Western
  // digits and the region's dates are Gregorian: Monday 14 December here.
  it.each(SUPPORTED_LOCALES)(
    "dates the come-back day in %s with Western digits, Gregorian",
    (locale) => {
      const comeBack = next({ contact: phone }, locale).next.at(-1) ?? "";
      expect(comeBack).toMatch(/(?<!\d)14(?!\d)/);
      expect(comeBack).not.toMatch(/[\u0660-\u0669\u06F0-\u06F9]/);
    },
  );

  it.each(SUPPORTED_LOCALES.filter((locale) => locale !== "en"))(
    "is written in the report's locale (%s)",
    (locale) => {
      const text = guidance({ locale, inDanger: "yes" }).message;
      expect(text).toContain("112");
      expect(text).not.toContain(CATALOGS.en["guidance.passedOnUrgent"]);
    },
  );
});
