import { describe, expect, it } from "vitest";
import { decide } from "../../domain/route.ts";
import { clearCase, sealedText, sharing } from "../../domain/share.ts";
import { sampleRegion } from "../helpers/region-factory.ts";
import { aReport, aWorkerWhoLostEverything } from "../helpers/report-factory.ts";

describe("G7: sharing", () => {
  it("seals the narrative to every routed organisation and the contact to the lead alone", () => {
    const decision = decide(aWorkerWhoLostEverything(), sampleRegion);
    expect(sharing(decision)).toEqual([
      { organisation: "labour-ngo", sealed: ["narrative", "contact"] },
      { organisation: "legal-aid", sealed: ["narrative"] },
      { organisation: "coordination-centre", sealed: ["narrative"] },
    ]);
  });

  it("gives the contact to nobody when the coordinator took the case without consent (G0a)", () => {
    const report = aReport({
      minor: "yes",
      inDanger: "yes",
      consent: { share: false, authorities: false, checkIns: false },
    });
    const decision = decide(report, sampleRegion);
    expect(decision.routing.consentOverride).toBe(true);
    expect(sharing(decision)).toEqual([
      { organisation: "coordination-centre", sealed: ["narrative"] },
    ]);
  });

  it("shares nothing when nothing is routed (G0)", () => {
    const report = aReport({ consent: { share: false, authorities: false, checkIns: false } });
    expect(sharing(decide(report, sampleRegion))).toEqual([]);
  });

  it("puts in clear only triage, routing, municipality, languages, situation and circumstances", () => {
    const report = aWorkerWhoLostEverything({
      narrative: "my own words",
      previousReceipt: "1111 2222 3333 4444",
      circumstances: ["phone_monitored"],
    });
    const decision = decide(report, sampleRegion);
    const clear = clearCase(report, decision);
    expect(Object.keys(clear).sort()).toEqual(
      [
        "circumstances",
        "contactLanguages",
        "municipality",
        "routing",
        "situation",
        "triage",
      ].sort(),
    );
    const text = JSON.stringify(clear);
    for (const secret of ["my own words", "+48 600 000 000", "1111", "agriculture"]) {
      expect(text).not.toContain(secret);
    }
  });

  it("gives the plain text of each sealed part, and null for a missing narrative", () => {
    const report = aWorkerWhoLostEverything({ narrative: "words" });
    expect(sealedText(report, "narrative")).toBe("words");
    expect(JSON.parse(sealedText(report, "contact") ?? "")).toEqual(report.contact);
    expect(sealedText(aReport(), "narrative")).toBeNull();
  });
});
