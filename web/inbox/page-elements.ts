/**
 * The inbox page's elements, and the few ways the script changes them: built with text and
 * children (never HTML from a string), spoken to screen readers, focused, marked busy.
 */

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`The page has no #${id}.`);
  return element as T;
}

/** An element with text and children; never HTML from a string. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { className?: string; text?: string; attrs?: Record<string, string> } = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props.className) element.className = props.className;
  if (props.text !== undefined) element.textContent = props.text;
  for (const [name, value] of Object.entries(props.attrs ?? {})) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

const status = byId("status");
/** Says something to screen readers (and shows it): progress and what a step did. */
export function announce(text: string): void {
  // A fresh text node each time, so the same words are announced again.
  status.replaceChildren(document.createTextNode(text));
}

export function showProblem(slot: HTMLElement, text: string): void {
  slot.replaceChildren(document.createTextNode(text));
}

export const clearProblems = () => {
  for (const slot of document.querySelectorAll<HTMLElement>(".form-problem"))
    slot.replaceChildren();
};

export function focusOn(element: HTMLElement): void {
  if (
    !element.hasAttribute("tabindex") &&
    !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(element.tagName)
  )
    element.setAttribute("tabindex", "-1");
  element.focus();
}

/** Marks a button busy while its step runs, so that it is not pressed twice. */
export async function busy<T>(button: HTMLButtonElement | null, run: () => Promise<T>): Promise<T> {
  if (button) {
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
  }
  try {
    return await run();
  } finally {
    if (button) {
      button.disabled = false;
      button.removeAttribute("aria-busy");
    }
  }
}

export const submitterOf = (form: HTMLFormElement) =>
  form.querySelector<HTMLButtonElement>("button[type=submit]");
