/**
 * The two wordings of a text (web/pages/wording.ts) on the page with its script: form.css
 * shows the one that fits the `reporter` answer by CSS `:has()`, and for a browser without it
 * (older phones) a class on the form does the same.
 */
export function followReporter(form: HTMLFormElement | null): void {
  const follow = () =>
    form?.classList.toggle(
      "someone-else",
      form.querySelector('input[name="reporter"][value="someone_else"]:checked') !== null,
    );
  for (const input of form?.querySelectorAll('input[name="reporter"]') ?? [])
    input.addEventListener("change", follow);
  follow();
}

/**
 * A question's title to show elsewhere (the list of problems): its wordings, so that the CSS
 * shows the one that fits there too, and not its controls (a flag's label holds its box).
 */
export function titleOf(question: Element): Node[] {
  const title = question.querySelector("legend, label")?.cloneNode(true) as Element | undefined;
  if (!title) return [];
  for (const control of title.querySelectorAll("input, select, textarea")) control.remove();
  return [...title.childNodes];
}
