/**
 * One case on screen, and the steps taken on it: opening it (its details at once, its sealed
 * parts as they are decrypted), and running a step, after which the case is read again and
 * what happened is said.
 */
import { type AnyView, ApiProblem } from "./api-client.ts";
import { renderActions } from "./case-actions.ts";
import { renderDetails } from "./case-details.ts";
import { listProblem, showList } from "./case-list.ts";
import { confirmed } from "./confirm-step.ts";
import {
  announce,
  busy,
  byId,
  clearProblems,
  el,
  focusOn,
  showProblem,
  submitterOf,
} from "./page-elements.ts";
import { say } from "./page-texts.ts";
import { openSealedParts, renderSealed } from "./sealed-parts.ts";
import {
  api,
  type Opened,
  opened,
  openedOf,
  report,
  setOpened,
  showView,
  views,
} from "./session.ts";
import { loadTimeline, openTeamParts, renderAssign, renderTeamParts } from "./team-parts.ts";

const caseProblem = byId("case-problem");

function renderCase(state: Opened): void {
  renderDetails(state.view);
  renderSealed(state);
  renderTeamParts(state);
  renderActions(state.view);
  void renderAssign(state);
}

/** Opens a case: its details at once, its sealed parts once decrypted. */
export async function openCase(caseId: string, button?: HTMLButtonElement): Promise<void> {
  clearProblems();
  await busy(button ?? null, async () => {
    announce(say("case.loading"));
    try {
      const view = await api<AnyView>("GET", `org/cases/${encodeURIComponent(caseId)}`);
      const state = openedOf(view);
      setOpened(state);
      renderDetails(view);
      renderActions(view);
      renderTeamParts(state);
      void renderAssign(state);
      byId("narrative").replaceChildren(el("p", { text: say("case.decrypting") }));
      byId("replies").replaceChildren();
      byId("contact").replaceChildren();
      byId<HTMLTextAreaElement>("note-text").value = "";
      showView("case");
      focusOn(byId("case-title"));
      announce(say("case.opened"));
      void loadTimeline(caseId);
      await openSealedParts(state, null);
      await openTeamParts(state, null);
      if (opened === state) {
        renderSealed(state);
        renderTeamParts(state);
      }
    } catch (error) {
      report(error, views.case.hidden ? listProblem : caseProblem);
    }
  });
}

/** Reads the case again after a step, keeps what was opened, and says what happened. */
async function refreshCase(done?: string): Promise<void> {
  const previous = opened;
  if (!previous) return;
  const view = await api<AnyView>("GET", `org/cases/${encodeURIComponent(previous.view.caseId)}`);
  const state = openedOf(view);
  await openSealedParts(state, previous);
  await openTeamParts(state, previous);
  if (opened !== previous) return; // locked or left meanwhile
  setOpened(state);
  renderCase(state);
  void loadTimeline(view.caseId);
  if (done) {
    focusOn(byId("actions-title"));
    announce(done);
  }
}

/** What a step's problem leads to: after a conflict the case is read again, after a 404 the list. */
async function afterProblem(error: unknown, slot: HTMLElement): Promise<void> {
  report(error, slot);
  if (error instanceof ApiProblem && error.problem.code === "conflict") {
    await refreshCase().catch(() => undefined);
    // The case moved on and the step is gone from the page: say it where the steps begin.
    if (slot.closest("[hidden]")) {
      showProblem(byId("actions-problem"), slot.textContent ?? "");
      focusOn(byId("actions-title"));
    }
  }
  if (error instanceof ApiProblem && error.problem.code === "not_found") {
    await showList();
    report(error, listProblem);
  }
}

/**
 * Runs one step on the open case: on success reads the case again and says `done`; on a
 * problem says it beside the step, and after a conflict reads the case again too.
 */
export function step(
  trigger: HTMLButtonElement | null,
  slot: HTMLElement,
  run: (state: Opened) => Promise<string>,
): void {
  const state = opened;
  if (!state) return;
  clearProblems();
  void busy(trigger, async () => {
    running++;
    try {
      const done = await run(state);
      await refreshCase(done);
    } catch (error) {
      await afterProblem(error, slot);
    } finally {
      running--;
    }
  });
}

/** Steps under way: the case's watch (case-watch.ts) waits, so a step's own change is not news. */
let running = 0;
export const stepRunning = () => running > 0;

/** The API path of a step on the case. */
export const casePath = (state: Opened, action: string) =>
  `org/cases/${encodeURIComponent(state.view.caseId)}/${action}`;

/**
 * Runs a form's step on the open case when the form is sent; its problems go to its slot.
 * With `ask`, the step first says what will happen and waits for a confirmation (`ask` gives
 * null when the form is not filled in, and the step then says what is missing).
 */
export function onSubmit(
  id: string,
  run: (state: Opened, form: HTMLFormElement) => Promise<string>,
  ask?: (state: Opened) => string | null,
): void {
  const form = byId<HTMLFormElement>(id);
  const slot = byId(`${id.replace(/-form$/, "")}-problem`);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const trigger = submitterOf(form);
    const question = opened && ask ? ask(opened) : null;
    if (!question) {
      step(trigger, slot, (state) => run(state, form));
      return;
    }
    clearProblems();
    void confirmed(question).then((yes) => {
      if (yes) step(trigger, slot, (state) => run(state, form));
      else announce(say("confirm.cancelled"));
    });
  });
}
