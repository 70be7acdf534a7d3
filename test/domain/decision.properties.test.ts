/** Properties that hold for any valid report of the sample region (fast-check). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DecisionSchema, RULE_IDS } from "../../domain/decision.ts";
import { parseReport } from "../../domain/report.ts";
import { candidates, decide } from "../../domain/route.ts";
import { reportArbitrary } from "../helpers/arbitraries.ts";
import { sampleRegion as region } from "../helpers/region-factory.ts";

const reports = reportArbitrary(region);
const RUNS = { numRuns: 2000 };
const isChild = (minor: string) => minor !== "no";

describe("for any valid report", () => {
  it("the generator makes only reports that the contract accepts", () => {
    fc.assert(
      fc.property(reports, (report) => {
        expect(parseReport(report, region, "cli")).toEqual(report);
      }),
      { numRuns: 300 },
    );
  });

  it("the decision has the contract's shape", () => {
    fc.assert(
      fc.property(reports, (report) => {
        expect(DecisionSchema.safeParse(decide(report, region)).success).toBe(true);
      }),
      RUNS,
    );
  });

  it("needs are sorted and unique", () => {
    fc.assert(
      fc.property(reports, (report) => {
        const { needs } = decide(report, region).triage;
        expect(needs).toEqual([...new Set(needs)].sort());
      }),
      RUNS,
    );
  });

  it("needs hold every need the person asked for", () => {
    fc.assert(
      fc.property(reports, (report) => {
        expect(decide(report, region).triage.needs).toEqual(expect.arrayContaining(report.needs));
      }),
      RUNS,
    );
  });

  it("reasons are in the policy's order, each once, with exactly one of the urgency levels' rules deciding", () => {
    fc.assert(
      fc.property(reports, (report) => {
        const { reasons, urgency } = decide(report, region).triage;
        const positions = reasons.map((reason) => RULE_IDS.indexOf(reason));
        expect(positions).toEqual([...positions].sort((a, b) => a - b));
        expect(new Set(reasons).size).toBe(reasons.length);
        const has = (prefix: string) => reasons.some((reason) => reason.startsWith(prefix));
        const expected = has("E")
          ? "emergency"
          : has("H")
            ? "high"
            : has("I")
              ? "information"
              : "standard";
        expect(urgency).toBe(expected);
        expect(has("S")).toBe(urgency === "standard");
      }),
      RUNS,
    );
  });

  it("the lead is the first organisation, or null when none is routed", () => {
    fc.assert(
      fc.property(reports, (report) => {
        const { organisations, lead } = decide(report, region).routing;
        expect(lead).toBe(organisations[0] ?? null);
      }),
      RUNS,
    );
  });

  it("no organisation is routed twice", () => {
    fc.assert(
      fc.property(reports, (report) => {
        const { organisations } = decide(report, region).routing;
        expect(new Set(organisations).size).toBe(organisations.length);
      }),
      RUNS,
    );
  });

  it("every uncovered need is a gap, and every gap is uncovered", () => {
    fc.assert(
      fc.property(reports, (report) => {
        const { triage, routing } = decide(report, region);
        fc.pre(report.consent.share && triage.urgency !== "information");
        const covered = new Set(
          region.organisations
            .filter((organisation) => routing.organisations.includes(organisation.id))
            .flatMap((organisation) => organisation.needs),
        );
        const uncovered = triage.needs.filter(
          (need) => need !== "information" && !covered.has(need),
        );
        expect(routing.gaps).toEqual(
          uncovered.map((need) => ({ need, municipality: report.municipality })),
        );
      }),
      RUNS,
    );
  });

  it("without consent to share, nothing is routed but under G0a", () => {
    fc.assert(
      fc.property(reports, (report) => {
        fc.pre(!report.consent.share);
        const { triage, routing } = decide(report, region);
        const g0a =
          triage.urgency === "emergency" &&
          (isChild(report.minor) || report.reporter === "someone_else");
        expect(routing).toEqual(
          g0a
            ? {
                organisations: [region.coordinator],
                lead: region.coordinator,
                gaps: [],
                coordinator: true,
                consentOverride: true,
              }
            : {
                organisations: [],
                lead: null,
                gaps: [],
                coordinator: false,
                consentOverride: false,
              },
        );
      }),
      RUNS,
    );
  });

  it("an emergency shared with consent always involves the coordinator", () => {
    fc.assert(
      fc.property(reports, (report) => {
        const { triage, routing } = decide(report, region);
        fc.pre(report.consent.share && triage.urgency === "emergency");
        expect(routing.organisations).toContain(region.coordinator);
      }),
      RUNS,
    );
  });

  it("the coordinator flag is true exactly when the coordinator is routed", () => {
    fc.assert(
      fc.property(reports, (report) => {
        const { routing } = decide(report, region);
        expect(routing.coordinator).toBe(routing.organisations.includes(region.coordinator));
      }),
      RUNS,
    );
  });

  it("consentOverride is set only without consent to share", () => {
    fc.assert(
      fc.property(reports, (report) => {
        const { routing } = decide(report, region);
        if (routing.consentOverride) expect(report.consent.share).toBe(false);
      }),
      RUNS,
    );
  });

  it("an authority is routed only with consent to authorities, and only candidates or the coordinator are routed", () => {
    fc.assert(
      fc.property(reports, (report) => {
        const { routing } = decide(report, region);
        const allowed = new Set(candidates(report, isChild(report.minor), region).map((o) => o.id));
        for (const id of routing.organisations) {
          const organisation = region.organisations.find((o) => o.id === id);
          if (organisation?.kind === "authority") expect(report.consent.authorities).toBe(true);
          if (id !== region.coordinator) expect(allowed.has(id)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it("the decision is deterministic and does not depend on the order of the person's lists", () => {
    fc.assert(
      fc.property(reports, (report) => {
        const reversed = {
          ...report,
          needs: [...report.needs].reverse(),
          lost: [...report.lost].reverse(),
          indicators: [...report.indicators].reverse(),
          exploitation: [...report.exploitation].reverse(),
          circumstances: report.circumstances ? [...report.circumstances].reverse() : undefined,
        };
        if (!reversed.circumstances) delete reversed.circumstances;
        const decision = decide(report, region);
        expect(decide(structuredClone(report), region)).toEqual(decision);
        expect(decide(reversed, region)).toEqual(decision);
      }),
      RUNS,
    );
  });

  it("a decision never depends on whether a previous receipt exists, only on its form", () => {
    fc.assert(
      fc.property(reports, fc.stringMatching(/^\d{16}$/), (report, other) => {
        fc.pre(report.previousReceipt !== undefined);
        expect(decide({ ...report, previousReceipt: other }, region)).toEqual(
          decide(report, region),
        );
      }),
      { numRuns: 500 },
    );
  });
});
