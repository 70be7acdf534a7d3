/**
 * The guidance of the 201 answer (contract, section 3): what the person should do now and what
 * happens next, in the report's locale. An emergency leads with the region's emergency number;
 * a child who is not in danger now is told first that they are not in trouble, with the youth
 * line. Then, for every decision: who will get in touch (the kind of organisation), how (the
 * channel the person chose), by when (the region's escalation times), the date after which to
 * come back with the code, and what to do tonight for a need nobody covers. It never promises
 * contact the person did not ask for and never names what the report is about (a phone may be
 * checked).
 */
import type { MessageKey } from "./catalogs.ts";
import type { Decision } from "./decision.ts";
import { formattingLocale, message, numbersLeftToRight } from "./messages.ts";
import type { Region } from "./region.ts";
import { inLocale, type LocalizedText } from "./region-texts.ts";
import type { Report } from "./report.ts";
import type { Need, Urgency } from "./vocabulary.ts";

export interface Hotline {
  name: string;
  phone: string;
  hours: string;
}

export interface Guidance {
  emergencyNumber: string;
  /**
   * lead the answer with "call the emergency number now": an emergency, except for a child who
   * is not in danger now (told first that they are not in trouble, with the youth line)
   */
  callFirst: boolean;
  /** the region's lines in its order, in the locale; the youth line first for a child */
  hotlines: Hotline[];
  /** what happened to the message */
  message: string;
  /** what happens next, sentence by sentence */
  next: string[];
  /** what to do tonight for each need nobody covers (the region's words) */
  tonight: string[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * What "what happens next" reads of a report. The status page rebuilds it from a case, which
 * keeps no more than this in clear (no safe times, the needs as triage found them).
 */
export type NextInput = Pick<Report, "locale" | "reporter" | "situation"> & {
  contact: Pick<Report["contact"], "channel" | "safeTimes">;
  needs: readonly Need[];
};

/** The region's hotlines in a locale; `youthFirst` puts the lines for minors at the top. */
export function hotlinesIn(region: Region, locale: string, youthFirst = false): Hotline[] {
  const lines = youthFirst
    ? [
        ...region.emergency.hotlines.filter((line) => line.audience === "minors"),
        ...region.emergency.hotlines.filter((line) => line.audience !== "minors"),
      ]
    : region.emergency.hotlines;
  return lines.map((line) => ({
    name: regionText(line.name, locale, region),
    phone: line.phone,
    hours: regionText(line.hours, locale, region),
  }));
}

/** A text of the region in a locale, its numbers kept left to right on a right-to-left page. */
const regionText = (value: LocalizedText, locale: string, region: Region) =>
  numbersLeftToRight(locale, inLocale(value, locale, region.locales));

/** A child not in danger now: reassured first, the youth line before the emergency number. */
export const childNotInDanger = (report: Pick<Report, "minor" | "inDanger">) =>
  report.minor !== "no" && report.inDanger !== "yes";

/** By when someone looks at the case, and the day after which to come back with the code. */
function timing(urgency: Urgency, region: Region, locale: string): { when: string; days: number } {
  const { emergencyUnclaimedMinutes, highUnclaimedHours, standardContactDays } = region.escalation;
  if (urgency === "emergency")
    return {
      when: message(locale, "next.when.emergency", { minutes: String(emergencyUnclaimedMinutes) }),
      days: 1,
    };
  if (urgency === "high")
    return {
      when: message(locale, "next.when.high", { hours: String(highUnclaimedHours) }),
      days: Math.max(1, Math.ceil((2 * highUnclaimedHours) / 24)),
    };
  return {
    when: message(locale, "next.when.standard", { days: String(standardContactDays) }),
    days: standardContactDays + 2,
  };
}

/** A date as the person reads it: "Tuesday 8 December" in their language. */
function dateIn(locale: string, time: number): string {
  return new Intl.DateTimeFormat(formattingLocale(locale), {
    weekday: "long",
    day: "numeric",
    month: "long",
    timeZone: "UTC",
  }).format(new Date(time));
}

function whatHappened(report: Report, decision: Decision, region: Region): string[] {
  const { urgency } = decision.triage;
  const { organisations, consentOverride } = decision.routing;
  const locale = report.locale;
  const sentences: string[] = [];
  if (childNotInDanger(report)) sentences.push(message(locale, "guidance.minor"));
  else if (urgency === "emergency")
    sentences.push(message(locale, "guidance.emergency", { number: region.emergency.number }));
  if (consentOverride) sentences.push(message(locale, "guidance.override"));
  else if (organisations.length === 0) {
    sentences.push(
      message(locale, report.consent.share ? "guidance.noContact" : "guidance.notShared"),
    );
  } else if (urgency === "information") sentences.push(message(locale, "guidance.information"));
  else if (urgency === "standard") sentences.push(message(locale, "guidance.passedOn"));
  else sentences.push(message(locale, "guidance.passedOnUrgent"));
  return sentences;
}

/**
 * Who gets in touch: the kind of organisation, or, where the region allows names, the lead
 * organisation by name.
 */
function whoGetsInTouch(
  decision: Decision,
  region: Region,
  channel: NextInput["contact"]["channel"],
  say: (key: MessageKey, values?: Record<string, string>) => string,
): string {
  if (channel === "none") return say("next.who.none");
  const lead = region.organisations.find((o) => o.id === decision.routing.lead);
  return region.showOrganisationNames && lead
    ? say("next.who.named", { name: lead.name })
    : say("next.who.care");
}

/** Who will get in touch, how, by when, and the day to come back, counted from `since`. */
export function whatNext(
  report: NextInput,
  decision: Decision,
  region: Region,
  since: number,
): string[] {
  const locale = report.locale;
  const say = (key: MessageKey, values?: Record<string, string>) => message(locale, key, values);
  const { organisations, consentOverride } = decision.routing;
  const next: string[] = [];
  if (organisations.length > 0 && !consentOverride) {
    const channel = report.contact.channel;
    next.push(whoGetsInTouch(decision, region, channel, say));
    const authorities = region.organisations.some(
      (organisation) =>
        organisation.kind === "authority" && organisations.includes(organisation.id),
    );
    if (authorities) next.push(say("next.who.authorities"));
    if (channel !== "none") {
      next.push(say(`next.how.${channel}`));
      if (report.contact.safeTimes) next.push(say("next.how.times"));
    }
    const { when, days } = timing(decision.triage.urgency, region, locale);
    next.push(when, say("next.comeBack", { date: dateIn(locale, since + days * DAY_MS) }));
  } else if (!consentOverride) next.push(say("next.notShared"));
  if (report.reporter === "someone_else")
    next.push(say("next.someoneElse", { number: region.emergency.number }));
  else if (report.situation === "ongoing" || report.situation === "left_in_contact")
    next.push(say("next.notTold"));
  return next;
}

/**
 * The region's fallback for each need nobody covers in the person's municipality; for a
 * message that reached nobody, for each need the person named.
 */
export function tonight(report: NextInput, decision: Decision, region: Region): string[] {
  const reached = decision.routing.organisations.length > 0;
  const needs = reached
    ? decision.routing.gaps.map((gap) => gap.need)
    : [...new Set([...report.needs, ...decision.triage.needs])];
  return needs.flatMap((need) => {
    const fallback = region.fallbacks[need];
    return fallback ? [regionText(fallback, report.locale, region)] : [];
  });
}

export function guidanceFor(
  report: Report,
  decision: Decision,
  region: Region,
  now = Date.now(),
): Guidance {
  return {
    emergencyNumber: region.emergency.number,
    callFirst: decision.triage.urgency === "emergency" && !childNotInDanger(report),
    hotlines: hotlinesIn(region, report.locale, childNotInDanger(report)),
    message: whatHappened(report, decision, region).join(" "),
    next: whatNext(report, decision, region, now),
    tonight: tonight(report, decision, region),
  };
}
