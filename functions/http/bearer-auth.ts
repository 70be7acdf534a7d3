/**
 * Who calls, from the `Authorization: Bearer …` header (use-cases/credentials.ts), or the
 * contract's answer for nobody: 401 with `WWW-Authenticate`, or 429 past the per-minute limit.
 * The organisations' API and the monitor's API ask first, so that an unknown caller learns
 * nothing, not even which paths exist.
 */
import type { Caller, CredentialStore } from "../ports/access.ts";
import { authenticate } from "../use-cases/credentials.ts";
import { type BodyEvent, header } from "./middleware.ts";
import { HttpProblemError } from "./problems.ts";

export async function callerOf(
  deps: { credentials: CredentialStore },
  event: BodyEvent,
  now: number,
): Promise<Caller> {
  const auth = await authenticate(deps, header(event, "authorization"), now);
  if (auth.ok) return auth.credential.caller;
  if (auth.problem === "too_many_requests")
    throw new HttpProblemError(429, "too_many_requests", "Too many requests. Wait a minute.", {
      "Retry-After": "60",
    });
  throw new HttpProblemError(401, "unauthorized", "A valid access token is required.", {
    "WWW-Authenticate": 'Bearer realm="intake"',
  });
}

export const FORBIDDEN = () =>
  new HttpProblemError(403, "forbidden", "This credential may not do this.");
