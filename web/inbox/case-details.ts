/**
 * What the inbox shows of a case, apart from its sealed parts: the summary (state, outcome,
 * marks), the triage, what the person told about their situation, who else has the case, and
 * when this organisation wrote to the person; or, of a withdrawn case, only that it was.
 */
import type { CaseView, WithdrawnView } from "../../domain/case-views.ts";
import { type AnyView, isWithdrawn } from "./api-client.ts";
import { byId, el } from "./page-elements.ts";
import { data, languageName, MONTH_MS, say, when } from "./page-texts.ts";
import { session } from "./session.ts";

export function detail(list: HTMLDListElement, term: string, ...value: (Node | string)[]): void {
  list.append(el("dt", { text: term }), el("dd", {}, ...value));
}

function labels(prefix: string, values: readonly string[]): string {
  return values.length === 0
    ? say("case.none")
    : values.map((value) => say(`${prefix}.${value}`)).join(", ");
}

function section(id: string, title: string, ...content: Node[]): HTMLElement {
  return el(
    "section",
    { attrs: { "aria-labelledby": id } },
    el("h2", { text: title, attrs: { id } }),
    ...content,
  );
}

const yesNo = (yes: boolean) => say(yes ? "page.yes" : "page.no");

/** The case's id, when it came, and how urgent: the head of every case's summary. */
function summaryHead(view: AnyView, urgency: Node | string): HTMLDListElement {
  const summary = el("dl", { className: "details" });
  detail(
    summary,
    say("case.id"),
    // A case id reads left to right in an Arabic page too.
    el("span", { className: "case-id", text: view.caseId, attrs: { translate: "no", dir: "ltr" } }),
  );
  detail(summary, say("case.received"), when(view.receivedAt));
  detail(summary, say("case.urgency"), urgency);
  return summary;
}

function renderWithdrawn(view: WithdrawnView): void {
  const summary = summaryHead(view, say(`urgencies.${view.urgency}`));
  detail(summary, say("case.state"), say(`states.${view.assignment.state}`));
  byId("case-details").replaceChildren(summary);
  const notice = byId("withdrawn-notice");
  notice.textContent = say(
    view.withdrawn.kind === "delete" ? "case.withdrawnDelete" : "case.withdrawnConsent",
    { date: when(view.withdrawn.at) },
  );
  notice.hidden = false;
  byId("case-content").hidden = true;
}

/** What a closed case's check-ins may tell the organisation: which is due, which answered. */
function checkInsText(checkIns: NonNullable<CaseView["checkIns"]>): string {
  const lines = checkIns.answered.map((entry) =>
    say(entry.followUp ? "case.checkInFollowUp" : "case.checkInAnswered", {
      month: entry.month,
      date: when(entry.answeredAt),
    }),
  );
  if (checkIns.due !== null) lines.unshift(say("case.checkInDue", { month: checkIns.due }));
  return lines.join(" ") || say("case.none");
}

function summaryList(view: CaseView): HTMLDListElement {
  const summary = summaryHead(
    view,
    el("span", {
      className: `urgency urgency-${view.urgency}`,
      text: say(`urgencies.${view.urgency}`),
    }),
  );
  const state = el("dd");
  const { assignment } = view;
  state.append(el("strong", { text: say(`states.${assignment.state}`) }));
  if (assignment.claimedBy)
    state.append(
      el("br"),
      say("case.claimedBy", { name: assignment.claimedBy, date: when(assignment.claimedAt ?? 0) }),
    );
  summary.append(el("dt", { text: say("case.state") }), state);
  if (assignment.outcome)
    detail(summary, say("case.outcome"), say(`outcomes.${assignment.outcome}`));
  if (assignment.declineReason)
    detail(summary, say("case.declineReason"), say(`declineReasons.${assignment.declineReason}`));
  const marks = [
    view.overdue ? say("list.overdue") : "",
    view.escalated ? say("list.escalated") : "",
    view.test ? say("case.test") : "",
    view.unproven ? say("case.unproven") : "",
  ].filter(Boolean);
  if (marks.length > 0) detail(summary, say("case.marks"), marks.join("; "));
  return summary;
}

/**
 * The rules that applied, in words, each with its id in small print: the id is how the policy
 * (docs/triage-policy.md) names it, so a caseworker who wants the exact condition can find it.
 */
