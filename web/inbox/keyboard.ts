/**
 * Keyboard-only work (web/inbox/shortcuts.ts): J and K go to the next and the previous case
 * (in the list they move the focus; on a case they open the neighbour in the list), C claims
 * the case on screen, R goes to the message to the person. Keys typed in a field, or with
 * Ctrl, Alt, Meta or Shift, are left alone. The page lists the keys under "Keys", shown once
 * this script runs.
 */
import { announce, byId, focusOn } from "./page-elements.ts";
import { say } from "./page-texts.ts";
import { opened, views } from "./session.ts";
import { type Shortcut, shortcutOf } from "./shortcuts.ts";

/** True when a key belongs to a field or the browser, not to the inbox. */
function meantForSomethingElse(event: KeyboardEvent): boolean {
  if (event.defaultPrevented || event.isComposing) return true;
  if (event.ctrlKey || event.altKey || event.metaKey || event.shiftKey) return true;
  const target = event.target;
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))
  );
}

const caseButtons = () => [...document.querySelectorAll<HTMLButtonElement>("#cases .case-open")];

const atTheEnd = (step: 1 | -1) => announce(say(step === 1 ? "keys.last" : "keys.first"));

/** In the list: the focus to the neighbouring line (the first, from elsewhere). */
function moveInList(step: 1 | -1): boolean {
  const buttons = caseButtons();
  if (buttons.length === 0) return false;
  const current = buttons.indexOf(document.activeElement as HTMLButtonElement);
  const target = buttons[current === -1 ? 0 : current + step];
  if (target) target.focus();
  else atTheEnd(step);
  return true;
}

/** On a case: its neighbour in the list opened. */
function openNeighbour(step: 1 | -1): boolean {
  if (!opened) return false;
  const buttons = caseButtons();
  const caseId = opened.view.caseId;
  const target = buttons[buttons.findIndex((button) => button.dataset.case === caseId) + step];
  if (target && target.dataset.case !== caseId && !target.disabled) target.click();
  else atTheEnd(step);
  return true;
}

function goTo(step: 1 | -1): boolean {
  if (!views.list.hidden) return moveInList(step);
  return views.case.hidden ? false : openNeighbour(step);
}

function claim(): boolean {
  const button = byId<HTMLButtonElement>("claim");
  if (views.case.hidden || byId("claim-box").hidden || button.disabled) return false;
  button.click();
  return true;
}

function reply(): boolean {
  if (views.case.hidden) return false;
  if (byId("message-form").hidden) {
    if (!byId("claim-box").hidden) announce(say("error.conflictClaimFirst"));
    return false;
  }
  focusOn(byId("message-text"));
  return true;
}

const ACTIONS: Record<Shortcut, () => boolean> = {
  next: () => goTo(1),
  previous: () => goTo(-1),
  claim,
  reply,
};

/** Listens for the keys, and shows the page's list of them. */
export function wireKeyboard(): void {
  document.addEventListener("keydown", (event) => {
    const shortcut = shortcutOf(event.code);
    if (!shortcut || meantForSomethingElse(event)) return;
    // Handled: the letter is not typed into the field the focus may have moved to.
    if (ACTIONS[shortcut]()) event.preventDefault();
  });
  byId("keys").hidden = false;
}
