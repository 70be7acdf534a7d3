/**
 * One run of the canary (docs/deploy.md, "The canary"): what a person does, then what ops check.
 * It gets a proof-of-work challenge and solves it, posts the synthetic test report with the ops
 * credential, waits (at most CANARY_ROUTING_WAIT_MS) until the routing outcome says every
 * organisation the policy chose has the case, then removes the test case, whatever happened.
 * The result (a step name and an error code, never a body, a token or a receipt) is recorded as
 * the metric the canary's alarm watches.
 */
import {
  CANARY_POLL_MS,
  CANARY_ROUTING_WAIT_MS,
  judgeOutcome,
  type TestOutcome,
} from "../../domain/canary.ts";
import type { Region } from "../../domain/region.ts";
import { syntheticReport } from "../../domain/synthetic-report.ts";
import type {
  CanaryClock,
  CanaryCredential,
  CanaryResults,
  ProofSolver,
  PublicApi,
} from "../ports/canary.ts";

export const CANARY_NARRATIVE =
  "CANARY: a synthetic report sent by the region's scheduled canary. No person is behind it.";

export interface CanaryDeps {
  region: Region;
  api: PublicApi;
  solver: ProofSolver;
  credential: CanaryCredential;
  clock: CanaryClock;
  results: CanaryResults;
}

export type CanaryStep = "credential" | "challenge" | "report" | "routing" | "removal";

export interface CanaryResult {
  ok: boolean;
  /** the first step that failed */
  failed?: CanaryStep;
  /** why, as a code: an HTTP status, `parked`, `timeout`, or an error's name */
  problem?: string;
  caseId?: string;
  /** the organisations the case reached */
  reached: number;
  removed: boolean;
  ms: number;
}

class StepFailed extends Error {
  constructor(
    readonly step: CanaryStep,
    readonly problem: string,
  ) {
    super(`${step}: ${problem}`);
  }
}

/** Runs a step; anything it throws becomes that step's failure, named by the error's name. */
async function step<T>(name: CanaryStep, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof StepFailed) throw error;
    throw new StepFailed(name, error instanceof Error ? error.name : "Error");
  }
}

const refuse = (name: CanaryStep, status: number): never => {
  throw new StepFailed(name, `http_${status}`);
};

async function postedCase(deps: CanaryDeps, token: string, submissionId: string): Promise<string> {
  const challenge = await step("challenge", async () => {
    const answer = await deps.api.challenge();
    return answer.status === 200 ? answer.body : refuse("challenge", answer.status);
  });
  const proof = await step("challenge", () => deps.solver.solve(challenge));
  const report = { ...syntheticReport(deps.region, submissionId, CANARY_NARRATIVE), proof };
  return step("report", async () => {
    const answer = await deps.api.postReport(report, token);
    if (answer.status !== 201) refuse("report", answer.status);
    const caseId = answer.body?.caseId;
    if (typeof caseId !== "string") throw new StepFailed("report", "no_case_id");
    return caseId;
  });
}

/** Asks for the routing outcome until the case reached its organisations, or the wait is over. */
async function reachedOrganisations(
  deps: CanaryDeps,
  token: string,
  caseId: string,
): Promise<number> {
  const deadline = deps.clock.now() + CANARY_ROUTING_WAIT_MS;
  return step("routing", async () => {
    for (;;) {
      const answer = await deps.api.testOutcome(caseId, token);
      if (answer.status !== 200 || !answer.body) refuse("routing", answer.status);
      const outcome = answer.body as TestOutcome;
      const judged = judgeOutcome(outcome);
      if (judged === "reached") return outcome.organisations.length;
      if (judged === "parked") throw new StepFailed("routing", "parked");
      if (deps.clock.now() + CANARY_POLL_MS > deadline) throw new StepFailed("routing", "timeout");
      await deps.clock.sleep(CANARY_POLL_MS);
    }
  });
}

export async function runCanary(deps: CanaryDeps, submissionId: string): Promise<CanaryResult> {
  const started = deps.clock.now();
  const result: CanaryResult = { ok: false, reached: 0, removed: false, ms: 0 };
  let failure: StepFailed | undefined;
  try {
    const token = await step("credential", () => deps.credential.opsToken());
    result.caseId = await postedCase(deps, token, submissionId);
    try {
      result.reached = await reachedOrganisations(deps, token, result.caseId);
    } finally {
      // Removed whatever the routing did: a test case must not wait in an inbox.
      const caseId = result.caseId;
      await step("removal", async () => {
        const answer = await deps.api.removeTest(caseId, token);
        if (answer.status !== 200) refuse("removal", answer.status);
        result.removed = true;
      }).catch((error: StepFailed) => {
        failure ??= error;
      });
    }
  } catch (error) {
    if (!(error instanceof StepFailed)) throw error;
    // The routing's failure comes first: the removal's, if any, follows from it.
    failure = error;
  }
  if (failure) {
    result.failed = failure.step;
    result.problem = failure.problem;
  }
  result.ok = failure === undefined;
  result.ms = deps.clock.now() - started;
  await deps.results.record({ ok: result.ok, ms: result.ms });
  return result;
}
