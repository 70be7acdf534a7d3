/**
 * The steps a case offers this organisation, from its state and the region's rules (the
 * page's data): claim, move on, write to the person, hand over, decline, flag; or none, once
 * it is closed or withdrawn.
 */
import { type AnyView, isWithdrawn } from "./api-client.ts";
import { showFlags } from "./flag-panel.ts";
import { byId, el } from "./page-elements.ts";
import { data, say } from "./page-texts.ts";
import { session } from "./session.ts";

function option(value: string, text: string): HTMLOptionElement {
  const element = el("option", { text });
  element.value = value;
  return element;
}

export function renderActions(view: AnyView): void {
  if (isWithdrawn(view)) {
    for (const id of [
      "claim-box",
      "state-form",
      "message-form",
      "no-person-key",
      "handover-form",
      "decline-form",
      "flag-form",
    ])
      byId(id).hidden = true;
    byId("actions-closed").hidden = false;
    return;
  }
  const state = view.assignment.state;
  const moves = data.moves[state] ?? [];
  const working = data.workingStates.includes(state);
  const declinable =
    data.declinableFrom.includes(state) && session?.me.organisation !== data.coordinator;
  const claimable = state === "pending" || state === "sent";

  byId("claim-box").hidden = !claimable;

  byId("state-form").hidden = moves.length === 0;
  byId<HTMLSelectElement>("state-select").replaceChildren(
    option("", say("page.choose")),
    ...moves.map((move) => option(move, say(`states.${move}`))),
  );
  byId<HTMLSelectElement>("outcome-select").value = "";
  byId("outcome-question").hidden = true;

  byId("message-form").hidden = !working || !view.personRecipient;
  byId("no-person-key").hidden = !working || Boolean(view.personRecipient);

  const targets = (session?.directory ?? []).filter(
    (organisation) =>
      organisation.id !== session?.me.organisation &&
      // An authority only with the person's consent to authorities (the server refuses it too).
      (organisation.kind !== "authority" || view.authoritiesConsented) &&
      !view.routing.organisations.includes(organisation.id) &&
      !view.others.some((other) => other.organisation === organisation.id),
  );
  byId("handover-form").hidden = !working;
  byId<HTMLSelectElement>("handover-to").replaceChildren(
    option("", targets.length === 0 ? say("handover.noneLeft") : say("page.choose")),
    ...targets.map((target) =>
      option(
        target.id,
        target.kind === "authority"
          ? say("handover.authority", { name: target.name })
          : target.name,
      ),
    ),
  );
  byId<HTMLSelectElement>("handover-need").value = "";
  const isLead = view.routing.lead === session?.me.organisation;
  byId("handover-contact-question").hidden = !isLead || view.sealed.contact === undefined;
  // Only the lead holds the contact (rule G7): passing it on is a choice, never the default.
  byId<HTMLInputElement>("handover-contact").checked = false;

  byId("decline-form").hidden = !declinable;
  byId<HTMLSelectElement>("decline-reason").value = "";
  byId("flag-form").hidden = false;
  showFlags(view, session?.me.organisation ?? "", data.coordinator, say);

  byId("actions-closed").hidden = claimable || moves.length > 0 || working || declinable;
}
