/**
 * Routing (docs/triage-policy.md, G0-G6): the smallest set of organisations that together
 * cover every need, safety first, the coordinator keeping the thread for the hardest cases,
 * and every need that nobody covers recorded as a care gap.
 */
import type { Decision, Gap, Routing, Triage } from "./decision.ts";
import type { Organisation, Region } from "./region.ts";
import type { Report } from "./report.ts";

/**
 * What routing reads of a report (rules G0-G6), and nothing else: a case keeps this much, so
 * that it can be routed again when an organisation declines, without keeping the report.
 */
export interface RoutingInput {
  reporter: Report["reporter"];
  minor: Report["minor"];
  municipality: string;
  exploitation: Report["exploitation"];
  contactLanguages: string[];
  /** `checkIns` is not routed on: it is kept with the rest of the consent the case needs */
  consent: Report["consent"];
  contact: Pick<Report["contact"], "channel">;
  /** a report marked `test` (contract section 2): routed among the test organisations */
  test?: boolean;
}

export function routingInputOf(report: Report): RoutingInput {
  return {
    reporter: report.reporter,
    minor: report.minor,
    municipality: report.municipality,
    exploitation: report.exploitation,
    contactLanguages: report.contactLanguages,
    consent: report.consent,
    contact: { channel: report.contact.channel },
    ...(report.test === true ? { test: true } : {}),
  };
}

import { primarySubtag } from "./text.ts";
import { triage } from "./triage.ts";
import type { Need } from "./vocabulary.ts";

const scopes = new WeakMap<Region, { real: Region; test: Region }>();

/**
 * The region as routing sees one report. When the region has test organisations (`"test":
 * true`, ops' own), a test report is routed among them alone, the first of them in the
 * coordinator's place, and any other report among the rest: the smoke test and the canary
 * never reach a real organisation's inbox, queue or alerts, and no person's report reaches a
 * test organisation. A region without one routes a test report as any other (marked test).
 */
export function routingScope(region: Region, test: boolean): Region {
  let scope = scopes.get(region);
  if (!scope) {
    const tests = region.organisations.filter((organisation) => organisation.test === true);
    const [first] = tests;
    scope = first
      ? {
          real: {
            ...region,
            organisations: region.organisations.filter((organisation) => !organisation.test),
          },
          test: { ...region, organisations: tests, coordinator: first.id },
        }
      : { real: region, test: region };
    scopes.set(region, scope);
  }
  return test ? scope.test : scope.real;
}

const nothingRouted = (): Routing => ({
  organisations: [],
  lead: null,
  gaps: [],
  coordinator: false,
  consentOverride: false,
});

const coordinatorAlone = (region: Region, consentOverride: boolean): Routing => ({
  organisations: [region.coordinator],
  lead: region.coordinator,
  gaps: [],
  coordinator: true,
  consentOverride,
});

/** G2: the organisations that may take this case, in the order of the region file. */
export function candidates(report: RoutingInput, child: boolean, region: Region): Organisation[] {
  // When the types are unknown (only `unsure`), every organisation matches.
  const typesKnown = report.exploitation.some((type) => type !== "unsure");
  return region.organisations.filter(
    (organisation) =>
      (organisation.municipalities.includes("*") ||
        (report.municipality !== "unknown" &&
          organisation.municipalities.includes(report.municipality))) &&
      (!typesKnown ||
        organisation.exploitation.includes("*") ||
        report.exploitation.some((type) => organisation.exploitation.includes(type))) &&
      (child ? organisation.minors !== false : organisation.minors !== "only") &&
      (organisation.kind !== "authority" || report.consent.authorities),
  );
}

/** The primary subtags an organisation speaks, worked out once per organisation. */
const spoken = new WeakMap<Organisation, ReadonlySet<string>>();

function speaksOneOf(organisation: Organisation, wanted: readonly string[]): boolean {
  let subtags = spoken.get(organisation);
  if (!subtags) {
    subtags = new Set(organisation.languages.map(primarySubtag));
    spoken.set(organisation, subtags);
  }
  for (const subtag of wanted) if (subtags.has(subtag)) return true;
  return false;
}

