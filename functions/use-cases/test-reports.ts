/**
 * Who may send a report marked `test` (contract section 2): ops alone, with an ops credential
 * of the organisations' API (`intake ops token issue NAME`) as `Authorization: Bearer …`. A test
 * report alerts nobody and its answer names its case, so from anyone else it is refused (403
 * `forbidden`), before idempotency and the proof, with nothing stored. A report without `test`
 * needs no credential and is never asked for one: reporting stays anonymous.
 */
import type { Report } from "../../domain/report.ts";
import type { CredentialStore } from "../ports/access.ts";
import { authenticate } from "./credentials.ts";

/** A test report without a valid ops credential (`forbidden`), or one over its rate limit. */
export class TestReportRefusedError extends Error {
  override name = "TestReportRefusedError";
  constructor(readonly problem: "forbidden" | "too_many_requests") {
    super(
      problem === "forbidden"
        ? "A test report needs an ops credential."
        : "Too many requests. Wait a minute.",
    );
  }
}

/** Passes a report without `test`; a test report only with an ops credential, else throws. */
export async function admitTestReport(
  deps: { credentials: CredentialStore },
  report: Pick<Report, "test">,
  authorization: string | undefined,
  now: number,
): Promise<void> {
  if (report.test !== true) return;
  const auth = await authenticate(deps, authorization, now);
  if (!auth.ok && auth.problem === "too_many_requests")
    throw new TestReportRefusedError("too_many_requests");
  if (!auth.ok || auth.credential.caller.kind !== "ops")
    throw new TestReportRefusedError("forbidden");
}
