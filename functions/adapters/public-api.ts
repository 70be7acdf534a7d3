/**
 * The region's public API over HTTPS, as the canary calls it (the PublicApi port): the same
 * paths a person's browser and ops' tools call, through CloudFront on AWS (the API's own URL
 * refuses direct calls). Each call gives up after CALL_TIMEOUT_MS. Bodies are parsed here and
 * never logged; a body that is not JSON is answered as `undefined`, its status kept.
 */
import type { ApiAnswer, PublicApi } from "../ports/canary.ts";

export const CALL_TIMEOUT_MS = 10_000;

async function call<T>(
  siteUrl: string,
  path: string,
  init: { method: "GET" | "POST"; token?: string; body?: unknown },
): Promise<ApiAnswer<T>> {
  const response = await fetch(new URL(path, siteUrl), {
    method: init.method,
    headers: {
      Accept: "application/json",
      ...(init.body === undefined ? {} : { "Content-Type": "application/json" }),
      ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
  });
  const text = await response.text();
  try {
    return { status: response.status, body: text ? (JSON.parse(text) as T) : undefined };
  } catch {
    return { status: response.status };
  }
}

export function publicApi(siteUrl: string): PublicApi {
  const testCase = (caseId: string) => `/api/v1/ops/test-reports/${encodeURIComponent(caseId)}`;
  return {
    challenge: () => call(siteUrl, "/api/v1/challenge", { method: "GET" }),
    postReport: (report, token) =>
      call(siteUrl, "/api/v1/reports", { method: "POST", token, body: report }),
    testOutcome: (caseId, token) => call(siteUrl, testCase(caseId), { method: "GET", token }),
    removeTest: (caseId, token) =>
      call(siteUrl, `${testCase(caseId)}/remove`, { method: "POST", token, body: {} }),
  };
}
