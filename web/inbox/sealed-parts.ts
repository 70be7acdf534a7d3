/**
 * A case's sealed parts (the narrative, the contact, the person's replies): opened here with
 * the identity's keys, never on the server, and shown as text; a part not sealed for this
 * organisation, or one that cannot be opened, is said to be so.
 */
import { isWithdrawn } from "./api-client.ts";
import { detail } from "./case-details.ts";
import { open } from "./identity-keys.ts";
import { byId, el } from "./page-elements.ts";
import { say, when } from "./page-texts.ts";
import { type Opened, session } from "./session.ts";

function renderContact(text: string): Node {
  let contact: { channel?: string; address?: string; safeTimes?: string; leaveMessage?: boolean };
  try {
    contact = JSON.parse(text);
  } catch {
    return el("p", { className: "opened-text", text, attrs: { dir: "auto" } });
  }
  if (!contact || contact.channel === "none" || !contact.channel)
    return el("p", { text: say("case.noContact") });
  const list = el("dl", { className: "details" });
  detail(list, say("contact.channel"), say(`channels.${contact.channel}`));
  if (contact.address)
    detail(
      list,
      say("contact.address"),
      el("span", { text: contact.address, attrs: { dir: "auto" } }),
    );
  if (contact.safeTimes)
    detail(
      list,
      say("contact.safeTimes"),
      el("span", { text: contact.safeTimes, attrs: { dir: "auto" } }),
    );
  detail(list, say("contact.leaveMessage"), say(contact.leaveMessage ? "page.yes" : "page.no"));
  return list;
}

export function renderSealed(state: Opened): void {
  if (isWithdrawn(state.view)) return;
  const { replies } = state.view;
  byId("replies").replaceChildren(
    ...(replies.length === 0
      ? [el("li", { text: say("case.noReplies") })]
      : replies.map((reply) => {
          const text = state.replies.get(reply.id);
          return el(
            "li",
            { className: "reply" },
            el("p", { className: "reply-at", text: say("case.replyAt", { date: when(reply.at) }) }),
            typeof text === "string"
              ? el("p", { className: "opened-text", text, attrs: { dir: "auto" } })
              : el("p", { className: "warning", text: say("case.unreadable") }),
          );
        })),
  );
  const narrative = byId("narrative");
  const contact = byId("contact");
  const isLead = session !== null && state.view.routing.lead === session.me.organisation;
  if (state.narrative === undefined)
    narrative.replaceChildren(el("p", { text: say("case.noNarrative") }));
  else if (state.narrative === null)
    narrative.replaceChildren(el("p", { className: "warning", text: say("case.unreadable") }));
  else
    narrative.replaceChildren(
      el("p", { className: "opened-text", text: state.narrative, attrs: { dir: "auto" } }),
    );
  if (state.contact === undefined)
    contact.replaceChildren(
      el("p", { text: say(isLead ? "case.noContact" : "case.contactNotLead") }),
    );
  else if (state.contact === null)
    contact.replaceChildren(el("p", { className: "warning", text: say("case.unreadable") }));
  else contact.replaceChildren(renderContact(state.contact));
}

export async function openSealedParts(state: Opened, previous: Opened | null): Promise<void> {
  const { view } = state;
  if (isWithdrawn(view)) return;
  const keys = session?.keys ?? [];
  // Parts already opened and unchanged are not opened again.
  const same =
    previous && previous.view.caseId === view.caseId && !isWithdrawn(previous.view)
      ? { opened: previous, sealed: previous.view.sealed }
      : null;
  const openPart = async (part: "narrative" | "contact") => {
    const armored = view.sealed[part];
    if (armored === undefined) return undefined;
    if (same && same.sealed[part] === armored) return same.opened[part];
    return open(keys, armored);
  };
  state.narrative = await openPart("narrative");
  state.contact = await openPart("contact");
  for (const reply of view.replies) {
    const known = same?.opened.replies.get(reply.id);
    state.replies.set(reply.id, known !== undefined ? known : await open(keys, reply.sealed));
  }
}
