/** The TestCases port over the in-memory rows, as functions/adapters/dynamo-test-cases.ts does it. */
import type { TestCases } from "../../../functions/ports/test-cases.ts";
import type { InMemoryAssignments } from "./assignment-store.ts";
import type { InMemoryCases } from "./case-store.ts";

export function inMemoryTestCases(stored: InMemoryCases, assigned: InMemoryAssignments): TestCases {
  return {
    async remove(caseId) {
      if (stored.rows.get(caseId)?.test !== true) return { assignments: 0, case: false };
      const keys = [...assigned.rows.keys()].filter((key) => key.startsWith(`${caseId}|`));
      for (const key of keys) assigned.rows.delete(key);
      stored.rows.delete(caseId);
      return { assignments: keys.length, case: true };
    },
  };
}
