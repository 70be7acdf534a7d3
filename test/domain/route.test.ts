import { describe, expect, it } from "vitest";
import type { Region } from "../../domain/region.ts";
import type { Report } from "../../domain/report.ts";
import { decide, route } from "../../domain/route.ts";
import { triage } from "../../domain/triage.ts";
import { anOrganisation, aRegion, sampleRegion } from "../helpers/region-factory.ts";
import {
  aReport,
  aWorkerWhoLostEverything,
  type ReportChanges,
} from "../helpers/report-factory.ts";

const routeOf = (report: Report, region: Region) => route(report, triage(report), region);
const routed = (changes: ReportChanges, region: Region) =>
  routeOf(aReport(changes), region).organisations;

const nothing = {
  organisations: [],
  lead: null,
  gaps: [],
  coordinator: false,
  consentOverride: false,
};

describe("G0: no consent to share", () => {
  const region = aRegion([anOrganisation("shelter", { needs: ["safety", "shelter"] })]);
  const noShare = { share: false, authorities: true, checkIns: false };

  it.each<[string, ReportChanges]>([
    ["a standard case", { lost: ["housing"] }],
    ["an adult in danger reporting about themself", { inDanger: "yes" }],
    ["a high case of a child", { minor: "yes" }],
    [
      "information only",
      {
        needs: ["information"],
        contact: { channel: "email", address: "x@example.org", leaveMessage: false },
      },
    ],
  ])("routes nothing for %s", (_, changes) => {
    expect(routeOf(aReport({ ...changes, consent: noShare }), region)).toEqual(nothing);
  });

  it("still gives the urgency of the case (the guidance depends on it)", () => {
    expect(decide(aReport({ inDanger: "yes", consent: noShare }), region).triage.urgency).toBe(
      "emergency",
    );
  });
});

describe("G0a: a child or a third party's report of someone in danger now", () => {
  const region = aRegion([anOrganisation("shelter", { needs: ["safety"], minors: true })]);
  const noShare = { share: false, authorities: false, checkIns: false };
  const coordinatorAlone = {
    organisations: ["coord"],
    lead: "coord",
    gaps: [],
    coordinator: true,
    consentOverride: true,
  };

  it.each<[string, ReportChanges]>([
    ["a child in danger", { minor: "yes", inDanger: "yes" }],
    ["a child of uncertain age in an E2 case", { minor: "unsure", exploitation: ["sexual"] }],
    ["someone else in danger", { reporter: "someone_else", inDanger: "yes" }],
    [
      "someone else in an E3 case",
      {
        reporter: "someone_else",
        indicators: ["restricted_movement", "threats"],
        situation: "ongoing",
      },
    ],
  ])("goes to the coordinator alone, without gaps, for %s", (_, changes) => {
    expect(routeOf(aReport({ ...changes, consent: noShare }), region)).toEqual(coordinatorAlone);
  });

  it.each<[string, ReportChanges]>([
    ["a child in a high case", { minor: "yes" }],
    [
      "someone else's report of a high case",
      { reporter: "someone_else", minor: "no", indicators: ["threats"] },
    ],
  ])("does not apply to %s", (_, changes) => {
    expect(routeOf(aReport({ ...changes, consent: noShare }), region)).toEqual(nothing);
  });

  it("never sets consentOverride when the person consented", () => {
    const decision = routeOf(aReport({ minor: "yes", inDanger: "yes" }), region);
    expect(decision.consentOverride).toBe(false);
    expect(decision.organisations).toEqual(["shelter", "coord"]);
  });
});

describe("G1: information only", () => {
  const region = aRegion([anOrganisation("info-desk", { needs: ["information", "legal"] })]);

  it("goes to the coordinator alone when the person can be contacted", () => {
    const changes: ReportChanges = {
      needs: ["information"],
      contact: { channel: "email", address: "x@example.org", leaveMessage: false },
    };
    expect(routeOf(aReport(changes), region)).toEqual({
      organisations: ["coord"],
      lead: "coord",
      gaps: [],
      coordinator: true,
      consentOverride: false,
    });
  });

  it("routes nothing when the person chose no contact", () => {
    expect(routeOf(aReport({ needs: ["information"] }), region)).toEqual(nothing);
  });

  it("records no gap for a need a rule added", () => {
    const report = aReport({
      needs: ["information"],
      exploitation: ["criminal"],
      contact: { channel: "phone", address: "0612345678", leaveMessage: true },
    });
    expect(routeOf(report, region).gaps).toEqual([]);
  });
});

