/**
 * Decisions per second of triage() + route() over 100,000 generated reports of the sample
 * region, on one core; target at least 100,000/s. Beside it, in the same run, the cost of a
 * baseline everybody knows (JSON.stringify of the same report) and of validating the report.
 */
import fc from "fast-check";
import { parseReport } from "../domain/report.ts";
import { decide } from "../domain/route.ts";
import { reportArbitrary } from "../test/helpers/arbitraries.ts";
import { sampleRegion } from "../test/helpers/region-factory.ts";
import { medianMs, perSecond, table } from "./measure.ts";

const COUNT = 100_000;

export function benchDecisions(): string {
  const reports = fc.sample(reportArbitrary(sampleRegion), { numRuns: COUNT, seed: 20261128 });
  let sink = 0;
  const decideMs = medianMs(5, () => {
    for (const report of reports) sink += decide(report, sampleRegion).routing.organisations.length;
  });
  const stringifyMs = medianMs(5, () => {
    for (const report of reports) sink += JSON.stringify(report).length;
  });
  const validateMs = medianMs(3, () => {
    for (const report of reports) sink += parseReport(report, sampleRegion, "cli").needs.length;
  });
  if (sink === 0) throw new Error("nothing was measured");
  return [
    `triage() + route() over ${COUNT.toLocaleString("en")} generated reports (median of 5 rounds, one core; target ≥ 100,000/s)`,
    table([
      ["what", "per second", "ms per 100k"],
      ["triage() + route()", perSecond(COUNT, decideMs), decideMs.toFixed(0)],
      ["baseline: JSON.stringify(report)", perSecond(COUNT, stringifyMs), stringifyMs.toFixed(0)],
      ["validation: parseReport()", perSecond(COUNT, validateMs), validateMs.toFixed(0)],
    ]),
  ].join("\n");
}
