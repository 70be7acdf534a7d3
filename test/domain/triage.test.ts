import { describe, expect, it } from "vitest";
import { domainsTouched, factsOf, triage } from "../../domain/triage.ts";
import {
  aReport,
  aWorkerWhoLostEverything,
  type ReportChanges,
} from "../helpers/report-factory.ts";

const reasonsOf = (changes: ReportChanges) => triage(aReport(changes)).reasons;

describe("the plain report", () => {
  it("triggers S1 alone: standard urgency, no needs, no flags", () => {
    expect(triage(aReport())).toEqual({
      urgency: "standard",
      needs: [],
      multiProblem: false,
      repeatRisk: false,
      reasons: ["S1"],
      policy: "1",
    });
  });
});

describe("needs (N1-N12)", () => {
  it.each<[string, ReportChanges, string[]]>([
    ["N1", { inDanger: "yes" }, ["safety"]],
    ["N1", { inDanger: "unsure" }, ["safety"]],
    ["N2", { lost: ["housing"] }, ["shelter"]],
    ["N2", { indicators: ["housing_via_employer"], lost: ["job"] }, ["shelter"]],
    ["N3", { lost: ["job"] }, ["income"]],
    ["N3", { lost: ["income"] }, ["income"]],
    ["N3", { indicators: ["wages_withheld"] }, ["income"]],
    ["N4", { lost: ["residence_permit"] }, ["residence", "legal"]],
    ["N4", { lost: ["documents"] }, ["residence", "legal"]],
    ["N4", { indicators: ["documents_withheld"] }, ["residence", "legal"]],
    ["N5", { indicators: ["violence"] }, ["medical", "safety"]],
    ["N5", { indicators: ["sexual_violence"] }, ["medical", "safety"]],
    ["N6", { minor: "yes" }, ["youth_protection"]],
    ["N6", { minor: "unsure" }, ["youth_protection"]],
    ["N7", { indicators: ["debt_bondage"] }, ["debt"]],
    ["N8", { indicators: ["wages_withheld"] }, ["legal"]],
    ["N8", { indicators: ["deception"] }, ["legal"]],
    ["N9", { indicators: ["threats"] }, ["safety"]],
    ["N10", { exploitation: ["criminal"] }, ["legal"]],
    ["N10", { indicators: ["forced_crime"] }, ["legal"]],
    ["N11", { circumstances: ["pregnant"] }, ["medical"]],
    ["N12", { circumstances: ["children_with_me"] }, ["children"]],
  ])("%s holds for %j and adds %j", (rule, changes, adds) => {
    const verdict = triage(aReport(changes));
    expect(verdict.reasons).toContain(rule);
    expect(verdict.needs).toEqual(expect.arrayContaining(adds));
  });

  it.each<[string, ReportChanges]>([
    ["N1", { inDanger: "no" }],
    ["N2", { indicators: ["housing_via_employer"] }],
    ["N2", { lost: ["job"] }],
    ["N3", { lost: ["housing"] }],
    ["N4", { indicators: ["wages_withheld"] }],
    ["N5", { indicators: ["threats"] }],
    ["N6", { minor: "no" }],
    ["N7", { indicators: ["isolation"] }],
    ["N8", { indicators: ["excessive_overtime"] }],
    ["N9", { indicators: ["violence"] }],
    ["N10", { exploitation: ["sexual", "unsure"] }],
    ["N11", { circumstances: ["children_with_me"] }],
    ["N12", { circumstances: ["pregnant"], needs: [] }],
  ])("%s does not hold for %j", (rule, changes) => {
    expect(reasonsOf(changes)).not.toContain(rule);
  });

  it("keeps the person's own needs and adds to them, sorted by code unit, each once", () => {
    const verdict = triage(
      aReport({ needs: ["work", "legal", "debt"], lost: ["job"], indicators: ["deception"] }),
    );
    expect(verdict.needs).toEqual(["debt", "income", "legal", "work"]);
  });

  it("sorts return_home after residence, as code units do", () => {
    expect(triage(aReport({ needs: ["return_home", "residence", "income"] })).needs).toEqual([
      "income",
      "residence",
      "return_home",
    ]);
  });
});

