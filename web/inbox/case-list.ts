/**
 * The organisation's cases, one line each (urgency, state, when it came, its marks), filtered
 * by state or to those out of the inbox; choosing a line opens the case (the opener is handed
 * in by the entry, web/inbox/inbox.ts, so that the list and the case need not import each other).
 */
import type { CaseSummary } from "../../domain/case-views.ts";
import { wireKeyboard } from "./keyboard.ts";
import { announce, busy, byId, clearProblems, el, focusOn, submitterOf } from "./page-elements.ts";
import { say, when } from "./page-texts.ts";
import { api, CASE_PARTS, report, setOpened, showView } from "./session.ts";

/** Opens a case from its line, the line's button marked busy meanwhile. */
export type CaseOpener = (caseId: string, button: HTMLButtonElement) => Promise<void>;

let openCase: CaseOpener = async () => undefined;

const caseList = byId("cases");
const caseCount = byId("case-count");
export const listProblem = byId("list-problem");

function summaryItem(summary: CaseSummary): HTMLLIElement {
  const open = el(
    "button",
    { className: "case-open", attrs: { type: "button", "data-case": summary.caseId } },
    el("span", {
      className: `urgency urgency-${summary.urgency}`,
      text: say(`urgencies.${summary.urgency}`),
    }),
    " ",
    el("span", { className: "state", text: say(`states.${summary.state}`) }),
    " ",
    el("span", {
      className: "received",
      text: say("list.received", { date: when(summary.receivedAt) }),
    }),
  );
  for (const [flag, key] of [
    [summary.overdue, "list.overdue"],
    [summary.escalated, "list.escalated"],
    [summary.checkIn === "due", "list.checkInDue"],
    [summary.checkIn === "answered", "list.checkInAnswered"],
  ] as const)
    if (flag) open.append(" ", el("span", { className: "mark", text: say(key) }));
  if (summary.outcome)
    open.append(
      " ",
      el("span", { className: "outcome", text: say(`outcomes.${summary.outcome}`) }),
    );
  open.addEventListener("click", () => void openCase(summary.caseId, open));
  return el("li", { className: `case-item urgency-${summary.urgency}` }, open);
}

async function loadList(): Promise<void> {
  const state = byId<HTMLSelectElement>("state-filter").value;
  announce(say("list.loading"));
  const query = state === "hidden" ? "hidden=true" : state && `state=${encodeURIComponent(state)}`;
  const { cases } = await api<{ cases: CaseSummary[] }>(
    "GET",
    `org/cases${query ? `?${query}` : ""}`,
  );
  caseList.replaceChildren(...cases.map(summaryItem));
  if (cases.length === 0)
    caseList.append(el("li", { className: "empty", text: say("list.empty") }));
  caseCount.textContent = say("list.count", { count: cases.length });
  announce(caseCount.textContent);
}

/** Leaves any case (forgetting what was opened of it) for the list, read again. */
export async function showList(): Promise<void> {
  setOpened(null);
  for (const id of CASE_PARTS) byId(id).replaceChildren();
  byId<HTMLTextAreaElement>("message-text").value = "";
  clearProblems();
  showView("list");
  focusOn(byId("list-title"));
  try {
    await loadList();
  } catch (error) {
    report(error, listProblem);
  }
}

export function wireCaseList(opener: CaseOpener): void {
  openCase = opener;
  byId<HTMLFormElement>("filter-form").addEventListener("submit", (event) => {
    event.preventDefault();
    clearProblems();
    void busy(submitterOf(event.currentTarget as HTMLFormElement), () =>
      loadList().catch((error) => report(error, listProblem)),
    );
  });
  byId("back").addEventListener("click", () => void showList());
  wireKeyboard();
}
