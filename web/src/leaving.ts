/**
 * Leaving as little as possible behind in the tab: the quick exit (a click, or Esc twice)
 * forgets the answers and replaces the page, so that "back" does not return to it; the form
 * is emptied before the page goes into the back-forward cache; and moving between the site's
 * own pages replaces the page in the tab's history, so that "back" leads out of the site
 * rather than through each of its pages.
 */
export function leaveNothingBehind(form: HTMLFormElement | null): void {
  const exit = document.querySelector<HTMLAnchorElement>("#quick-exit");
  const leave = () => {
    form?.reset();
    location.replace(exit?.href ?? "about:blank");
  };
  exit?.addEventListener("click", (event) => {
    event.preventDefault();
    leave();
  });

  let lastEscape = 0;
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    const now = Date.now();
    if (now - lastEscape < 1500) leave();
    lastEscape = now;
  });

  addEventListener("pagehide", () => form?.reset());

  document.addEventListener("click", (event) => {
    const link = event.target instanceof Element ? event.target.closest("a") : null;
    if (!link || link.origin !== location.origin || link.hash || event.defaultPrevented) return;
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    location.replace(link.href);
  });
}