describe("G2: candidates", () => {
  it.each<[string, string[], string, boolean]>([
    ["* serves a known municipality", ["*"], "GM0344", true],
    ["* serves unknown", ["*"], "unknown", true],
    ["its own municipality", ["GM0344"], "GM0344", true],
    ["not another municipality", ["GM0363"], "GM0344", false],
    ["not unknown from a list", ["GM0344", "GM0363"], "unknown", false],
  ])("municipalities: %s", (_, municipalities, municipality, chosen) => {
    const region = aRegion([anOrganisation("org", { needs: ["legal"], municipalities })]);
    expect(routed({ needs: ["legal"], municipality }, region).includes("org")).toBe(chosen);
  });

  it.each<[string, ("labour" | "sexual" | "*")[], Report["exploitation"], boolean]>([
    ["* takes any type", ["*"], ["sexual"], true],
    ["a shared type", ["labour", "sexual"], ["sexual", "criminal"], true],
    ["no shared type", ["labour"], ["sexual"], false],
    ["every organisation when the types are unknown", ["labour"], ["unsure"], true],
  ])("exploitation: %s", (_, exploitation, types, chosen) => {
    const region = aRegion([anOrganisation("org", { needs: ["legal"], exploitation })]);
    expect(routed({ needs: ["legal"], exploitation: types }, region).includes("org")).toBe(chosen);
  });

  it.each<[boolean | "only", Report["minor"], boolean]>([
    [true, "yes", true],
    [true, "no", true],
    [false, "no", true],
    [false, "yes", false],
    [false, "unsure", false],
    ["only", "yes", true],
    ["only", "unsure", true],
    ["only", "no", false],
  ])("minors %j and minor %s: chosen %s", (minors, minor, chosen) => {
    const region = aRegion([anOrganisation("org", { needs: ["legal"], minors })]);
    expect(routed({ needs: ["legal"], minor }, region).includes("org")).toBe(chosen);
  });

  it.each<[boolean, boolean]>([
    [true, true],
    [false, false],
  ])("an authority with consent.authorities %s: chosen %s", (authorities, chosen) => {
    const region = aRegion([anOrganisation("police", { kind: "authority", needs: ["safety"] })]);
    const changes: ReportChanges = {
      inDanger: "yes",
      consent: { share: true, authorities, checkIns: false },
    };
    expect(routed(changes, region).includes("police")).toBe(chosen);
  });

  it("lets the coordinator take part like any other organisation", () => {
    const region = aRegion([anOrganisation("legal-aid", { needs: ["legal"] })], {
      organisations: [
        anOrganisation("coord", { needs: ["legal", "residence"], minors: true }),
        anOrganisation("legal-aid", { needs: ["legal"] }),
      ],
    });
    expect(routeOf(aReport({ needs: ["legal", "residence"] }), region)).toMatchObject({
      organisations: ["coord"],
      lead: "coord",
      coordinator: true,
    });
  });
});

