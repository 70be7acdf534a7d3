/**
 * The flag form of the inbox page (web/inbox/inbox-page.ts) on screen: the case's flags in the page's
 * words and the steps that fit (web/inbox/flag-notes.ts decides which), and what the form asks.
 */
import { type FlaggedView, flagNotes, flagSteps } from "./flag-notes.ts";

type Say = (key: string, values?: Record<string, string>) => string;

function part<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`The page has no #${id}.`);
  return element as T;
}

/** Shows the case's flags in the page's words, and the steps that fit. */
export function showFlags(view: FlaggedView, me: string, coordinator: string, say: Say): void {
  part("flag-notes").replaceChildren(
    ...flagNotes(view, me).map((note) => {
      const item = document.createElement("li");
      const flag = note.values.flag ? say(`flags.${note.values.flag}`) : "";
      item.textContent = say(note.key, { ...note.values, flag });
      return item;
    }),
  );
  const steps = flagSteps(view, me, coordinator);
  part("unflag").hidden = !steps.undo;
  part("flag-everyone-question").hidden = !steps.forEveryone;
  part<HTMLInputElement>("flag-everyone").checked = false;
  part<HTMLSelectElement>("flag-kind").value = "";
}

/** What the flag form asks for, or null when no flag was chosen. */
export function flagRequest(): { flag: string; forEveryone?: true } | null {
  const flag = part<HTMLSelectElement>("flag-kind").value;
  if (!flag) return null;
  const everyone =
    !part("flag-everyone-question").hidden && part<HTMLInputElement>("flag-everyone").checked;
  return { flag, ...(everyone ? { forEveryone: true as const } : {}) };
}
