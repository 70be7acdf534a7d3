/**
 * What `intake org pull` does with one envelope: an envelope only points at a case (its id, when,
 * how urgent), so the case itself is read through the organisations' API with a staff or
 * service token of the organisation, and its sealed parts are opened here, with the staff
 * member's age identity. A case the person withdrew or deleted reads as withdrawn, with nothing
 * of what they said: the queue never held it.
 */

import type { CaseView, WithdrawnView } from "../domain/case-views.ts";
import { ageSealing } from "../functions/adapters/seal.ts";
import type { Envelope, Notice } from "../functions/ports/queues.ts";
import { UsageError } from "./io.ts";

/** A case as the command prints it: the clear part, and the sealed parts it could open. */
export interface OpenedCase
  extends Envelope,
    Partial<
      Pick<
        CaseView,
        | "triage"
        | "routing"
        | "municipality"
        | "contactLanguages"
        | "situation"
        | "circumstances"
        | "unproven"
      >
    > {
  narrative?: string;
  contact?: unknown;
  /** sealed parts this identity could not open (sealed to another staff list) */
  unreadable?: string[];
  /** the person withdrew their consent or deleted the case: nothing of it is left to read */
  withdrawn?: { kind: "consent" | "delete"; at: number };
  /** the case is no longer the organisation's to read (it expired, or was routed away) */
  gone?: true;
}

export interface OrganisationApi {
  /** the API's base URL: `http://127.0.0.1:8080` for `intake dev`, the site's URL on AWS */
  url: string;
  token: string;
}

async function call<T>(api: OrganisationApi, path: string): Promise<{ status: number; body: T }> {
  let response: Response;
  try {
    response = await fetch(new URL(`/api/v1/${path}`, api.url), {
      headers: { Authorization: `Bearer ${api.token}` },
    });
  } catch {
    throw new UsageError("The organisations' API cannot be reached. Is the system running?");
  }
  if (response.status === 401 || response.status === 403)
    throw new UsageError("The token was refused: unknown, expired or revoked.");
  if (response.status === 429)
    throw new UsageError("Too many requests with this token: try again in a minute.");
  if (response.status !== 200 && response.status !== 404)
    throw new UsageError(`The organisations' API answered ${response.status}.`);
  return { status: response.status, body: (await response.json()) as T };
}

/** Refuses a token of another organisation before anything is read or taken off the queue. */
export async function checkToken(api: OrganisationApi, organisation: string): Promise<void> {
  const { status, body } = await call<{ organisation?: string }>(api, "org/me");
  if (status !== 200 || body.organisation !== organisation)
    throw new UsageError("The token is not one of this organisation's.");
}

async function openPart(armored: string, identities: string[]): Promise<string | null> {
  for (const identity of identities) {
    const text = await ageSealing.open(identity, armored);
    if (text !== null) return text;
  }
  return null;
}

/** The case an envelope points at, opened; a notice as it came. */
export async function openPointedCase(
  api: OrganisationApi,
  message: Envelope | Notice,
  identities: string[],
): Promise<OpenedCase | Notice> {
  if (message.kind !== "case") return message;
  const envelope: Envelope = {
    kind: "case",
    envelopeId: message.envelopeId,
    version: message.version,
    caseId: message.caseId,
    organisation: message.organisation,
    receivedAt: message.receivedAt,
    urgency: message.urgency,
    test: message.test,
  };
  const { status, body } = await call<CaseView | WithdrawnView>(
    api,
    `org/cases/${encodeURIComponent(message.caseId)}`,
  );
  if (status === 404) return { ...envelope, gone: true };
  if ("withdrawn" in body) return { ...envelope, withdrawn: body.withdrawn };
  const opened: OpenedCase = {
    ...envelope,
    triage: body.triage,
    routing: body.routing,
    municipality: body.municipality,
    contactLanguages: body.contactLanguages,
    situation: body.situation,
    circumstances: body.circumstances,
    unproven: body.unproven,
  };
  for (const part of ["narrative", "contact"] as const) {
    const armored = body.sealed[part];
    if (!armored) continue;
    const text = await openPart(armored, identities);
    if (text === null) opened.unreadable = [...(opened.unreadable ?? []), part];
    else if (part === "contact") opened.contact = JSON.parse(text);
    else opened.narrative = text;
  }
  return opened;
}
