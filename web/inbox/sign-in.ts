/**
 * Signing in: the access token and the age identity file, checked against `GET /org/me` and
 * the region's directory before the session starts; then the list of cases.
 */
import type { DirectoryEntry, StaffMember } from "../../domain/case-views.ts";
import { ApiProblem, call } from "./api-client.ts";
import { problemKey } from "./api-problems.ts";
import { showList } from "./case-list.ts";
import { decryption, KeyProblem, keysFrom } from "./identity-keys.ts";
import { announce, busy, byId, clearProblems, showProblem, submitterOf } from "./page-elements.ts";
import { say } from "./page-texts.ts";
import { identityInput, lockButton, report, setSession, tokenInput, who } from "./session.ts";

const signInForm = byId<HTMLFormElement>("sign-in-form");
const signInProblem = byId("sign-in-problem");

function invalid(input: HTMLInputElement, text: string): void {
  input.setAttribute("aria-invalid", "true");
  input.setAttribute("aria-describedby", `${input.id}-hint sign-in-problem`);
  showProblem(signInProblem, text);
  input.focus();
}

async function signIn(token: string, file: File): Promise<void> {
  announce(say("signIn.working"));
  try {
    const { keys, recipients } = await keysFrom(file);
    const me = await call<StaffMember>(token, "GET", "org/me");
    const { organisations } = await call<{ organisations: DirectoryEntry[] }>(
      token,
      "GET",
      "org/directory",
    );
    tokenInput.value = "";
    identityInput.value = "";
    setSession({ token, keys, me, directory: organisations });
    const own = organisations.find((organisation) => organisation.id === me.organisation);
    const organisationName = own?.name ?? me.organisation;
    who.textContent = say("session.who", { name: me.name, organisation: organisationName });
    who.hidden = false;
    lockButton.hidden = false;
    byId("key-notice").hidden = recipients.some((recipient) => own?.recipients.includes(recipient));
    byId<HTMLSelectElement>("state-filter").value = "";
    await showList();
    announce(say("signIn.done", { name: me.name, organisation: organisationName }));
  } catch (error) {
    setSession(null);
    announce("");
    if (error instanceof KeyProblem) invalid(identityInput, say(error.key));
    else if (error instanceof ApiProblem && problemKey(error.problem) === "error.unauthorized")
      invalid(tokenInput, say("error.unauthorized"));
    else report(error, signInProblem);
  }
}

export function wireSignIn(): void {
  // The decryption module loads as soon as a key file is picked, while the token is typed; a
  // failure is said on signing in.
  identityInput.addEventListener("change", () => {
    if (identityInput.files?.length) decryption().catch(() => undefined);
  });
  signInForm.addEventListener("submit", (event) => {
    event.preventDefault();
    clearProblems();
    for (const input of [tokenInput, identityInput]) {
      input.removeAttribute("aria-invalid");
      input.setAttribute("aria-describedby", `${input.id}-hint`);
    }
    const token = tokenInput.value.trim();
    const file = identityInput.files?.[0];
    if (!token) return invalid(tokenInput, say("signIn.noToken"));
    if (!file) return invalid(identityInput, say("signIn.noFile"));
    void busy(submitterOf(signInForm), () => signIn(token, file));
  });
}
