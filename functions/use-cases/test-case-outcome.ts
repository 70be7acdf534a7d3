/**
 * What ops may see and do of a test case (a report marked `test`, contract section 7): its
 * routing outcome (the case's state and, for each organisation the decision routes it to, its
 * assignment's state) and its removal. Nothing of what the report says is answered, and a case
 * that is not marked test is 404, the same as one that does not exist: an ops credential learns
 * nothing of a real person's case here. The canary (run-canary.ts) uses both.
 */
import type { TestOutcome } from "../../domain/canary.ts";
import type { AuditLog, Caller } from "../ports/access.ts";
import type { AssignmentStore } from "../ports/assignment-store.ts";
import type { CaseRecord, CaseStore } from "../ports/case-store.ts";
import type { TestCases } from "../ports/test-cases.ts";
import { CaseNotFoundError } from "./case-access.ts";

export interface TestCaseDeps {
  cases: Pick<CaseStore, "get">;
  assignments: Pick<AssignmentStore, "ofCase">;
  testCases: TestCases;
  audit: AuditLog;
}

async function testCase(deps: TestCaseDeps, caseId: string, now: number): Promise<CaseRecord> {
  const record = await deps.cases.get(caseId, now);
  if (!record?.test) throw new CaseNotFoundError("No such case.");
  return record;
}

export async function testCaseOutcome(
  deps: TestCaseDeps,
  caseId: string,
  now: number,
): Promise<TestOutcome & { caseId: string }> {
  const record = await testCase(deps, caseId, now);
  const assignments = await deps.assignments.ofCase(caseId);
  const stateOf = new Map(assignments.map((a) => [a.organisation, a.state as string]));
  return {
    caseId,
    state: record.state,
    organisations: record.decision.routing.organisations.map((organisation) => ({
      organisation,
      state: stateOf.get(organisation) ?? "none",
    })),
  };
}

/** Removes a test case and its assignments; written to the ops audit trail. */
export async function removeTestCase(
  deps: TestCaseDeps,
  caller: Caller,
  caseId: string,
  now: number,
): Promise<{ removed: { assignments: number; case: boolean } }> {
  await testCase(deps, caseId, now);
  const removed = await deps.testCases.remove(caseId);
  await deps.audit.append({
    at: now,
    organisation: "ops",
    actor: `ops:${caller.name}`,
    action: "test_removed",
    caseId,
    detail: { assignments: String(removed.assignments) },
  });
  return { removed };
}