describe("G3: picking", () => {
  it("makes the first pick among those that cover safety, even when another covers more", () => {
    const region = aRegion([
      anOrganisation("broad", { needs: ["income", "legal", "residence"] }),
      anOrganisation("shelter", { needs: ["safety"] }),
    ]);
    const report = aReport({ inDanger: "yes", needs: ["income", "legal", "residence"] });
    expect(routeOf(report, region).organisations).toEqual(["shelter", "broad", "coord"]);
  });

  it("goes on as usual when no candidate covers safety, and safety ends as a gap", () => {
    const region = aRegion([anOrganisation("legal-aid", { needs: ["legal"] })]);
    const decision = routeOf(aReport({ inDanger: "unsure", needs: ["legal"] }), region);
    expect(decision.organisations).toEqual(["legal-aid", "coord"]);
    expect(decision.gaps).toEqual([{ need: "safety", municipality: "GM0344" }]);
  });

  it("takes the candidate that covers the most uncovered needs", () => {
    const region = aRegion([
      anOrganisation("one", { needs: ["legal"] }),
      anOrganisation("two", { needs: ["legal", "debt"] }),
    ]);
    expect(routed({ needs: ["legal", "debt"] }, region)).toEqual(["two"]);
  });

  it("counts only needs that are still uncovered", () => {
    const region = aRegion([
      anOrganisation("big", { needs: ["legal", "debt", "work"] }),
      anOrganisation("overlap", { needs: ["legal", "debt", "medical"] }),
      anOrganisation("specialist", { needs: ["medical", "psychosocial"] }),
    ]);
    // Three domains (work, debt, health) bring the coordinator in last (G5).
    expect(routed({ needs: ["legal", "debt", "work", "medical", "psychosocial"] }, region)).toEqual(
      ["big", "specialist", "coord"],
    );
  });

  it.each<[string, string[], string[], string]>([
    ["a speaker of the person's language", ["en"], ["pl"], "second"],
    ["a match on the primary subtag (pt-BR and pt)", ["en"], ["pt"], "second"],
    ["a match whatever the case (PL and pl)", ["en"], ["pl"], "second"],
    ["the earlier in the file when both speak it", ["pl"], ["pl"], "first"],
    ["the earlier in the file when neither speaks it", ["en"], ["nl"], "first"],
  ])("breaks a tie for %s", (_, firstLanguages, secondLanguages, winner) => {
    const region = aRegion([
      anOrganisation("first", { needs: ["legal"], languages: firstLanguages }),
      anOrganisation("second", { needs: ["legal"], languages: secondLanguages }),
    ]);
    const contactLanguages = secondLanguages[0] === "pt" ? ["pt-BR"] : ["PL", "vi"];
    expect(routed({ needs: ["legal"], contactLanguages }, region)).toEqual([winner]);
  });

  it("prefers covering more needs over speaking the language", () => {
    const region = aRegion([
      anOrganisation("speaks", { needs: ["legal"], languages: ["pl"] }),
      anOrganisation("covers", { needs: ["legal", "debt"], languages: ["nl"] }),
    ]);
    expect(routed({ needs: ["legal", "debt"], contactLanguages: ["pl"] }, region)).toEqual([
      "covers",
    ]);
  });

  it("does not count how many languages an organisation shares", () => {
    const region = aRegion([
      anOrganisation("one", { needs: ["legal"], languages: ["pl"] }),
      anOrganisation("many", { needs: ["legal"], languages: ["pl", "uk", "ro"] }),
    ]);
    expect(routed({ needs: ["legal"], contactLanguages: ["pl", "uk", "ro"] }, region)).toEqual([
      "one",
    ]);
  });

  it("does not cover information, which is left out of the needs to cover", () => {
    const region = aRegion([anOrganisation("info", { needs: ["information"] })]);
    const decision = routeOf(aReport({ needs: ["information", "legal"] }), region);
    expect(decision.organisations).toEqual(["coord"]);
    expect(decision.gaps).toEqual([{ need: "legal", municipality: "GM0344" }]);
  });
});

describe("G4: gaps", () => {
  it("lists every uncovered need with the report's municipality, sorted by need", () => {
    const region = aRegion([anOrganisation("legal-aid", { needs: ["legal"] })]);
    const decision = routeOf(
      aReport({ needs: ["work", "legal", "debt", "children"], municipality: "unknown" }),
      region,
    );
    expect(decision.gaps).toEqual([
      { need: "children", municipality: "unknown" },
      { need: "debt", municipality: "unknown" },
      { need: "work", municipality: "unknown" },
    ]);
  });
});

describe("G5: the coordinator keeps the thread", () => {
  const region = aRegion([
    anOrganisation("shelter", { needs: ["safety", "shelter", "medical"], minors: true }),
    anOrganisation("legal-aid", { needs: ["legal", "residence", "income"] }),
  ]);

  it.each<[string, ReportChanges]>([
    ["a gap", { needs: ["legal", "debt"] }],
    ["an emergency", { inDanger: "yes" }],
    ["a multi-problem case", { lost: ["job", "housing", "residence_permit"] }],
    ["a repeat risk", { previouslyExploited: "yes", needs: ["legal"] }],
    ["no organisation chosen", { needs: [] }],
  ])("is appended last for %s", (_, changes) => {
    const organisations = routed(changes, region);
    expect(organisations.at(-1)).toBe("coord");
    expect(organisations.filter((id) => id === "coord")).toHaveLength(1);
  });

  it("is not appended to a plain case that others cover", () => {
    expect(routeOf(aReport({ needs: ["legal"] }), region)).toEqual({
      organisations: ["legal-aid"],
      lead: "legal-aid",
      gaps: [],
      coordinator: false,
      consentOverride: false,
    });
  });

  it("is not appended twice when G3 already chose it", () => {
    const coordinatorCovers = aRegion([], {
      organisations: [anOrganisation("coord", { needs: ["safety", "legal"], minors: true })],
    });
    expect(routed({ inDanger: "yes", needs: ["legal", "debt"] }, coordinatorCovers)).toEqual([
      "coord",
    ]);
  });
});

