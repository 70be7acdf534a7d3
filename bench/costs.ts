/**
 * The cost estimate of a region (`npx tsx bench/costs.ts`, and a section of `npm run bench`):
 * its stacks synthesized as the tests do (no Docker, no credentials), the billed resources
 * counted in the templates and the region file, priced by bench/cost-model.ts. The baseline,
 * in the same run: the same region cut down to its coordinating organisation.
 */
import { fileURLToPath } from "node:url";
import type { Region } from "../domain/region.ts";
import { sampleRegion, synthesize } from "../test/helpers/synth.ts";
import {
  idleMonthly,
  perThousandReports,
  type RegionCounts,
  smsPerAlert,
  sum,
  USAGE,
} from "./cost-model.ts";
import { table } from "./measure.ts";

interface Resource {
  Type: string;
  Properties?: Record<string, unknown>;
}

const ofType = (resources: readonly Resource[], type: string) =>
  resources.filter((resource) => resource.Type === type);

/** A function's memory, found by its description's start (lib/intake-api.ts and the others). */
function memoryOf(functions: readonly Resource[], description: string): number {
  const found = functions.find((fn) =>
    String(fn.Properties?.Description ?? "").startsWith(description),
  );
  if (!found) throw new Error(`No function described "${description}…" in the template`);
  return Number(found.Properties?.MemorySize);
}

const RUNS_A_MONTH: Readonly<Record<string, number>> = { minute: 43_200, minutes: 43_200 };

/** Runs a month of `rate(N unit)`. */
function runsPerMonth(expression: string): number {
  const match = /^rate\((\d+) (minutes?|hours?)\)$/.exec(expression);
  if (!match) throw new Error(`Unknown schedule ${expression}`);
  const perMinuteUnit = RUNS_A_MONTH[match[2] ?? ""] ?? 720;
  return perMinuteUnit / Number(match[1]);
}

/** The resource a `{ Ref }` names. */
function referenced(all: Record<string, Resource>, value: unknown): Resource {
  const id = (value as { Ref?: string } | undefined)?.Ref;
  const found = id ? all[id] : undefined;
  if (!found) throw new Error(`No resource for ${JSON.stringify(value)}`);
  return found;
}

/** The canary's function, by its description's start (lib/canary.ts). */
const CANARY_DESCRIPTION = "The canary";

/**
 * Each schedule's runs a month, its function's memory and whether it is the canary (priced
 * apart, with the calls it makes): rule → target alias → function.
 */
function schedules(resources: Resource[], all: Record<string, Resource>) {
  return ofType(resources, "AWS::Events::Rule").map((rule) => {
    const [target] = (rule.Properties?.Targets ?? []) as { Arn: unknown }[];
    let fn = referenced(all, target?.Arn);
    if (fn.Type === "AWS::Lambda::Alias") fn = referenced(all, fn.Properties?.FunctionName);
    return {
      runsPerMonth: runsPerMonth(String(rule.Properties?.ScheduleExpression)),
      memoryMb: Number(fn.Properties?.MemorySize),
      canary: String(fn.Properties?.Description ?? "").startsWith(CANARY_DESCRIPTION),
    };
  });
}

/** One metric per single-metric alarm; a math alarm is billed per metric it reads. */
const alarmMetrics = (alarms: readonly Resource[]) =>
  alarms.reduce((total, alarm) => {
    const metrics = alarm.Properties?.Metrics as { MetricStat?: unknown }[] | undefined;
    return total + (metrics ? metrics.filter((m) => m.MetricStat).length : 1);
  }, 0);

