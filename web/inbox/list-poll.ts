/**
 * The list asks again by itself while it is on screen: every `data-poll-seconds` of the list
 * view (30 by default), and at once when the window gets the focus back or the tab is shown
 * again. It stops while a case is open, while the tab is hidden, and once the inbox locks; then
 * what the list remembers is forgotten. Each ask is a conditional GET (list-logic.ts, ETag):
 * mostly a 304 of a few bytes, on a caseworker's connection.
 */
import { POLL_SECONDS } from "./list-logic.ts";
import { session, views } from "./session.ts";

function interval(): number {
  const seconds = Number(views.list.dataset.pollSeconds);
  return (seconds >= 1 ? seconds : POLL_SECONDS) * 1000;
}

const onScreen = () =>
  session !== null && !views.list.hidden && document.visibilityState === "visible";

/** Runs `refresh` on the list's clock; `forget` once the inbox locked. */
export function wirePolling(refresh: () => Promise<void>, forget: () => void): void {
  let timer = 0;
  let running: Promise<void> | null = null;
  const stop = () => window.clearTimeout(timer);
  const schedule = () => {
    stop();
    if (onScreen()) timer = window.setTimeout(() => void now(), interval());
  };
  const now = async () => {
    stop();
    if (!onScreen()) return;
    running ??= refresh().finally(() => {
      running = null;
    });
    await running;
    schedule();
  };
  const watch = (view: HTMLElement, changed: () => void) =>
    new MutationObserver(changed).observe(view, { attributes: true, attributeFilter: ["hidden"] });
  // The list view shown (signed in, back from a case) or hidden (a case opened, locked).
  watch(views.list, () => (views.list.hidden ? stop() : schedule()));
  // The sign-in shown again: the inbox locked, from the list or from a case.
  watch(views.signIn, () => {
    if (views.signIn.hidden) return;
    stop();
    forget();
  });
  document.addEventListener("visibilitychange", () =>
    document.visibilityState === "visible" ? void now() : stop(),
  );
  addEventListener("focus", () => void now());
}
