/**
 * The list view's HTML (web/inbox/inbox-page.ts places it): the filters, whose query goes to the
 * API (state, urgency, need, claimed by me or by nobody), the search by a case's short id (in the
 * page, among the cases shown), and the place of the two groups of cases: to work on, and closed,
 * declined or withdrawn. `data-poll-seconds` is how often the list asks again while on screen.
 */
import { ASSIGNMENT_STATES } from "../../domain/case-work.ts";
import { NEEDS, URGENCIES } from "../../domain/vocabulary.ts";
import { escapeHtml } from "../pages/html.ts";
import type { InboxKey } from "./catalog.ts";
import { HIDDEN_FILTER, POLL_SECONDS } from "./list-logic.ts";
import { options, problemSlot } from "./page-markup.ts";

/** A filter of the list: a label, and a select whose first option means "any". */
function filter(
  t: (key: InboxKey) => string,
  id: string,
  label: InboxKey,
  any: InboxKey,
  choices: string,
): string {
  return `<div class="question"><label for="${id}">${escapeHtml(t(label))}</label>
<select id="${id}"><option value="">${escapeHtml(t(any))}</option>${choices}</select></div>`;
}

/** The list view; `tools`, what goes under the cases (the team's tools, team-markup.ts). */
export function listSection(t: (key: InboxKey) => string, tools = ""): string {
  const e = (key: InboxKey) => escapeHtml(t(key));
  const states = `<option value="${HIDDEN_FILTER}">${e("list.filterHidden")}</option>${options(t, "states", ASSIGNMENT_STATES, false)}`;
  const claimed = `<option value="me">${e("list.claimedMe")}</option><option value="nobody">${e("list.claimedNobody")}</option>`;
  return `<section id="list-view" class="view" hidden aria-labelledby="list-title" data-poll-seconds="${POLL_SECONDS}">
<h1 id="list-title" tabindex="-1">${e("list.title")}</h1>
<p id="key-notice" class="warning" hidden>${e("signIn.keyNotListed")}</p>
<form id="filter-form" class="filter" novalidate>
${filter(t, "state-filter", "list.filter", "list.filterAll", states)}
${filter(t, "urgency-filter", "list.urgency", "list.urgencyAll", options(t, "urgencies", URGENCIES, false))}
${filter(t, "need-filter", "list.need", "list.needAll", options(t, "needs", NEEDS, false))}
${filter(t, "claimed-filter", "list.claimed", "list.claimedAll", claimed)}
<div class="nav"><button type="submit" class="secondary">${e("list.apply")}</button></div>
</form>
<form id="search-form" class="filter" role="search" novalidate>
<div class="question"><label for="case-search">${e("list.search")}</label>
<p class="hint" id="case-search-hint">${e("list.searchHint")}</p>
<input type="search" id="case-search" dir="ltr" maxlength="36" autocomplete="off" autocapitalize="off" spellcheck="false" aria-describedby="case-search-hint"></div>
</form>
${problemSlot("list-problem")}
<p class="hint">${e("list.autoRefresh")}</p>
<p id="case-count" class="count"></p>
<div id="cases" class="case-groups"></div>
${tools}
</section>`;
}
