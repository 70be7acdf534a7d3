/**
 * Triage (docs/triage-policy.md): how fast someone must act, what the person needs, and
 * whether this is a multi-problem or a repeat case. Each table below is one section of the
 * policy, rule for rule, in the policy's order, so that `reasons` comes out in that order.
 */
import type { RuleId, Triage } from "./decision.ts";
import { normaliseReceipt } from "./receipt.ts";
import type { Report } from "./report.ts";
import {
  type Circumstance,
  type ExploitationType,
  type Indicator,
  type Loss,
  NEEDS,
  type Need,
  POLICY_VERSION,
  type Urgency,
} from "./vocabulary.ts";

/** A list of at most a dozen members: `includes` is as fast as a Set here, and allocates nothing. */
type Members<T> = readonly T[];

/** The policy's "Words", computed once per report. */
export interface Facts {
  report: Report;
  /**
   * The policy's types are `exploitation` without `unsure`; the rules below only ask whether
   * a named type is present, so `unsure` may stay in the list.
   */
  types: Members<ExploitationType>;
  /** `minor` is yes or unsure: a person of uncertain age is treated as a child */
  child: boolean;
  indicators: Members<Indicator>;
  lost: Members<Loss>;
  /** the needs as the person sent them */
  own: Members<Need>;
  circumstances: Members<Circumstance>;
  /** `previousReceipt` present and well-formed; never whether it exists */
  linked: boolean;
}

const NONE: readonly never[] = [];

export function factsOf(report: Report): Facts {
  return {
    report,
    types: report.exploitation,
    child: report.minor !== "no",
    indicators: report.indicators,
    lost: report.lost,
    own: report.needs,
    circumstances: report.circumstances ?? NONE,
    linked:
      report.previousReceipt !== undefined && normaliseReceipt(report.previousReceipt) !== null,
  };
}

type Condition = (facts: Facts) => boolean;

const STRONG_INDICATORS: readonly Indicator[] = [
  "violence",
  "sexual_violence",
  "threats",
  "restricted_movement",
  "forced_crime",
];
const CONTROL_INDICATORS: readonly Indicator[] = [
  "documents_withheld",
  "debt_bondage",
  "isolation",
  "housing_via_employer",
];

function anyOf<T>(list: Members<T>, members: readonly T[]): boolean {
  for (const member of members) if (list.includes(member)) return true;
  return false;
}

/** Needs: N1-N12. */
const NEED_RULES: ReadonlyArray<{ id: RuleId; when: Condition; adds: readonly Need[] }> = [
  { id: "N1", when: (f) => f.report.inDanger !== "no", adds: ["safety"] },
  {
    id: "N2",
    when: (f) =>
      f.lost.includes("housing") ||
      (f.indicators.includes("housing_via_employer") && f.lost.includes("job")),
    adds: ["shelter"],
  },
  {
    id: "N3",
    when: (f) => anyOf(f.lost, ["job", "income"]) || f.indicators.includes("wages_withheld"),
    adds: ["income"],
  },
  {
    id: "N4",
    when: (f) =>
      anyOf(f.lost, ["residence_permit", "documents"]) ||
      f.indicators.includes("documents_withheld"),
    adds: ["residence", "legal"],
  },
  {
    id: "N5",
    when: (f) => anyOf(f.indicators, ["violence", "sexual_violence"]),
    adds: ["medical", "safety"],
  },
  { id: "N6", when: (f) => f.child, adds: ["youth_protection"] },
  { id: "N7", when: (f) => f.indicators.includes("debt_bondage"), adds: ["debt"] },
  { id: "N8", when: (f) => anyOf(f.indicators, ["wages_withheld", "deception"]), adds: ["legal"] },
  { id: "N9", when: (f) => f.indicators.includes("threats"), adds: ["safety"] },
  {
    id: "N10",
    when: (f) => f.types.includes("criminal") || f.indicators.includes("forced_crime"),
    adds: ["legal"],
  },
  { id: "N11", when: (f) => f.circumstances.includes("pregnant"), adds: ["medical"] },
  { id: "N12", when: (f) => f.circumstances.includes("children_with_me"), adds: ["children"] },
];

/** The life domains of M1, each touched when any of its signs is present. */
const DOMAINS: ReadonlyArray<[string, Condition]> = Object.entries({
  work: (f: Facts) =>
    anyOf(f.lost, ["job", "income"]) ||
    f.indicators.includes("wages_withheld") ||
    anyOf(f.own, ["income", "work"]),
  housing: (f: Facts) => f.lost.includes("housing") || f.own.includes("shelter"),
  status: (f: Facts) =>
    anyOf(f.lost, ["residence_permit", "documents"]) ||
    f.indicators.includes("documents_withheld") ||
    f.own.includes("residence"),
  safety: (f: Facts) =>
    f.report.inDanger === "yes" ||
    anyOf(f.indicators, ["violence", "sexual_violence", "threats"]) ||
    f.own.includes("safety"),
  health: (f: Facts) =>
    anyOf(f.own, ["medical", "psychosocial"]) || f.circumstances.includes("pregnant"),
  debt: (f: Facts) => f.indicators.includes("debt_bondage") || f.own.includes("debt"),
  justice: (f: Facts) => f.types.includes("criminal") || f.indicators.includes("forced_crime"),
  family: (f: Facts) => f.circumstances.includes("children_with_me") || f.own.includes("children"),
});

