/**
 * The steps on the open case, each a button or a form of the page: claim it, move it on
 * (with an outcome when that closes it), write to the person (sealed to their key here),
 * hand it over (what was opened, sealed again to the other organisation), decline, flag.
 */
import { isWithdrawn } from "./api-client.ts";
import { casePath, onSubmit, step } from "./case-steps.ts";
import { flagRequest } from "./flag-panel.ts";
import { sealTo } from "./identity-keys.ts";
import { byId } from "./page-elements.ts";
import { data, say } from "./page-texts.ts";
import { api, FormProblem, type Opened, opened, session } from "./session.ts";
import { askClose, askDecline, askFlag, askHandOver, passesContact } from "./step-questions.ts";
import { sealForTeam } from "./team-steps.ts";

const stateSelect = byId<HTMLSelectElement>("state-select");
const outcomeSelect = byId<HTMLSelectElement>("outcome-select");
const handoverTo = byId<HTMLSelectElement>("handover-to");
const handoverNeed = byId<HTMLSelectElement>("handover-need");

async function claim(state: Opened): Promise<string> {
  await api("POST", casePath(state, "claim"), {});
  return say("claim.done");
}

async function moveOn(state: Opened): Promise<string> {
  const next = stateSelect.value;
  const closing = data.closingStates.includes(next);
  if (!next) throw new FormProblem(say("state.noState"));
  if (closing && !outcomeSelect.value) throw new FormProblem(say("state.needsOutcome"));
  await api("POST", casePath(state, "state"), {
    state: next,
    ...(closing ? { outcome: outcomeSelect.value } : {}),
  });
  return say("state.done", { state: say(`states.${next}`) });
}

async function writeToPerson(state: Opened): Promise<string> {
  const textarea = byId<HTMLTextAreaElement>("message-text");
  const text = textarea.value.trim();
  if (!text) throw new FormProblem(say("message.empty"));
  const recipient = isWithdrawn(state.view) ? null : state.view.personRecipient;
  if (!recipient) throw new FormProblem(say("case.noPersonKey"));
  let sealed: string;
  try {
    sealed = await sealTo([recipient], text);
  } catch {
    throw new FormProblem(say("error.sealing"));
  }
  // The same words for the team, so colleagues read what was promised.
  const own = await sealForTeam(text);
  await api("POST", casePath(state, "messages"), { sealed, own });
  textarea.value = "";
  return say("message.done");
}

/** The need to hand over for: the first of the case's that the chosen organisation meets. */
function fitNeed(): void {
  const target = session?.directory.find((organisation) => organisation.id === handoverTo.value);
  const view = opened?.view;
  const needs = view && !isWithdrawn(view) ? view.triage.needs : [];
  const fitting = needs.find((need) => target?.needs.includes(need)) ?? target?.needs[0] ?? "";
  if (fitting) handoverNeed.value = fitting;
}

async function handOver(state: Opened): Promise<string> {
  const target = session?.directory.find((organisation) => organisation.id === handoverTo.value);
  const need = handoverNeed.value;
  if (!target || !need) throw new FormProblem(say("handover.noTarget"));
  if (isWithdrawn(state.view)) throw new FormProblem(say("actions.closed"));
  const sealed: { narrative?: string; contact?: string } = {};
  let unreadable = false;
  try {
    if (typeof state.narrative === "string")
      sealed.narrative = await sealTo(target.recipients, state.narrative);
    else unreadable = state.narrative === null;
    if (passesContact(state) && typeof state.contact === "string")
      sealed.contact = await sealTo(target.recipients, state.contact);
  } catch {
    throw new FormProblem(say("error.sealing"));
  }
  await api("POST", casePath(state, "handover"), { to: target.id, need, sealed });
  const done = say("handover.done", { organisation: target.name });
  return unreadable ? `${done} ${say("handover.unreadable")}` : done;
}

async function decline(state: Opened): Promise<string> {
  const reason = byId<HTMLSelectElement>("decline-reason").value;
  if (!reason) throw new FormProblem(say("decline.noReason"));
  await api("POST", casePath(state, "decline"), { reason });
  return say("decline.done");
}

async function flag(state: Opened): Promise<string> {
  const request = flagRequest();
  if (!request) throw new FormProblem(say("flag.noFlag"));
  const { hidden } = await api<{ hidden: boolean }>("POST", casePath(state, "flag"), request);
  return say(hidden ? "flag.done" : "flag.doneKept", { flag: say(`flags.${request.flag}`) });
}

async function unflag(state: Opened): Promise<string> {
  await api("POST", casePath(state, "unflag"), {});
  return say("flag.undone");
}

export function wireCaseSteps(): void {
  byId<HTMLButtonElement>("claim").addEventListener("click", (event) =>
    step(event.currentTarget as HTMLButtonElement, byId("claim-problem"), claim),
  );
  stateSelect.addEventListener("change", () => {
    byId("outcome-question").hidden = !data.closingStates.includes(stateSelect.value);
  });
  onSubmit("state-form", moveOn, askClose);
  onSubmit("message-form", writeToPerson);
  handoverTo.addEventListener("change", fitNeed);
  onSubmit("handover-form", handOver, askHandOver);
  onSubmit("decline-form", decline, askDecline);
  onSubmit("flag-form", flag, askFlag);
  byId<HTMLButtonElement>("unflag").addEventListener("click", (event) =>
    step(event.currentTarget as HTMLButtonElement, byId("flag-problem"), unflag),
  );
}