function countCovered(organisation: Organisation, uncovered: ReadonlySet<Need>): number {
  let count = 0;
  for (const need of organisation.needs) if (uncovered.has(need)) count++;
  return count;
}

/**
 * One G3 pick: the candidate that covers the most uncovered needs (at least one); on a tie,
 * one that speaks a wanted language; among those still tied, the earlier in the region file.
 * `mustCover` limits the pick to candidates that cover that need (safety first).
 */
function bestPick(
  pool: readonly Organisation[],
  uncovered: ReadonlySet<Need>,
  wanted: readonly string[],
  mustCover: Need | null,
): Organisation | undefined {
  let found: Organisation | undefined;
  let foundCount = 0;
  let foundSpeaks = false;
  for (const organisation of pool) {
    if (mustCover && !organisation.needs.includes(mustCover)) continue;
    const count = countCovered(organisation, uncovered);
    if (count === 0 || count < foundCount) continue;
    if (count > foundCount) {
      found = organisation;
      foundCount = count;
      foundSpeaks = speaksOneOf(organisation, wanted);
    } else if (!foundSpeaks && speaksOneOf(organisation, wanted)) {
      found = organisation;
      foundSpeaks = true;
    }
  }
  return found;
}

/** G3: the picks, in order, and the needs that stayed uncovered (in the order of `toCover`). */
export function pick(
  toCover: readonly Need[],
  pool: readonly Organisation[],
  contactLanguages: readonly string[],
): { chosen: Organisation[]; uncovered: Need[] } {
  const uncovered = new Set(toCover);
  const wanted = contactLanguages.map(primarySubtag);
  const chosen: Organisation[] = [];
  // Safety first: when some candidate covers safety, the first pick is made among those.
  let next =
    (uncovered.has("safety") ? bestPick(pool, uncovered, wanted, "safety") : undefined) ??
    bestPick(pool, uncovered, wanted, null);
  while (next) {
    chosen.push(next);
    for (const need of next.needs) uncovered.delete(need);
    // A chosen organisation now covers nothing uncovered, so it is never picked again.
    next = uncovered.size > 0 ? bestPick(pool, uncovered, wanted, null) : undefined;
  }
  return { chosen, uncovered: toCover.filter((need) => uncovered.has(need)) };
}

export function route(report: RoutingInput, verdict: Triage, whole: Region): Routing {
  const region = routingScope(whole, report.test === true);
  const child = report.minor !== "no";

  // G0 / G0a: without consent to share, only a child or a third party's report of someone in
  // danger now reaches the coordinator, who weighs it under its professional duties.
  if (!report.consent.share) {
    return verdict.urgency === "emergency" && (child || report.reporter === "someone_else")
      ? coordinatorAlone(region, true)
      : nothingRouted();
  }

  // G1: a request for information only goes to the coordinator, if the person can be reached.
  if (verdict.urgency === "information") {
    return report.contact.channel === "none" ? nothingRouted() : coordinatorAlone(region, false);
  }

  const toCover = verdict.needs.filter((need) => need !== "information");
  const { chosen, uncovered } = pick(
    toCover,
    candidates(report, child, region),
    report.contactLanguages,
  );

  // G4: needs is sorted, so the gaps come out sorted by need.
  const gaps: Gap[] = uncovered.map((need) => ({ need, municipality: report.municipality }));

  // G5: the coordinator keeps the thread of the hardest cases.
  const organisations = chosen.map((organisation) => organisation.id);
  if (
    !organisations.includes(region.coordinator) &&
    (gaps.length > 0 ||
      verdict.urgency === "emergency" ||
      verdict.multiProblem ||
      verdict.repeatRisk ||
      organisations.length === 0)
  ) {
    organisations.push(region.coordinator);
  }

  return {
    organisations,
    lead: organisations[0] ?? null, // G6
    gaps,
    coordinator: organisations.includes(region.coordinator),
    consentOverride: false,
  };
}

/** The whole decision of section 4 of the contract. */
export function decide(report: Report, region: Region): Decision {
  const verdict = triage(report);
  return { triage: verdict, routing: route(report, verdict, region) };
}