function ruleWords(reasons: readonly string[]): Node | string {
  if (reasons.length === 0) return say("case.none");
  return el(
    "ul",
    { className: "plain rules" },
    ...reasons.map((id) =>
      el(
        "li",
        {},
        `${say(`rules.${id}`)} `,
        el("small", { className: "rule-id", text: id, attrs: { translate: "no", dir: "ltr" } }),
      ),
    ),
  );
}

/** Each need nobody covers in the case's municipality, with what the region offers instead. */
function gapList(gaps: CaseView["routing"]["gaps"]): Node | string {
  if (gaps.length === 0) return say("case.none");
  return el(
    "ul",
    { className: "plain gaps" },
    ...gaps.map(({ need }) => {
      const fallback = data.fallbacks[need];
      return el(
        "li",
        {},
        el("strong", { text: say(`needs.${need}`) }),
        el("br"),
        fallback ? say("case.fallback", { text: fallback }) : say("case.noFallback"),
      );
    }),
  );
}

function triageList(view: CaseView): HTMLDListElement {
  const triage = el("dl", { className: "details" });
  detail(triage, say("case.needs"), labels("needs", view.triage.needs));
  detail(triage, say("case.reasons"), ruleWords(view.triage.reasons));
  detail(triage, say("case.gaps"), gapList(view.routing.gaps));
  detail(triage, say("case.multiProblem"), yesNo(view.triage.multiProblem));
  detail(triage, say("case.repeatRisk"), yesNo(view.triage.repeatRisk));
  return triage;
}

function reportedBeforeText(before: CaseView["reportedBefore"]): string {
  if (!before) return say("case.reportedBeforeNo");
  return say("case.reportedBeforeTimes", {
    times: before.times,
    months: Math.max(0, Math.floor((Date.now() - before.firstAt) / MONTH_MS)),
    date: when(before.firstAt),
    organisations:
      before.organisations
        .map((id) => session?.directory.find((organisation) => organisation.id === id)?.name ?? id)
        .join(", ") || say("case.none"),
  });
}

function aboutList(view: CaseView): HTMLDListElement {
  const about = el("dl", { className: "details" });
  detail(
    about,
    say("case.municipality"),
    view.municipality === "unknown"
      ? say("case.municipalityUnknown")
      : (data.municipalities[view.municipality] ?? view.municipality),
  );
  detail(
    about,
    say("case.languages"),
    view.contactLanguages.map(languageName).join(", ") || say("case.none"),
  );
  detail(about, say("case.situation"), say(`situations.${view.situation}`));
  detail(about, say("case.circumstances"), labels("circumstances", view.circumstances));
  detail(about, say("case.reportedBefore"), reportedBeforeText(view.reportedBefore));
  if (view.checkIns) detail(about, say("case.checkIns"), checkInsText(view.checkIns));
  return about;
}

/** Who else has the case, and how far they are; first, whether this organisation leads it. */
function othersOnCase(view: CaseView): Node[] {
  const others = el("ul", { className: "plain" });
  for (const other of view.others) {
    others.append(
      el("li", {
        text: `${other.name}: ${say(`states.${other.state}`)}${other.lead ? ` (${say("case.lead")})` : ""}`,
      }),
    );
  }
  if (view.others.length === 0) others.append(el("li", { text: say("case.none") }));
  const onCase = [others] as Node[];
  if (session && view.routing.lead === session.me.organisation)
    onCase.unshift(el("p", { className: "note", text: say("case.youLead") }));
  return onCase;
}

export function renderDetails(view: AnyView): void {
  byId("case-title").textContent = say("case.title", { date: when(view.receivedAt) });
  if (isWithdrawn(view)) {
    renderWithdrawn(view);
    return;
  }
  byId("withdrawn-notice").hidden = true;
  byId("case-content").hidden = false;

  byId("case-details").replaceChildren(
    summaryList(view),
    section("details-triage", say("case.triage"), triageList(view)),
    section("details-about", say("case.about"), aboutList(view)),
    section("details-others", say("case.others"), ...othersOnCase(view)),
  );

  byId("phone-warning").hidden = !view.circumstances.includes("phone_monitored");
}
