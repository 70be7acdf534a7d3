/**
 * The organisation's cases: the ones to work on apart from those closed, declined or withdrawn,
 * one line each (web/inbox/case-row.ts), narrowed by the filters (sent to the API) and by a
 * search for a short id (in the page). The list asks again by itself while it is on screen
 * (list-poll.ts), marks the rows new or changed since the caseworker last looked, and says so
 * politely, without moving the focus. Choosing a line opens the case (the opener is handed in
 * by the entry, web/inbox/inbox.ts, so that the list and the case need not import each other).
 *
 * What the list remembers (the previous list, its tag, the marks) lives in this script's memory
 * alone, never in the browser's storage, and is forgotten when the inbox locks.
 */
import type { CaseSummary } from "../../domain/case-views.ts";
import { ApiProblem, callIfChanged } from "./api-client.ts";
import { caseRow, retime } from "./case-row.ts";
import { wireKeyboard } from "./keyboard.ts";
import {
  compareLists,
  type ListFilters,
  type ListMemory,
  listQuery,
  type Mark,
  matchesSearch,
  splitLive,
} from "./list-logic.ts";
import { wirePolling } from "./list-poll.ts";
import { announce, busy, byId, clearProblems, el, focusOn, submitterOf } from "./page-elements.ts";
import { say } from "./page-texts.ts";
import { CASE_PARTS, inSession, report, setOpened, showView } from "./session.ts";

/** Opens a case from its line, the line's button marked busy meanwhile. */
export type CaseOpener = (caseId: string, button: HTMLButtonElement) => Promise<void>;

let openCase: CaseOpener = async () => undefined;

const caseList = byId("cases");
const caseCount = byId("case-count");
export const listProblem = byId("list-problem");
const filterForm = byId<HTMLFormElement>("filter-form");
const search = byId<HTMLInputElement>("case-search");
const FILTERS: Record<keyof ListFilters, string> = {
  state: "state-filter",
  urgency: "urgency-filter",
  need: "need-filter",
  claimed: "claimed-filter",
};
const filterField = (name: keyof ListFilters) => byId<HTMLSelectElement>(FILTERS[name]);

let rows: CaseSummary[] = [];
let memory: ListMemory | null = null;
/** the tag of the last list read, and of which query: sent back in `If-None-Match` */
let lastTag: { query: string; tag: string } | null = null;
/** the cases opened since the list was last read: what changed on them the caseworker saw */
const looked = new Set<string>();
/** each read's number: an answer to a read since overtaken by another is dropped */
let reads = 0;
/** the query of the filters last applied: the clock asks for it, not for a filter only chosen */
let applied = "";

function filters(): ListFilters {
  return {
    state: filterField("state").value,
    urgency: filterField("urgency").value,
    need: filterField("need").value,
    claimed: filterField("claimed").value,
  };
}

/** Forgets the list, its marks and the filters (the inbox locked). */
function forgetList(): void {
  rows = [];
  memory = null;
  lastTag = null;
  applied = "";
  looked.clear();
  reads += 1;
  filterForm.reset();
  search.value = "";
}

function open(row: HTMLLIElement): HTMLLIElement {
  const button = row.querySelector<HTMLButtonElement>(".case-open");
  button?.addEventListener("click", () => {
    const caseId = button.dataset.case ?? "";
    looked.add(caseId);
    void openCase(caseId, button);
  });
  return row;
}

function group(
  id: string,
  title: string,
  shown: CaseSummary[],
  marks: ReadonlyMap<string, Mark>,
  now: number,
): HTMLElement {
  return el(
    "section",
    { className: "case-group", attrs: { "aria-labelledby": id } },
    el("h2", { text: `${title} (${shown.length})`, attrs: { id } }),
    el(
      "ul",
      { className: "cases" },
      ...shown.map((row) => open(caseRow(row, marks.get(row.caseId), now))),
    ),
  );
}

/** Shows the rows the search lets through; a line that had the focus keeps it. */
function render(): void {
  const now = Date.now();
  const shown = rows.filter((row) => matchesSearch(row.caseId, search.value));
  const { live, done } = splitLive(shown);
  const marks = memory?.marks ?? new Map<string, Mark>();
  const focused = caseList.contains(document.activeElement)
    ? (document.activeElement as HTMLElement).dataset.case
    : undefined;
  const groups: HTMLElement[] = [];
  if (live.length > 0) groups.push(group("cases-live", say("list.liveTitle"), live, marks, now));
  if (done.length > 0) groups.push(group("cases-done", say("list.doneTitle"), done, marks, now));
  if (shown.length === 0)
    groups.push(
      el("p", {
        className: "empty",
        text: say(rows.length > 0 ? "list.searchNone" : "list.empty"),
      }),
    );
  caseList.replaceChildren(...groups);
  caseCount.textContent = say("list.count", { count: shown.length });
  if (focused === undefined) return;
  const again = [...caseList.querySelectorAll<HTMLButtonElement>(".case-open")].find(
    (button) => button.dataset.case === focused,
  );
  if (again) again.focus({ preventScroll: true });
  else focusOn(byId("list-title"));
}

/**
 * Reads the list: asked again with the same filters, a conditional GET, whose 304 changes
 * nothing. `quietly` (the list's own clock): only what changed is said, not the loading.
 */
async function loadList(quietly: boolean): Promise<void> {
  if (!quietly) applied = listQuery(filters());
  const query = applied;
  const read = ++reads;
  if (!quietly) announce(say("list.loading"));
  const tag = lastTag?.query === query ? lastTag.tag : null;
  const answer = await inSession((token) =>
    callIfChanged<{ cases: CaseSummary[] }>(token, `org/cases${query}`, tag),
  );
  if (read !== reads) return;
  if (quietly) listProblem.replaceChildren();
  if (!answer.changed) {
    retime(caseList, Date.now());
    if (!quietly) announce(caseCount.textContent ?? "");
    return;
  }
  lastTag = answer.etag ? { query, tag: answer.etag } : null;
  const compared = compareLists(memory, query, answer.body.cases, looked);
  memory = compared.memory;
  looked.clear();
  rows = answer.body.cases;
  render();
  if (compared.fresh.length > 0) announce(say("list.refreshed", { count: compared.fresh.length }));
  else if (!quietly) announce(caseCount.textContent ?? "");
}

/** The list's clock: a problem is said once, not again at every ask; a lapsed token locks. */
async function refreshQuietly(): Promise<void> {
  try {
    await loadList(true);
  } catch (error) {
    const said = listProblem.textContent !== "";
    if (!said || (error instanceof ApiProblem && error.problem.status === 401))
      report(error, listProblem);
  }
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
    await loadList(false);
  } catch (error) {
    report(error, listProblem);
  }
}

let searchTimer = 0;

export function wireCaseList(opener: CaseOpener): void {
  openCase = opener;
  filterForm.addEventListener("submit", (event) => {
    event.preventDefault();
    clearProblems();
    void busy(submitterOf(filterForm), () =>
      loadList(false).catch((error) => report(error, listProblem)),
    );
  });
  // The search narrows the cases shown as it is typed, and says how many after a pause.
  search.addEventListener("input", () => {
    render();
    window.clearTimeout(searchTimer);
    searchTimer = window.setTimeout(() => announce(caseCount.textContent ?? ""), 600);
  });
  byId<HTMLFormElement>("search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    render();
    announce(caseCount.textContent ?? "");
  });
  byId("back").addEventListener("click", () => void showList());
  wirePolling(refreshQuietly, forgetList);
  wireKeyboard();
}
