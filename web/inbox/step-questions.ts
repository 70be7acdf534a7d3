/**
 * What the inbox asks before a step that is hard to take back: the words for decline, hand-over,
 * flag and closing, filled from the form as it stands. Null when the form is not filled in: the
 * step then says what is missing, and nothing is asked.
 */
import { isWithdrawn } from "./api-client.ts";
import { flagRequest } from "./flag-panel.ts";
import { byId } from "./page-elements.ts";
import { data, say } from "./page-texts.ts";
import { type Opened, session } from "./session.ts";

const value = (id: string) => byId<HTMLSelectElement>(id).value;

export function askDecline(): string | null {
  const reason = value("decline-reason");
  return reason ? say("confirm.decline", { reason: say(`declineReasons.${reason}`) }) : null;
}

/** The contact goes only from the lead, only when ticked, and the question says which. */
export function passesContact(state: Opened): boolean {
  return (
    !isWithdrawn(state.view) &&
    state.view.routing.lead === session?.me.organisation &&
    !byId("handover-contact-question").hidden &&
    byId<HTMLInputElement>("handover-contact").checked
  );
}

export function askHandOver(state: Opened): string | null {
  const target = session?.directory.find(
    (organisation) => organisation.id === value("handover-to"),
  );
  const need = value("handover-need");
  if (!target || !need) return null;
  return say(passesContact(state) ? "confirm.handoverContact" : "confirm.handover", {
    organisation: target.name,
    need: say(`needs.${need}`),
  });
}

export function askFlag(): string | null {
  const request = flagRequest();
  if (!request) return null;
  return say(request.forEveryone ? "confirm.flagEveryone" : "confirm.flag", {
    flag: say(`flags.${request.flag}`),
  });
}

/** Only a move that closes the case is asked about; progress is not. */
export function askClose(): string | null {
  const next = value("state-select");
  const outcome = value("outcome-select");
  if (!data.closingStates.includes(next) || !outcome) return null;
  return say("confirm.close", {
    state: say(`states.${next}`),
    outcome: say(`outcomes.${outcome}`),
  });
}
