/**
 * Removing a test case (a report marked `test`, contract section 2) once its check is done: its
 * assignments, so that it leaves every inbox at once, and the case. An adapter removes a case
 * only while it is marked `test`, whatever its caller checked before.
 */
export interface TestCases {
  /** Removes the case and its assignments if the case is marked test; what it removed. */
  remove(caseId: string): Promise<{ assignments: number; case: boolean }>;
}
