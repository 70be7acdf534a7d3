/**
 * The team's steps: a note for colleagues (sealed here to the organisation's own staff keys),
 * a case given to a colleague, and a leaving colleague's cases handed to another. The team is
 * read from the API once per session (`GET /org/staff`).
 */
import type { CaseSummary } from "../../domain/case-views.ts";
import { showList } from "./case-list.ts";
import { casePath, onSubmit } from "./case-steps.ts";
import { confirmed } from "./confirm-step.ts";
import { sealTo } from "./identity-keys.ts";
import { announce, busy, byId, clearProblems, focusOn, submitterOf } from "./page-elements.ts";
import { say } from "./page-texts.ts";
import { api, FormProblem, type Opened, report, session, TEAM_CHOICES } from "./session.ts";
import { option, team } from "./team-parts.ts";

/** The own organisation's staff keys: what notes and own copies are sealed to. */
export function ownRecipients(): string[] {
  const me = session?.me.organisation;
  return session?.directory.find((organisation) => organisation.id === me)?.recipients ?? [];
}

/** Seals a text to the own staff, or says that it could not. */
export async function sealForTeam(text: string): Promise<string> {
  try {
    return await sealTo(ownRecipients(), text);
  } catch {
    throw new FormProblem(say("error.sealing"));
  }
}

async function writeNote(state: Opened): Promise<string> {
  const textarea = byId<HTMLTextAreaElement>("note-text");
  const text = textarea.value.trim();
  if (!text) throw new FormProblem(say("notes.empty"));
  const sealed = await sealForTeam(text);
  await api("POST", casePath(state, "notes"), { sealed });
  textarea.value = "";
  return say("notes.done");
}

async function assign(state: Opened): Promise<string> {
  const to = byId<HTMLSelectElement>("assign-to").value;
  if (!to) throw new FormProblem(say("assign.none"));
  await api("POST", casePath(state, "assign"), { to });
  return say("assign.done", { name: to });
}

/**
 * Who may have cases to hand on: the team, and whoever holds one of the organisation's cases
 * (a leaver whose access was revoked too); read when the form is first used.
 */
async function renderLeaver(): Promise<void> {
  const [names, cases] = await Promise.all([
    team().catch(() => []),
    api<{ cases: CaseSummary[] }>("GET", "org/cases")
      .then((answer) => answer.cases)
      .catch(() => []),
  ]);
  const holders = [...new Set([...names, ...cases.flatMap((row) => row.claimedBy ?? [])])].sort(
    (a, b) => a.localeCompare(b),
  );
  byId<HTMLSelectElement>("leaver-from").replaceChildren(
    option("", say("page.choose")),
    ...holders.map((name) => option(name, name)),
  );
  byId<HTMLSelectElement>("leaver-to").replaceChildren(
    option("", say("page.choose")),
    ...names.map((name) => option(name, name)),
  );
}

function wireLeaver(): void {
  const form = byId<HTMLFormElement>("leaver-form");
  const slot = byId("leaver-problem");
  // Filled when first used after the list was shown: a leaver's cases are rarely handed on.
  form.addEventListener("focusin", () => {
    const from = byId<HTMLSelectElement>("leaver-from");
    if (from.options.length > 0) return;
    from.append(option("", say("page.choose")));
    void renderLeaver();
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearProblems();
    const from = byId<HTMLSelectElement>("leaver-from").value;
    const to = byId<HTMLSelectElement>("leaver-to").value;
    if (!from || !to || from === to) {
      report(new FormProblem(say("leaver.choose")), slot);
      return;
    }
    void confirmed(say("leaver.confirm", { from, to })).then((yes) => {
      if (!yes) return announce(say("confirm.cancelled"));
      return busy(submitterOf(form), async () => {
        try {
          const { moved } = await api<{ moved: number }>("POST", "org/staff/handover", {
            from,
            to,
          });
          resetLeaver();
          await showList();
          announce(say("leaver.done", { count: moved, name: to }));
          focusOn(byId("leaver-title"));
        } catch (error) {
          report(error, slot);
        }
      });
    });
  });
}

export function wireTeamSteps(): void {
  onSubmit("note-form", writeNote);
  onSubmit("assign-form", assign);
  wireLeaver();
}

/** Forgets the leaver form's choices, so they are read again the next time it is used. */
export function resetLeaver(): void {
  for (const id of TEAM_CHOICES) byId(id).replaceChildren();
}