describe("multi-problem (M1)", () => {
  it.each<[string, ReportChanges]>([
    ["work", { lost: ["job"] }],
    ["work", { lost: ["income"] }],
    ["work", { indicators: ["wages_withheld"] }],
    ["work", { needs: ["income"] }],
    ["work", { needs: ["work"] }],
    ["housing", { lost: ["housing"] }],
    ["housing", { needs: ["shelter"] }],
    ["status", { lost: ["residence_permit"] }],
    ["status", { lost: ["documents"] }],
    ["status", { indicators: ["documents_withheld"] }],
    ["status", { needs: ["residence"] }],
    ["safety", { inDanger: "yes" }],
    ["safety", { indicators: ["violence"] }],
    ["safety", { indicators: ["sexual_violence"] }],
    ["safety", { indicators: ["threats"] }],
    ["safety", { needs: ["safety"] }],
    ["health", { needs: ["medical"] }],
    ["health", { needs: ["psychosocial"] }],
    ["health", { circumstances: ["pregnant"] }],
    ["debt", { indicators: ["debt_bondage"] }],
    ["debt", { needs: ["debt"] }],
    ["justice", { exploitation: ["criminal"] }],
    ["justice", { indicators: ["forced_crime"] }],
    ["family", { circumstances: ["children_with_me"] }],
    ["family", { needs: ["children"] }],
  ])("the %s domain is touched by %j", (domain, changes) => {
    expect(domainsTouched(factsOf(aReport(changes)))).toEqual([domain]);
  });

  it.each<[string, ReportChanges]>([
    ["unsure danger", { inDanger: "unsure" }],
    ["legal need", { needs: ["legal"] }],
    ["information need", { needs: ["information"] }],
    ["isolation", { indicators: ["isolation"] }],
  ])("no domain is touched by %s alone", (_, changes) => {
    expect(domainsTouched(factsOf(aReport(changes)))).toEqual([]);
  });

  it("holds with three domains", () => {
    const verdict = triage(aReport({ lost: ["job", "housing"], needs: ["debt"] }));
    expect(verdict.multiProblem).toBe(true);
    expect(verdict.reasons).toContain("M1");
  });

  it("does not hold with two domains, however many signs", () => {
    const verdict = triage(
      aReport({ lost: ["job", "income", "housing"], indicators: ["wages_withheld"] }),
    );
    expect(verdict.multiProblem).toBe(false);
    expect(verdict.reasons).not.toContain("M1");
  });
});

describe("repeat risk (R1-R4)", () => {
  it.each<[string, ReportChanges]>([
    ["R1", { previouslyExploited: "yes" }],
    ["R2", { previousReceipt: "4821 0937 5520 1184" }],
    ["R2", { previousReceipt: "٤٨٢١-٠٩٣٧-٥٥٢٠-١١٨٤" }],
    ["R3", { situation: "left_in_contact" }],
    ["R4", { minor: "yes", exploitation: ["criminal"] }],
    ["R4", { minor: "unsure", exploitation: ["sexual"] }],
    ["R4", { minor: "yes", exploitation: ["online_sexual"] }],
    ["R4", { minor: "yes", exploitation: ["begging"], indicators: ["forced_crime"] }],
  ])("%s holds for %j and sets repeatRisk", (rule, changes) => {
    const verdict = triage(aReport(changes));
    expect(verdict.reasons).toContain(rule);
    expect(verdict.repeatRisk).toBe(true);
  });

  it.each<[string, ReportChanges]>([
    ["R1", { previouslyExploited: "unsure" }],
    ["R2", { previousReceipt: "1234" }],
    ["R3", { situation: "ongoing" }],
    ["R4", { minor: "no", exploitation: ["criminal"] }],
    ["R4", { minor: "yes", exploitation: ["labour"] }],
  ])("%s does not hold for %j", (rule, changes) => {
    expect(reasonsOf(changes)).not.toContain(rule);
  });

  it("leaves repeatRisk false when no R rule holds", () => {
    expect(triage(aReport({ previouslyExploited: "unsure" })).repeatRisk).toBe(false);
  });
});

