/** Reports for tests: a plain, valid report of standard urgency, changed only where a test says. */
import type { Report } from "../../domain/report.ts";

export type ReportChanges = Partial<Report>;

/**
 * An adult reporting about themself, out of danger and out of contact, labour exploitation in
 * Utrecht, nothing lost and nothing asked: it triggers no rule but S1.
 */
export function aReport(changes: ReportChanges = {}): Report {
  return {
    version: 1,
    locale: "en",
    reporter: "self",
    inDanger: "no",
    minor: "no",
    situation: "left_no_contact",
    exploitation: ["labour"],
    indicators: [],
    lost: [],
    needs: [],
    previouslyExploited: "no",
    municipality: "GM0344",
    contactLanguages: ["en"],
    contact: { channel: "none", leaveMessage: false },
    consent: { share: true, authorities: false, checkIns: false },
    ...changes,
  };
}

/** The seed case of the product: a worker who lost job, housing and residence permit at once. */
export function aWorkerWhoLostEverything(changes: ReportChanges = {}): Report {
  return aReport({
    locale: "pl",
    exploitation: ["labour"],
    sector: "agriculture",
    lost: ["job", "housing", "residence_permit"],
    contactLanguages: ["pl"],
    contact: { channel: "phone", address: "+48 600 000 000", leaveMessage: false },
    ...changes,
  });
}

/** A report as the JSON API requires it: with a submissionId and a proof. */
export function aJsonReport(changes: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...aReport(),
    submissionId: "5b0f7c7e-3c1a-4d1e-9a59-8f3f1f0e2a11",
    proof: "proof-placeholder",
    ...changes,
  };
}
