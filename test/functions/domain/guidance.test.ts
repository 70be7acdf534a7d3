import { describe, expect, it } from "vitest";
import { CATALOGS, message } from "../../../functions/domain/catalogs.ts";
import { guidanceFor } from "../../../functions/domain/guidance.ts";
import { decide } from "../../../functions/domain/route.ts";
import { SUPPORTED_LOCALES } from "../../../functions/domain/vocabulary.ts";
import { sampleRegion } from "../../helpers/region-factory.ts";
import { aReport, type ReportChanges } from "../../helpers/report-factory.ts";

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
    ["a high case", { minor: "yes" }, en("guidance.passedOnUrgent")],
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

  it("carries the region's emergency number and hotlines", () => {
    expect(guidance({})).toMatchObject({
      emergencyNumber: "112",
      hotlines: sampleRegion.emergency.hotlines,
    });
  });

  it.each(SUPPORTED_LOCALES.filter((locale) => locale !== "en"))(
    "is written in the report's locale (%s)",
    (locale) => {
      const text = guidance({ locale, inDanger: "yes" }).message;
      expect(text).toContain("112");
      expect(text).not.toContain(CATALOGS.en["guidance.passedOnUrgent"]);
    },
  );
});