describe("G6: the lead", () => {
  it("is the first organisation", () => {
    const region = aRegion([anOrganisation("shelter", { needs: ["safety"] })]);
    const decision = routeOf(aReport({ inDanger: "yes" }), region);
    expect(decision.lead).toBe("shelter");
    expect(decision.organisations[0]).toBe("shelter");
  });

  it("is the coordinator when it was the only one added", () => {
    expect(routeOf(aReport(), aRegion()).lead).toBe("coord");
  });
});

describe("the seed case in the sample region", () => {
  it("a worker who lost job, housing and permit goes to the labour NGO, legal aid and the coordinator, and shelter is a gap", () => {
    expect(decide(aWorkerWhoLostEverything(), sampleRegion)).toEqual({
      triage: {
        urgency: "high",
        needs: ["income", "legal", "residence", "shelter"],
        multiProblem: true,
        repeatRisk: false,
        reasons: ["N2", "N3", "N4", "M1", "H4"],
        policy: "1",
      },
      routing: {
        organisations: ["labour-ngo", "legal-aid", "coordination-centre"],
        lead: "labour-ngo",
        gaps: [{ need: "shelter", municipality: "GM0344" }],
        coordinator: true,
        consentOverride: false,
      },
    });
  });

  it("the same worker in Rotterdam also reaches the categorical shelter", () => {
    const decision = decide(aWorkerWhoLostEverything({ municipality: "GM0599" }), sampleRegion);
    expect(decision.routing.organisations).toContain("categorical-shelter");
    expect(decision.routing.gaps).toEqual([]);
  });
});

describe("test organisations: a test report reaches them alone, a person's report never", () => {
  const region = aRegion([
    anOrganisation("legal", { needs: ["legal", "residence"] }),
    anOrganisation("work", { needs: ["income", "work"] }),
    anOrganisation("ops", { needs: ["legal", "income"], test: true }),
    anOrganisation("ops-2", { needs: ["shelter"], test: true }),
  ]);
  const workerRouted = (changes: ReportChanges, to: Region) =>
    routeOf(aWorkerWhoLostEverything(changes), to).organisations;

  it.each<[string, string[], ReportChanges]>([
    ["a person's report", ["work", "legal", "coord"], {}],
    ["a test report", ["ops", "ops-2"], { test: true }],
    ["a person's report in danger now", ["work", "legal", "coord"], { inDanger: "yes" }],
    ["a test report in danger now", ["ops", "ops-2"], { inDanger: "yes", test: true }],
  ])("%s goes to %j", (_, organisations, changes) => {
    const routing = routeOf(aWorkerWhoLostEverything(changes), region);
    expect([...routing.organisations].sort()).toEqual([...organisations].sort());
    // The case is multi-problem (G5): its coordinator, or the first test organisation, is in.
    expect(routing.coordinator).toBe(true);
  });

  it("routes a test report the first test organisation keeps the thread of, as the coordinator", () => {
    const routing = routeOf(
      aReport({
        test: true,
        needs: ["information"],
        contact: { channel: "email", address: "x@example.org", leaveMessage: false },
      }),
      region,
    );
    expect(routing.organisations).toEqual(["ops"]);
  });

  it("routes a test report among all when the region has no test organisation", () => {
    const plain = aRegion([anOrganisation("legal", { needs: ["legal"] })]);
    expect(routed({ test: true, needs: ["legal"] }, plain)).toEqual(
      routed({ needs: ["legal"] }, plain),
    );
  });

  it("never sends a person's report of the sample region to its test organisation", () => {
    const tests = sampleRegion.organisations.filter((o) => o.test).map((o) => o.id);
    expect(tests.length).toBeGreaterThan(0);
    for (const changes of [{}, { inDanger: "yes" as const }, { minor: "yes" as const }])
      for (const id of workerRouted(changes, sampleRegion)) expect(tests).not.toContain(id);
    expect(workerRouted({ test: true }, sampleRegion)).toEqual(tests);
  });
});
