import { describe, expect, it } from "vitest";
import {
  idleMonthly,
  PRICES,
  perThousandReports,
  RESOURCE_PRICING,
  type RegionCounts,
  smsPerAlert,
  sum,
  USAGE,
} from "../../bench/cost-model.ts";
import { countsOf, oneOrganisation } from "../../bench/costs.ts";
import { sampleRegion } from "../helpers/synth.ts";

const COUNTS: RegionCounts = {
  organisations: 4,
  withQueues: 2,
  kmsKeys: 3,
  secrets: 2,
  webAclRules: [6, 1],
  alarmMetrics: 20,
  dashboards: 1,
  scheduledRuns: [{ runsPerMonth: 1_000, memoryMb: 1024 }],
  queuePollers: 1,
  memoryMb: { challenge: 512, intake: 1024, router: 512, status: 1024, org: 512 },
};

const lineOf = (lines: { what: string; usd: number }[], start: string) => {
  const line = lines.find((l) => l.what.startsWith(start));
  if (!line) throw new Error(`no line "${start}"`);
  return line.usd;
};

describe("the fixed monthly part", () => {
  it.each([
    ["KMS keys", { kmsKeys: 7 }, 7 * PRICES.kmsKey.usd],
    ["Secrets Manager", { secrets: 5 }, 5 * PRICES.secret.usd],
    ["WAF", { webAclRules: [6, 1] }, 2 * PRICES.webAcl.usd + 7 * PRICES.webAclRule.usd],
    ["WAF", { webAclRules: [4] }, PRICES.webAcl.usd + 4 * PRICES.webAclRule.usd],
    ["CloudWatch alarm metrics", { alarmMetrics: 43 }, 43 * PRICES.alarmMetric.usd],
    ["CloudWatch dashboards", { dashboards: 2 }, 2 * PRICES.dashboard.usd],
    [
      "scheduled runs",
      { scheduledRuns: [{ runsPerMonth: 2_000, memoryMb: 512 }] },
      2_000 * PRICES.lambdaRequest.usd + 2_000 * 0.5 * 0.1 * PRICES.lambdaGbSecond.usd,
    ],
    [
      "Lambda's queue pollers",
      { queuePollers: 2 },
      2 * USAGE.pollsPerMinute * 60 * 24 * 30 * PRICES.sqsRequest.usd,
    ],
  ] as const)("prices %s from the counts %o", (start, change, expected) => {
    const lines = idleMonthly({ ...COUNTS, ...change });
    expect(lineOf(lines, start)).toBeCloseTo(expected, 10);
    expect(sum(lines)).toBeCloseTo(
      lines.reduce((total, line) => total + line.usd, 0),
      10,
    );
  });
});

describe("the canary's part of the month", () => {
  const CANARY = { runsPerMonth: 720, memoryMb: 512 };

  it("is no line when the region runs no canary", () => {
    expect(idleMonthly(COUNTS).some((line) => line.what.startsWith("the canary"))).toBe(false);
  });

  it("prices its runs and every call each run makes", () => {
    const lines = idleMonthly({ ...COUNTS, canary: CANARY });
    const gbs = (mb: number, ms: number) => (mb / 1024) * (ms / 1000) * PRICES.lambdaGbSecond.usd;
    const { memoryMb: m } = COUNTS;
    const { durationMs: d, writeUnits: w, readUnits: r, canaryChecks } = USAGE;
    const orgCalls = canaryChecks + 1;
    const apiCalls = 2 + orgCalls;
    const routed = COUNTS.organisations;
    const perRun =
      (4 + orgCalls) * PRICES.lambdaRequest.usd +
      gbs(CANARY.memoryMb, USAGE.canaryMs) +
      gbs(m.challenge, d.challenge) +
      gbs(m.intake, d.intake) +
      gbs(m.router, d.router) +
      orgCalls * gbs(m.org, d.org) +
      PRICES.secretsApiCall.usd +
      apiCalls *
        (PRICES.apiRequest.usd + 2 * PRICES.wafRequest.usd + PRICES.cloudFrontRequest.usd) +
      (w.report + routed * (w.perRouted + 1) + 2) * PRICES.dynamoWriteUnit.usd +
      (r.report + orgCalls * r.org) * PRICES.dynamoReadUnit.usd +
      (3 + 3 * routed * (COUNTS.withQueues / COUNTS.organisations)) * PRICES.sqsRequest.usd +
      ((4 + orgCalls) * USAGE.logBytesPerInvocation + apiCalls * USAGE.logBytesPerApiRequest) *
        (PRICES.logIngestGb.usd / 1024 ** 3);
    expect(lineOf(lines, "the canary (720 runs a month")).toBeCloseTo(720 * perRun, 10);
    expect(sum(lines) - sum(idleMonthly(COUNTS))).toBeCloseTo(720 * perRun, 10);
  });
});