describe("urgency (E1-E3, H1-H6, I1, S1)", () => {
  it.each<[string, ReportChanges, string]>([
    ["E1", { inDanger: "yes" }, "emergency"],
    ["E2", { minor: "yes", exploitation: ["sexual"] }, "emergency"],
    ["E2", { minor: "unsure", exploitation: ["online_sexual"] }, "emergency"],
    ["E2", { minor: "yes", exploitation: ["criminal"] }, "emergency"],
    ["E2", { minor: "yes", exploitation: ["forced_marriage"] }, "emergency"],
    ["E2", { minor: "yes", indicators: ["violence"] }, "emergency"],
    ["E2", { minor: "yes", indicators: ["sexual_violence"] }, "emergency"],
    ["E2", { minor: "yes", indicators: ["threats"] }, "emergency"],
    ["E2", { minor: "yes", indicators: ["restricted_movement"] }, "emergency"],
    ["E3", { indicators: ["restricted_movement", "violence"], situation: "ongoing" }, "emergency"],
    ["E3", { indicators: ["restricted_movement", "threats"], situation: "unsure" }, "emergency"],
    [
      "E3",
      { indicators: ["restricted_movement", "sexual_violence"], situation: "left_in_contact" },
      "emergency",
    ],
    ["H1", { minor: "yes" }, "high"],
    ["H1", { minor: "unsure" }, "high"],
    ["H2", { inDanger: "unsure" }, "high"],
    ["H3", { indicators: ["violence"] }, "high"],
    ["H3", { indicators: ["sexual_violence"] }, "high"],
    ["H3", { indicators: ["threats"] }, "high"],
    ["H3", { indicators: ["restricted_movement"] }, "high"],
    ["H3", { indicators: ["forced_crime"] }, "high"],
    ["H4", { lost: ["job", "housing", "residence_permit"] }, "high"],
    ["H5", { previouslyExploited: "yes" }, "high"],
    ["H6", { indicators: ["documents_withheld", "debt_bondage"] }, "high"],
    ["H6", { indicators: ["isolation", "housing_via_employer"] }, "high"],
    ["H6", { indicators: ["isolation"], circumstances: ["phone_monitored"] }, "high"],
    ["I1", { needs: ["information"] }, "information"],
    ["S1", { needs: ["information", "legal"] }, "standard"],
  ])("%s holds for %j: %s", (rule, changes, urgency) => {
    const verdict = triage(aReport(changes));
    expect(verdict.reasons).toContain(rule);
    expect(verdict.urgency).toBe(urgency);
  });

  it.each<[string, ReportChanges]>([
    ["E1", { inDanger: "unsure" }],
    ["E2", { minor: "no", exploitation: ["sexual"] }],
    ["E2", { minor: "yes", exploitation: ["labour"], indicators: ["isolation"] }],
    ["E3", { indicators: ["restricted_movement", "violence"], situation: "left_no_contact" }],
    ["E3", { indicators: ["restricted_movement", "isolation"], situation: "ongoing" }],
    ["E3", { indicators: ["violence", "threats"], situation: "ongoing" }],
    ["H3", { indicators: ["isolation", "deception", "wages_withheld"] }],
    ["H6", { indicators: ["documents_withheld"] }],
    ["H6", { circumstances: ["phone_monitored"] }],
    ["I1", { needs: ["information"], lost: ["income"] }],
    ["I1", { needs: ["information"], indicators: ["deception"] }],
    ["I1", { needs: ["information"], circumstances: ["phone_monitored"] }],
    ["I1", { needs: ["information"], inDanger: "unsure" }],
    ["I1", { needs: [] }],
    ["I1", { needs: ["information", "work"] }],
  ])("%s does not hold for %j", (rule, changes) => {
    expect(reasonsOf(changes)).not.toContain(rule);
  });

  it("lets the highest level win and lists every rule that holds, in the policy's order", () => {
    const verdict = triage(aReport({ inDanger: "yes", minor: "yes", indicators: ["threats"] }));
    expect(verdict.urgency).toBe("emergency");
    expect(verdict.reasons).toEqual(["N1", "N6", "N9", "E1", "E2", "H1", "H3"]);
  });

  it("keeps high over a standard case when only H rules hold", () => {
    const verdict = triage(aReport({ indicators: ["isolation", "debt_bondage"] }));
    expect(verdict.urgency).toBe("high");
    expect(verdict.reasons).toEqual(["N7", "H6"]);
  });

  it("treats a report that only asks for information as information, with I1 alone", () => {
    expect(triage(aReport({ needs: ["information"] }))).toEqual({
      urgency: "information",
      needs: ["information"],
      multiProblem: false,
      repeatRisk: false,
      reasons: ["I1"],
      policy: "1",
    });
  });

  it("allows I1 with a need that a rule adds, since I1 looks at the own needs", () => {
    const verdict = triage(aReport({ needs: ["information"], exploitation: ["criminal"] }));
    expect(verdict.reasons).toEqual(["N10", "I1"]);
    expect(verdict.needs).toEqual(["information", "legal"]);
  });

  it("never gives S1 together with another urgency rule", () => {
    expect(reasonsOf({ indicators: ["threats"] })).not.toContain("S1");
  });
});

describe("the seed case", () => {
  it("a worker who lost job, housing and residence permit at once is a high, multi-problem case", () => {
    expect(triage(aWorkerWhoLostEverything())).toEqual({
      urgency: "high",
      needs: ["income", "legal", "residence", "shelter"],
      multiProblem: true,
      repeatRisk: false,
      reasons: ["N2", "N3", "N4", "M1", "H4"],
      policy: "1",
    });
  });
});
