/**
 * The synthetic report that ops send to check a region end to end (`npm run smoke`, and the
 * canary every hour): marked `test` (contract section 2), so it alerts nobody, is never counted
 * and its answer names its case, and shaped so that every region accepts it and routes it to
 * several organisations: a worker who lost job, housing and residence permit at once (a
 * multi-problem case, contract section 4), of standard urgency, who asks not to be contacted.
 */
import type { Region } from "./region.ts";

export function syntheticReport(
  region: Region,
  submissionId: string,
  narrative: string,
): Record<string, unknown> {
  const locale = region.locales[0];
  return {
    version: 1,
    submissionId,
    locale,
    reporter: "self",
    inDanger: "no",
    minor: "no",
    situation: "left_no_contact",
    exploitation: ["labour"],
    indicators: ["wages_withheld"],
    lost: ["job", "housing", "residence_permit"],
    needs: ["legal", "information"],
    previouslyExploited: "no",
    municipality: region.municipalities[0]?.code ?? "unknown",
    contactLanguages: [locale],
    contact: { channel: "none", leaveMessage: false },
    consent: { share: true, authorities: false, checkIns: false },
    narrative,
    test: true,
  };
}