describe("the cost per 1,000 reports", () => {
  it.each([
    [0, 1],
    [0.5, 1],
    [1, 2],
  ])("bills a cold start's INIT: cold share %d against warm, INIT ×%d", (coldShare, factor) => {
    const initMs = USAGE.initMs * factor;
    const warm = sum(perThousandReports(COUNTS));
    const cold = sum(perThousandReports(COUNTS, { ...USAGE, coldShare, initMs }));
    const { memoryMb: m } = COUNTS;
    // GB of each invocation a report makes, times the invocations per report.
    const gb =
      (m.challenge + m.intake + m.router) / 1024 +
      (USAGE.statusCalls * m.status) / 1024 +
      (USAGE.orgCalls * m.org) / 1024;
    const expected = 1000 * gb * coldShare * (initMs / 1000) * PRICES.lambdaGbSecond.usd;
    expect(cold - warm).toBeCloseTo(expected, 10);
  });

  it.each([1, 2, 4])("prices %d alerts a report: SNS publishes, KMS, and the emails", (routed) => {
    const lines = perThousandReports(COUNTS, { ...USAGE, routed });
    expect(lineOf(lines, "SNS alerts")).toBeCloseTo(
      1000 * routed * (PRICES.snsPublish.usd + 2 * PRICES.kmsRequest.usd),
      10,
    );
    expect(lineOf(lines, "alert emails")).toBeCloseTo(
      1000 * routed * USAGE.emailsPerOrg * PRICES.snsEmail.usd,
      10,
    );
    const { writeUnits: w, readUnits: r, statusCalls } = USAGE;
    expect(lineOf(lines, "DynamoDB")).toBeCloseTo(
      1000 *
        (w.report + routed * w.perRouted + statusCalls * w.status) *
        PRICES.dynamoWriteUnit.usd +
        1000 * (r.report + statusCalls * r.status) * PRICES.dynamoReadUnit.usd,
      10,
    );
    // SQS: the routing queue's three requests, three more per delivery queue reached.
    expect(lineOf(lines, "SQS")).toBeCloseTo(
      1000 * (3 + 3 * routed * (COUNTS.withQueues / COUNTS.organisations)) * PRICES.sqsRequest.usd,
      10,
    );
  });

  it.each([0, 3, 6])("counts %d status page calls a report", (statusCalls) => {
    const lines = perThousandReports(COUNTS, { ...USAGE, statusCalls });
    const seconds = USAGE.durationMs.status / 1000;
    expect(lineOf(lines, "Lambda: status page")).toBeCloseTo(
      1000 * statusCalls * (PRICES.lambdaRequest.usd + seconds * PRICES.lambdaGbSecond.usd),
      10,
    );
    expect(lineOf(lines, "API Gateway")).toBeCloseTo(
      1000 * (2 + statusCalls) * PRICES.apiRequest.usd,
      10,
    );
  });

  it.each([1, 3])("prices an SMS alert to %d numbers apart", (numbers) => {
    expect(smsPerAlert(numbers)).toBeCloseTo(numbers * PRICES.smsToNl.usd, 10);
  });

  it("labels every price with its page and the date it was read", () => {
    for (const price of Object.values(PRICES)) {
      expect(price.usd).toBeGreaterThan(0);
      expect(price.source).toMatch(/^https:\/\/aws\.amazon\.com\/.+\(read \d{4}-\d{2}\)$/);
    }
  });
});

describe("the counts, read from the synthesized templates", () => {
  const sample = countsOf(sampleRegion());
  const single = countsOf(oneOrganisation(sampleRegion()));

  it.each([
    ["the sample", sample],
    ["one organisation", single],
  ])("prices every resource kind of %s", (_, { kinds }) => {
    const unpriced = [...kinds].filter((kind) => !(kind in RESOURCE_PRICING));
    expect(unpriced).toEqual([]);
  });

  it("counts two alarms per delivery queue, from the region file", () => {
    const queues = sample.counts.withQueues - single.counts.withQueues;
    expect(queues).toBeGreaterThan(0);
    expect(sample.counts.alarmMetrics - single.counts.alarmMetrics).toBe(2 * queues);
  });

  it("prices a web ACL per ACL in the templates, the edge's and the API's", () => {
    expect(sample.counts.webAclRules).toHaveLength(2);
    expect(Math.min(...sample.counts.webAclRules)).toBeGreaterThan(0);
  });

  it("finds the canary's schedule apart, at the region file's interval, and none when it is off", () => {
    expect(sample.counts.canary).toEqual({ runsPerMonth: 720, memoryMb: 512 });
    expect(sample.counts.scheduledRuns.map((s) => s.runsPerMonth).sort((a, b) => a - b)).toEqual([
      8_640, 43_200,
    ]);
    const off = countsOf({ ...sampleRegion(), canary: { enabled: false } });
    expect(off.counts.canary).toBeUndefined();
    expect(off.counts.secrets).toBe(sample.counts.secrets - 1);
    expect(countsOf({ ...sampleRegion(), canary: { everyMinutes: 15 } }).counts.canary).toEqual({
      runsPerMonth: 2_880,
      memoryMb: 512,
    });
  });

  it("finds each schedule's function and its memory through the alias it targets", () => {
    expect(sample.counts.scheduledRuns.length).toBeGreaterThan(0);
    for (const schedule of sample.counts.scheduledRuns) {
      expect(schedule.memoryMb).toBeGreaterThanOrEqual(128);
      expect(schedule.runsPerMonth).toBeGreaterThan(0);
    }
  });
});
