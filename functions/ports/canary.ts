/**
 * What the canary (functions/use-cases/run-canary.ts) works with: the region's public API as a
 * person and ops reach it (over CloudFront, on AWS), a proof-of-work solver, the ops credential
 * it sends, the clock, and where it reports its result.
 */
import type { TestOutcome } from "../../domain/canary.ts";

/** An answer of the API: its status, and what the canary needs of its body. */
export interface ApiAnswer<T> {
  status: number;
  body?: T;
}

/** The region's public API (docs/report-contract.md, sections 1, 2 and 7). */
export interface PublicApi {
  /** `GET /api/v1/challenge`: a proof-of-work challenge */
  challenge(): Promise<ApiAnswer<unknown>>;
  /** `POST /api/v1/reports` with the ops credential as bearer token */
  postReport(
    report: Record<string, unknown>,
    opsToken: string,
  ): Promise<ApiAnswer<{ caseId?: unknown; routedTo?: unknown }>>;
  /** `GET /api/v1/ops/test-reports/{caseId}`: the routing outcome of a test case */
  testOutcome(caseId: string, opsToken: string): Promise<ApiAnswer<TestOutcome>>;
  /** `POST /api/v1/ops/test-reports/{caseId}/remove`: removes a test case */
  removeTest(caseId: string, opsToken: string): Promise<ApiAnswer<unknown>>;
}

/** Solves a challenge as the form's worker does; returns the `proof` to send. */
export interface ProofSolver {
  solve(challenge: unknown): Promise<string>;
}

/** The ops credential the canary sends (never logged, never in its environment in clear). */
export interface CanaryCredential {
  opsToken(): Promise<string>;
}

export interface CanaryClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** Where a run's result goes: a metric the alarm watches. */
export interface CanaryResults {
  record(result: { ok: boolean; ms: number }): Promise<void>;
}
