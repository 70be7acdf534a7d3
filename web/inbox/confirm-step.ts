/**
 * Asking before a step that cannot simply be taken back (decline, hand-over, flag, closing):
 * a native modal `<dialog>` of the page says what will happen. The browser keeps focus in it,
 * Escape cancels, and focus returns to the step's button when it closes; "Cancel" has focus
 * first, so a stray Enter sends nothing.
 */
import { byId } from "./page-elements.ts";

/** Says what will happen and resolves true only when the caseworker confirms it. */
export function confirmed(text: string): Promise<boolean> {
  const dialog = byId<HTMLDialogElement>("confirm");
  byId("confirm-text").textContent = text;
  dialog.returnValue = "";
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => resolve(dialog.returnValue === "yes"), {
      once: true,
    });
    dialog.showModal();
  });
}