export function countsOf(region: Region): { counts: RegionCounts; kinds: Set<string> } {
  const synthesized = synthesize(region);
  const templates = [
    synthesized.template,
    synthesized.edgeTemplate,
    synthesized.edgeAlarmsTemplate,
  ];
  const all: Record<string, Resource> = Object.assign(
    {},
    ...templates.map((t) => t.toJSON().Resources as Record<string, Resource>),
  );
  const resources = Object.values(all);
  const functions = ofType(resources, "AWS::Lambda::Function");
  const scheduled = schedules(resources, all);
  const canary = scheduled.find((schedule) => schedule.canary);
  return {
    kinds: new Set(resources.map((r) => r.Type)),
    counts: {
      organisations: region.organisations.length,
      withQueues: region.organisations.filter((o) => o.delivery === "both").length,
      kmsKeys: ofType(resources, "AWS::KMS::Key").length,
      secrets: ofType(resources, "AWS::SecretsManager::Secret").length,
      webAclRules: ofType(resources, "AWS::WAFv2::WebACL").map(
        (acl) => ((acl.Properties?.Rules ?? []) as unknown[]).length,
      ),
      alarmMetrics: alarmMetrics(ofType(resources, "AWS::CloudWatch::Alarm")),
      dashboards: ofType(resources, "AWS::CloudWatch::Dashboard").length,
      scheduledRuns: scheduled
        .filter((schedule) => !schedule.canary)
        .map(({ runsPerMonth, memoryMb }) => ({ runsPerMonth, memoryMb })),
      ...(canary
        ? { canary: { runsPerMonth: canary.runsPerMonth, memoryMb: canary.memoryMb } }
        : {}),
      queuePollers: ofType(resources, "AWS::Lambda::EventSourceMapping").length,
      memoryMb: {
        challenge: memoryOf(functions, "GET /api/v1/challenge"),
        intake: memoryOf(functions, "POST /api/v1/reports"),
        router: memoryOf(functions, "Routes each new case"),
        status: memoryOf(functions, "POST /api/v1/status"),
        org: memoryOf(functions, "/api/v1/org/"),
      },
    },
  };
}

/** The region with its coordinating organisation alone: the baseline. */
export function oneOrganisation(region: Region): Region {
  const coordinator = region.organisations.filter((o) => o.id === region.coordinator);
  return { ...region, organisations: coordinator };
}

const usd = (value: number) => `$${value < 1 ? value.toFixed(4) : value.toFixed(2)}`;

export function benchCosts(region: Region = sampleRegion()): string {
  const { counts } = countsOf(region);
  const { counts: base } = countsOf(oneOrganisation(region));
  const cold = { ...USAGE, coldShare: 1 };
  const pair = (lines: (c: RegionCounts) => { what: string; usd: number }[]) => {
    const ours = lines(counts);
    const theirs = lines(base);
    return [
      ...ours.map((line, i) => [line.what, usd(line.usd), usd(theirs[i]?.usd ?? 0)]),
      ["total", usd(sum(ours)), usd(sum(theirs))],
    ];
  };
  const header = ["", `${region.id} (${counts.organisations} organisations)`, "1 organisation"];
  return [
    "Costs (ESTIMATES: list prices in bench/cost-model.ts, usage from docs/deploy.md section 14)",
    `Fixed, a month (with no report at all):`,
    table([header, ...pair((c) => idleMonthly(c))]),
    `Per 1,000 reports, warm functions (${USAGE.routed} organisations routed a report, or all if fewer):`,
    table([
      header,
      ...pair((c) =>
        perThousandReports(c, { ...USAGE, routed: Math.min(USAGE.routed, c.organisations) }),
      ),
    ]),
    `Per 1,000 reports, every call a cold start (${USAGE.initMs} ms INIT billed, as since August 2025): ` +
      `${usd(sum(perThousandReports(counts, cold)))} (warm: ${usd(sum(perThousandReports(counts)))})`,
    `SMS: ${usd(smsPerAlert(1))} per alert per subscribed number (NL); ` +
      `one number per organisation routed: ${usd(smsPerAlert(USAGE.routed) * 1000)} per 1,000 reports`,
    "Previous section-14 figures (before edge alarms, WAF's 6 edge rules, the status page and INIT billing): " +
      "about $26 a month fixed, about $0.40 per 1,000 reports",
  ].join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(benchCosts());
