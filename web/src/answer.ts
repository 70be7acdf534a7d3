/**
 * The answer of a sent report, written into the page's receipt template (receipt.ts renders
 * the same markup filled in for a post without JavaScript): the code, what happened, what
 * happens next, what to do tonight, and the region's phone lines. Every text goes in as text,
 * never as markup.
 */

export interface Answer {
  receipt: string;
  urgency: string;
  guidance: {
    callFirst?: boolean;
    message: string;
    next?: string[];
    tonight?: string[];
    hotlines: { name: string; phone: string; hours: string }[];
  };
}

function fillList(slot: Element | null, items: (string | Node)[][]): void {
  slot?.replaceChildren(
    ...items.map((parts) => {
      const item = document.createElement("li");
      item.append(...parts);
      return item;
    }),
  );
}

function phone(number: string): HTMLAnchorElement {
  const link = document.createElement("a");
  link.className = "phone";
  link.dir = "ltr";
  link.href = `tel:${number.replace(/[^\d+]/g, "")}`;
  link.textContent = number;
  return link;
}

export function fillAnswer(receipt: HTMLElement, answer: Answer, copied: string): void {
  const slot = (name: string) => receipt.querySelector<HTMLElement>(`[data-slot="${name}"]`);
  const code = slot("code");
  if (code) code.textContent = answer.receipt;
  // The optional PIN form posts the code in its body, as the status page does.
  const field = slot("receipt-field");
  if (field instanceof HTMLInputElement) field.value = answer.receipt;
  const message = slot("message");
  if (message) message.textContent = answer.guidance.message;
  const emergency = slot("emergency");
  if (emergency) emergency.hidden = !(answer.guidance.callFirst ?? answer.urgency === "emergency");
  fillList(
    slot("next"),
    (answer.guidance.next ?? []).map((sentence) => [sentence]),
  );
  const tonight = answer.guidance.tonight ?? [];
  fillList(
    slot("tonight"),
    tonight.map((sentence) => [sentence]),
  );
  const box = slot("tonight-box");
  if (box) box.hidden = tonight.length === 0;
  fillList(
    slot("hotlines"),
    answer.guidance.hotlines.map((hotline) => {
      const hours = document.createElement("span");
      hours.className = "hours";
      hours.textContent = `(${hotline.hours})`;
      return [`${hotline.name}: `, phone(hotline.phone), " ", hours];
    }),
  );
  const copy = receipt.querySelector<HTMLButtonElement>("#copy-code");
  if (copy && navigator.clipboard) {
    copy.hidden = false;
    copy.addEventListener("click", async () => {
      await navigator.clipboard.writeText(answer.receipt.replace(/\s/g, ""));
      const done = receipt.querySelector("#copy-done");
      if (done) done.textContent = copied;
    });
  }
}
