/**
 * One line of the list, a button that opens the case: how urgent, the organisation's state, the
 * short id and how long ago it came; its markers in words (never colour alone); what the person
 * needs, the languages to contact them in and the municipality; who of the team claimed it and
 * the other organisations with their states.
 */
import type { CaseSummary } from "../../domain/case-views.ts";
import { type Mark, relativeTime, shortId } from "./list-logic.ts";
import { el } from "./page-elements.ts";
import { data, languageName, say, when } from "./page-texts.ts";
import { session } from "./session.ts";

const MARK_KEYS: Record<Mark, string> = { new: "list.markNew", changed: "list.markChanged" };

/** The markers of a row, in the order a caseworker acts on them. */
function markerKeys(summary: CaseSummary): string[] {
  return (
    [
      [summary.newReply, "list.newReply"],
      [summary.fromOthers, "list.fromOthers"],
      [summary.overdue, "list.overdue"],
      [summary.escalated, "list.escalated"],
      [summary.checkIn === "due", "list.checkInDue"],
      [summary.checkIn === "answered", "list.checkInAnswered"],
    ] as const
  ).flatMap(([on, key]) => (on ? [key] : []));
}

/** "received 3 hours ago", the exact date and time as its title; kept current by `retime`. */
function receivedAgo(receivedAt: number, now: number): HTMLTimeElement {
  return el("time", {
    className: "received",
    text: say("list.receivedAgo", { ago: relativeTime(receivedAt, now, data.locale) }),
    attrs: {
      datetime: new Date(receivedAt).toISOString(),
      title: when(receivedAt),
      "data-at": String(receivedAt),
    },
  });
}

/** Brings every "received … ago" of the list up to now, touching only the texts that moved. */
export function retime(list: HTMLElement, now: number): void {
  for (const time of list.querySelectorAll<HTMLTimeElement>("time[data-at]")) {
    const text = say("list.receivedAgo", {
      ago: relativeTime(Number(time.dataset.at), now, data.locale),
    });
    if (time.textContent !== text) time.textContent = text;
  }
}

function municipalityName(code: string): string {
  return code === "unknown" ? say("case.municipalityUnknown") : (data.municipalities[code] ?? code);
}

/** What the person asked for, in words; nothing of it once the person withdrew the case. */
function aboutThePerson(summary: CaseSummary): string[] {
  if (summary.municipality === null) return [];
  return [
    say("list.needs", {
      needs: summary.needs.map((need) => say(`needs.${need}`)).join(", ") || say("case.none"),
    }),
    say("list.languages", {
      languages: summary.contactLanguages.map(languageName).join(", ") || say("case.none"),
    }),
    say("list.municipality", { name: municipalityName(summary.municipality) }),
  ];
}

/** Who of the team claimed it, and who else is on the case and how far they are. */
function whoIsOnIt(summary: CaseSummary): string[] {
  const claimed = summary.claimedBy
    ? summary.claimedBy === session?.me.name
      ? say("list.claimedByYou")
      : say("list.claimedBy", { name: summary.claimedBy })
    : summary.live
      ? say("list.unclaimed")
      : "";
  const others =
    summary.others.length === 0
      ? say("list.othersNone")
      : say("list.others", {
          others: summary.others
            .map(
              (other) =>
                `${other.lead ? `${other.name} (${say("case.lead")})` : other.name}: ${say(`states.${other.state}`)}`,
            )
            .join("; "),
        });
  return [claimed, others].filter(Boolean);
}

const line = (className: string, ...parts: (Node | string)[]) =>
  el("span", { className: `row-line ${className}` }, ...parts);

function joined(texts: string[]): string {
  return texts.join(" · ");
}

/** The row of a case, with its "new" or "changed" mark since the caseworker last looked. */
export function caseRow(summary: CaseSummary, mark: Mark | undefined, now: number): HTMLLIElement {
  const marks = markerKeys(summary).map((key) => el("span", { className: "mark", text: say(key) }));
  if (mark) marks.unshift(el("span", { className: "mark mark-news", text: say(MARK_KEYS[mark]) }));
  if (summary.outcome)
    marks.push(el("span", { className: "outcome", text: say(`outcomes.${summary.outcome}`) }));
  const about = aboutThePerson(summary);
  const open = el(
    "button",
    { className: "case-open", attrs: { type: "button", "data-case": summary.caseId } },
    line(
      "row-head",
      el("span", {
        className: `urgency urgency-${summary.urgency}`,
        text: say(`urgencies.${summary.urgency}`),
      }),
      " ",
      el("span", { className: "state", text: say(`states.${summary.state}`) }),
      " ",
      el("span", {
        className: "short-id",
        // Isolated left to right, so that the id reads the same in an Arabic line.
        text: say("list.shortId", { id: `\u2066${shortId(summary.caseId)}\u2069` }),
        attrs: { translate: "no" },
      }),
      " ",
      receivedAgo(summary.receivedAt, now),
    ),
    ...(marks.length > 0 ? [line("row-marks", ...marks.flatMap((mark) => [mark, " "]))] : []),
    ...(about.length > 0 ? [line("row-about", joined(about))] : []),
    line("row-team", joined(whoIsOnIt(summary))),
  );
  return el(
    "li",
    {
      className: `case-item urgency-${summary.urgency}`,
      attrs: mark ? { "data-mark": mark } : {},
    },
    open,
  );
}
