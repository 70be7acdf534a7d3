/**
 * `intake triage [--region FILE] [FILE|-]`: the decision of section 4 of the contract for one
 * report, or a JSON array of decisions for an array of reports, storing nothing.
 */
import type { Decision } from "../domain/decision.ts";
import {
  type FieldError,
  INVALID_REPORT_MESSAGE,
  InvalidInputError,
} from "../domain/invalid-input.ts";
import { parseJsonText } from "../domain/json-text.ts";
import type { Region } from "../domain/region.ts";
import { type Report, reportProblems } from "../domain/report.ts";
import { decide } from "../domain/route.ts";

const invalid = (fields: FieldError[]) =>
  new InvalidInputError("invalid_report", INVALID_REPORT_MESSAGE, fields);

/** Parses the text of one report or an array of them; every field at fault of every member. */
export function triageText(text: string, region: Region): Decision | Decision[] {
  const input = parseJsonText(text);
  const many = Array.isArray(input);
  const candidates: unknown[] = many ? (input as unknown[]) : [input];
  const reports: Report[] = [];
  const problems: FieldError[] = [];
  candidates.forEach((candidate, index) => {
    const result = reportProblems(candidate, region, "cli", many ? [index] : []);
    if (result.report) reports.push(result.report);
    else problems.push(...result.problems);
  });
  if (problems.length > 0) throw invalid(problems);

  const decisions = reports.map((report) => decide(report, region));
  return many ? decisions : (decisions[0] as Decision);
}
