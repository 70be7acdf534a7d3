import { describe, expect, it } from "vitest";
import { contactWithoutSharing, formFieldsToReport } from "../../domain/form-post.ts";
import { parseReport } from "../../domain/report.ts";
import { refusalOf } from "../helpers/invalid-input.ts";
import { sampleRegion } from "../helpers/region-factory.ts";
import { aWorkerWhoLostEverything } from "../helpers/report-factory.ts";

const pairs = (text: string) => [...new URLSearchParams(text)] as [string, string][];

describe("a form post without JavaScript", () => {
  it("becomes the JSON report it stands for (contract 2b)", () => {
    const form = [
      "version=1&locale=pl&reporter=self&inDanger=no&minor=no&situation=left_no_contact",
      "exploitation=labour&sector=agriculture&lost=job&lost=housing&lost=residence_permit",
      "previouslyExploited=no&municipality=GM0344&contactLanguages=pl",
      "contact.channel=phone&contact.address=%2B48+600+000+000&contact.safeTimes=",
      "consent.share=on&narrative=&previousReceipt=&proof=",
    ].join("&");
    const report = parseReport(formFieldsToReport(pairs(form)), sampleRegion, "form");
    expect(report).toEqual(aWorkerWhoLostEverything());
  });

  it("reads a ticked checkbox as true and a missing one as false", () => {
    const report = formFieldsToReport(pairs("consent.authorities=on&contact.leaveMessage=yes"));
    expect(report.consent).toEqual({ authorities: true, checkIns: false });
    expect((report.contact as Record<string, unknown>).leaveMessage).toBe(true);
  });

  it.each([
    ["consent.share=yes", true],
    ["consent.share=on", true],
    ["consent.share=no", false],
  ])("reads the sharing question's answer %s as %s", (form, share) => {
    expect((formFieldsToReport(pairs(form)).consent as { share: boolean }).share).toBe(share);
  });

  it.each(["situation", "previouslyExploited"])(
    "sends an unanswered %s as unsure, and an answered one as answered",
    (name) => {
      expect(formFieldsToReport([])[name]).toBe("unsure");
      expect(formFieldsToReport([[name, ""]])[name]).toBe("unsure");
      expect(formFieldsToReport([[name, "yes"]])[name]).toBe("yes");
    },
  );

  it("leaves an unanswered sharing question out, for the schema to ask for it", () => {
    const form = pairs(
      "version=1&locale=pl&reporter=self&inDanger=no&minor=no&situation=unsure&exploitation=labour&previouslyExploited=no&municipality=GM0344&contactLanguages=pl&contact.channel=none",
    );
    const refusal = refusalOf(() => parseReport(formFieldsToReport(form), sampleRegion, "form"));
    expect(refusal.fields.map((field) => field.path)).toEqual(["consent.share"]);
  });

  it.each([
    [
      "share",
      "contact.channel=phone&contact.address=%2B48+600&consent.share=no&resolve=share",
      { channel: "phone", address: "+48 600", share: true },
    ],
    [
      "no_contact",
      "contact.channel=phone&contact.address=%2B48+600&contact.safeTimes=evenings&consent.share=no&resolve=no_contact",
      { channel: "none", address: undefined, share: false },
    ],
  ])("settles contradicting answers with the button %s", (_, form, expected) => {
    const report = formFieldsToReport(pairs(form)) as {
      contact: { channel: string; address?: string; safeTimes?: string };
      consent: { share: boolean };
    };
    expect(report.contact.channel).toBe(expected.channel);
    expect(report.contact.address).toBe(expected.address);
    expect(report.consent.share).toBe(expected.share);
    expect("resolve" in report).toBe(false);
    expect(contactWithoutSharing(report)).toBe(false);
  });

  it.each([
    ["phone", false, true],
    ["phone", true, false],
    ["none", false, false],
    ["trusted_person", false, true],
  ])(
    "finds a way to reach the person (%s) with sharing %s contradicting: %s",
    (channel, share, found) => {
      expect(contactWithoutSharing({ contact: { channel }, consent: { share } })).toBe(found);
    },
  );

  it("makes absent lists empty, and leaves absent circumstances out", () => {
    const report = formFieldsToReport([]);
    expect(report).toMatchObject({
      indicators: [],
      lost: [],
      needs: [],
      exploitation: [],
      contactLanguages: [],
    });
    expect("circumstances" in report).toBe(false);
  });

  it("keeps a repeated single answer as a list, for the schema to refuse", () => {
    expect(formFieldsToReport(pairs("inDanger=yes&inDanger=no")).inDanger).toEqual(["yes", "no"]);
  });

  it.each([
    "__proto__",
    "__proto__.polluted",
    "constructor.prototype.polluted",
    "contact.__proto__",
  ])("never reaches a prototype through a field named %s", (name) => {
    const report = formFieldsToReport([[name, "yes"]]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(report)).toBe(Object.prototype);
    const problems = (() => {
      try {
        parseReport(report, sampleRegion, "form");
        return [];
      } catch (error) {
        return (error as { fields: { path: string }[] }).fields.map((field) => field.path);
      }
    })();
    expect(problems).toContain(
      name
        .split(".")
        .slice(0, name.startsWith("contact") ? 2 : 1)
        .join("."),
    );
  });

  const unanswered = {
    indicators: [],
    lost: [],
    needs: [],
    exploitation: [],
    contactLanguages: [],
    contact: { leaveMessage: false },
    consent: { authorities: false, checkIns: false },
    situation: "unsure",
    previouslyExploited: "unsure",
  };

  it.each<[string, string, Record<string, unknown>]>([
    ["nothing", "", {}],
    ["an empty text box, left out", "narrative=&contact.address=", {}],
    ["the version, as a number", "version=1", { version: 1 }],
    ["a text", "narrative=help", { narrative: "help" }],
    [
      "a list without its empty members",
      "lost=job&lost=&lost=housing",
      { lost: ["job", "housing"] },
    ],
    ["circumstances", "circumstances=&circumstances=debt", { circumstances: ["debt"] }],
    ["a nested text", "contact.address=x", { contact: { leaveMessage: false, address: "x" } }],
    [
      "a flag with an empty value, as ticked",
      "consent.checkIns=",
      { consent: { authorities: false, checkIns: true } },
    ],
    [
      "sharing answered false",
      "consent.share=false",
      { consent: { authorities: false, checkIns: false, share: false } },
    ],
    [
      "sharing answered twice, as a list for the schema to refuse",
      "consent.share=yes&consent.share=no",
      { consent: { authorities: false, checkIns: false, share: ["yes", "no"] } },
    ],
  ])("reads %s", (_, form, answered) => {
    expect(formFieldsToReport(pairs(form))).toEqual({ ...unanswered, ...answered });
  });
});
