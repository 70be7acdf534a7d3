/**
 * Calls to the organisations' API (contract, section 7) from this origin, and what it answers:
 * the answers' types are the API's own (domain/case-views.ts).
 */
import type { CaseView, WithdrawnView } from "../../domain/case-views.ts";
import type { ApiProblemShape } from "./api-problems.ts";

/** `GET /org/cases/{caseId}`: a case still open to the organisation, or one the person withdrew. */
export type AnyView = CaseView | WithdrawnView;

export const isWithdrawn = (view: AnyView): view is WithdrawnView =>
  (view as Partial<WithdrawnView>).withdrawn !== undefined;

export class ApiProblem extends Error {
  override name = "ApiProblem";
  constructor(readonly problem: ApiProblemShape) {
    super(problem.code);
  }
}

/** Asks this origin's API with a token; only ever the Authorization header carries it. */
async function send(
  token: string,
  method: "GET" | "POST",
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  try {
    return await fetch(`/api/v1/${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        Accept: "application/json",
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      // The browser keeps nothing of an answer; a conditional GET names the tag itself.
      cache: "no-store",
      credentials: "omit",
      redirect: "error",
      referrerPolicy: "no-referrer",
    });
  } catch {
    throw new ApiProblem({ status: 0, code: "network", message: "" });
  }
}

/** The answer's JSON, or the error it names in the contract's shape. */
async function answerOf<T>(response: Response): Promise<T> {
  let answer: unknown = null;
  try {
    answer = await response.json();
  } catch {
    answer = null;
  }
  if (!response.ok) {
    const error = (answer as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    throw new ApiProblem({
      status: response.status,
      code: typeof error?.code === "string" ? error.code : "",
      message: typeof error?.message === "string" ? error.message : "",
    });
  }
  return answer as T;
}

/** Calls this origin's API with a token, and gives its answer. */
export async function call<T>(
  token: string,
  method: "GET" | "POST",
  path: string,
  body?: unknown,
): Promise<T> {
  return answerOf<T>(await send(token, method, path, body));
}

/** A conditional GET's answer: the same as the tag named (`304`), or the body with its tag. */
export type Fresh<T> = { changed: false } | { changed: true; body: T; etag: string | null };

/**
 * A conditional GET (RFC 9110, 13.1.2): with the tag of the answer last seen in
 * `If-None-Match`, a `304 Not Modified` says nothing changed (and carries no body).
 */
export async function callIfChanged<T>(
  token: string,
  path: string,
  etag: string | null,
): Promise<Fresh<T>> {
  const response = await send(token, "GET", path, undefined, etag ? { "If-None-Match": etag } : {});
  if (response.status === 304) return { changed: false };
  const body = await answerOf<T>(response);
  return { changed: true, body, etag: response.headers.get("ETag") };
}
