/**
 * The markup of the team's parts of the inbox page (web/inbox/inbox-page.ts puts them in):
 * in a case, its notes, its timeline and the step that gives it to a colleague; beside the
 * list, the export of the open cases and the hand-over of a leaving colleague's cases.
 */
/** The page's escaped text of a key, and a form's problem slot (inbox-page.ts's own). */
export interface Markup {
  e: (key: string) => string;
  problemSlot: (id: string) => string;
  /** the most characters a text typed here may have */
  maxLength: number;
}

/** In the case's content, after the person's replies: the team's notes and the timeline. */
export const caseTeamSections = ({
  e,
  problemSlot,
  maxLength,
}: Markup) => `<section aria-labelledby="notes-title">
<h2 id="notes-title">${e("notes.title")}</h2>
<p class="hint" id="notes-hint">${e("notes.hint")}</p>
<ul id="notes" class="plain" translate="no"></ul>
<form id="note-form" class="action" novalidate aria-labelledby="note-title">
<h3 id="note-title">${e("notes.new")}</h3>
${problemSlot("note-problem")}
<div class="question"><label for="note-text">${e("notes.label")}</label>
<textarea id="note-text" rows="4" maxlength="${maxLength}" autocomplete="off" spellcheck="false" aria-describedby="notes-hint"></textarea></div>
<div class="nav"><button type="submit" class="secondary">${e("notes.submit")}</button></div>
</form>
</section>
<section aria-labelledby="timeline-title">
<h2 id="timeline-title">${e("timeline.title")}</h2>
<ol id="timeline" class="plain timeline"></ol>
</section>`;

/** Among the case's steps, after claiming: give the case to a colleague. */
export const assignForm = ({
  e,
  problemSlot,
}: Markup) => `<form id="assign-form" class="action" hidden novalidate aria-labelledby="assign-title">
<h3 id="assign-title">${e("assign.title")}</h3>
<p class="hint" id="assign-hint">${e("assign.hint")}</p>
${problemSlot("assign-problem")}
<div class="question"><label for="assign-to">${e("assign.label")}</label>
<select id="assign-to" aria-describedby="assign-hint"></select></div>
<div class="nav"><button type="submit" class="secondary">${e("assign.submit")}</button></div>
</form>`;

/** Under the list: the export of the open cases, and a leaving colleague's cases handed on. */
export const listTeamTools = ({
  e,
  problemSlot,
}: Markup) => `<section id="team-tools" class="team-tools" aria-labelledby="export-title">
<h2 id="export-title">${e("export.title")}</h2>
<p class="hint">${e("export.hint")}</p>
${problemSlot("export-problem")}
<div class="nav"><button type="button" id="export-csv" class="secondary">${e("export.csv")}</button> <button type="button" id="export-json" class="secondary">${e("export.json")}</button></div>
<form id="leaver-form" novalidate aria-labelledby="leaver-title">
<h2 id="leaver-title">${e("leaver.title")}</h2>
<p class="hint">${e("leaver.hint")}</p>
${problemSlot("leaver-problem")}
<div class="question"><label for="leaver-from">${e("leaver.from")}</label>
<select id="leaver-from"></select></div>
<div class="question"><label for="leaver-to">${e("leaver.to")}</label>
<select id="leaver-to"></select></div>
<div class="nav"><button type="submit" class="secondary">${e("leaver.submit")}</button></div>
</form>
</section>`;