export function domainsTouched(facts: Facts): string[] {
  return DOMAINS.filter(([, touched]) => touched(facts)).map(([domain]) => domain);
}

function countDomains(facts: Facts): number {
  let count = 0;
  for (const [, touched] of DOMAINS) if (touched(facts)) count++;
  return count;
}

/** Repeat risk: R1-R4. */
const REPEAT_RULES: ReadonlyArray<{ id: RuleId; when: Condition }> = [
  { id: "R1", when: (f) => f.report.previouslyExploited === "yes" },
  { id: "R2", when: (f) => f.linked },
  { id: "R3", when: (f) => f.report.situation === "left_in_contact" },
  {
    id: "R4",
    when: (f) =>
      f.child &&
      (anyOf(f.types, ["criminal", "sexual", "online_sexual"]) ||
        f.indicators.includes("forced_crime")),
  },
];

interface Flags {
  multiProblem: boolean;
  repeatRisk: boolean;
}

/** Urgency: E1-E3 (emergency) and H1-H6 (high); I1 and S1 are decided after them. */
const URGENCY_RULES: ReadonlyArray<{
  id: RuleId;
  level: "emergency" | "high";
  when: (f: Facts, flags: Flags) => boolean;
}> = [
  { id: "E1", level: "emergency", when: (f) => f.report.inDanger === "yes" },
  {
    id: "E2",
    level: "emergency",
    when: (f) =>
      f.child &&
      (anyOf(f.types, ["sexual", "online_sexual", "criminal", "forced_marriage"]) ||
        anyOf(f.indicators, ["violence", "sexual_violence", "threats", "restricted_movement"])),
  },
  {
    id: "E3",
    level: "emergency",
    when: (f) =>
      f.indicators.includes("restricted_movement") &&
      anyOf(f.indicators, ["violence", "sexual_violence", "threats"]) &&
      f.report.situation !== "left_no_contact",
  },
  { id: "H1", level: "high", when: (f) => f.child },
  { id: "H2", level: "high", when: (f) => f.report.inDanger === "unsure" },
  { id: "H3", level: "high", when: (f) => anyOf(f.indicators, STRONG_INDICATORS) },
  { id: "H4", level: "high", when: (_, flags) => flags.multiProblem },
  { id: "H5", level: "high", when: (_, flags) => flags.repeatRisk },
  {
    id: "H6",
    level: "high",
    when: (f) =>
      CONTROL_INDICATORS.reduce((n, sign) => n + (f.indicators.includes(sign) ? 1 : 0), 0) +
        (f.circumstances.includes("phone_monitored") ? 1 : 0) >=
      2,
  },
];

const NEED_ORDER = [...NEEDS].sort();

/** `needs` in ascending code-unit order of the enum strings, each once. */
function sortedNeeds(needs: ReadonlySet<Need>): Need[] {
  return NEED_ORDER.filter((need) => needs.has(need));
}

export function triage(report: Report): Triage {
  const facts = factsOf(report);
  const reasons: RuleId[] = [];

  const needs = new Set<Need>(facts.own);
  for (const rule of NEED_RULES) {
    if (!rule.when(facts)) continue;
    reasons.push(rule.id);
    for (const need of rule.adds) needs.add(need);
  }

  const multiProblem = countDomains(facts) >= 3;
  if (multiProblem) reasons.push("M1");

  let repeatRisk = false;
  for (const rule of REPEAT_RULES) {
    if (!rule.when(facts)) continue;
    reasons.push(rule.id);
    repeatRisk = true;
  }

  let urgency: Urgency | undefined;
  for (const rule of URGENCY_RULES) {
    if (!rule.when(facts, { multiProblem, repeatRisk })) continue;
    reasons.push(rule.id);
    urgency ??= rule.level; // the rules are ordered from the highest level down
  }

  if (
    urgency === undefined &&
    facts.indicators.length === 0 &&
    facts.lost.length === 0 &&
    facts.circumstances.length === 0 &&
    facts.own.length === 1 &&
    facts.own.includes("information")
  ) {
    reasons.push("I1");
    urgency = "information";
  }
  if (urgency === undefined) {
    reasons.push("S1");
    urgency = "standard";
  }

  return {
    urgency,
    needs: sortedNeeds(needs),
    multiProblem,
    repeatRisk,
    reasons,
    policy: POLICY_VERSION,
  };
}
