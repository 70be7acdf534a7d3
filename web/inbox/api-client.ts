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

/** Calls this origin's API with a token; only ever the Authorization header carries it. */
export async function call<T>(
  token: string,
  method: "GET" | "POST",
  path: string,
  body?: unknown,
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api/v1/${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        Accept: "application/json",
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      cache: "no-store",
      credentials: "omit",
      redirect: "error",
      referrerPolicy: "no-referrer",
    });
  } catch {
    throw new ApiProblem({ status: 0, code: "network", message: "" });
  }
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
