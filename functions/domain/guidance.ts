/**
 * The guidance of the 201 answer (contract, section 3): what the person should do now, in the
 * report's locale. An emergency leads with the region's emergency number; the rest says
 * honestly what happened to the report, without promising contact the person did not ask for
 * and without naming what the report is about (a phone may be checked).
 */
import { message } from "./catalogs.ts";
import type { Decision } from "./decision.ts";
import type { Region } from "./region.ts";
import type { Report } from "./report.ts";

export interface Guidance {
  emergencyNumber: string;
  hotlines: Region["emergency"]["hotlines"];
  message: string;
}

export function guidanceFor(report: Report, decision: Decision, region: Region): Guidance {
  const { urgency } = decision.triage;
  const { organisations, consentOverride } = decision.routing;
  const locale = report.locale;
  const sentences: string[] = [];

  if (urgency === "emergency") {
    sentences.push(message(locale, "guidance.emergency", { number: region.emergency.number }));
  }
  if (consentOverride) sentences.push(message(locale, "guidance.override"));
  else if (organisations.length === 0) {
    sentences.push(
      message(locale, report.consent.share ? "guidance.noContact" : "guidance.notShared"),
    );
  } else if (urgency === "information") sentences.push(message(locale, "guidance.information"));
  else if (urgency === "standard") sentences.push(message(locale, "guidance.passedOn"));
  else sentences.push(message(locale, "guidance.passedOnUrgent"));

  return {
    emergencyNumber: region.emergency.number,
    hotlines: region.emergency.hotlines,
    message: sentences.join(" "),
  };
}
