/**
 * Sharing (docs/triage-policy.md, G7): what of the report leaves the intake, and to whom.
 * The narrative goes sealed to every routed organisation; the contact goes sealed to the lead
 * alone (one call, not three, to a phone that may be watched), and to nobody when the
 * coordinator received the case without consent (G0a). Triage, municipality, languages,
 * situation and circumstances go to every routed organisation in clear. Nothing else leaves.
 */
import type { Decision } from "./decision.ts";
import type { Report } from "./report.ts";

export type SealedPart = "narrative" | "contact";

export interface Share {
  organisation: string;
  /** the parts sealed to this organisation's recipients, in this order */
  sealed: SealedPart[];
}

/** Which organisation receives which sealed part; the organisations in routing order. */
export function sharing(decision: Decision): Share[] {
  const { organisations, lead, consentOverride } = decision.routing;
  return organisations.map((organisation) => ({
    organisation,
    sealed: organisation === lead && !consentOverride ? ["narrative", "contact"] : ["narrative"],
  }));
}

/** What every routed organisation reads in clear: nothing that identifies the person. */
export interface ClearCase {
  triage: Decision["triage"];
  routing: Decision["routing"];
  municipality: string;
  contactLanguages: string[];
  situation: Report["situation"];
  circumstances: NonNullable<Report["circumstances"]>;
}

export function clearCase(report: Report, decision: Decision): ClearCase {
  return {
    triage: decision.triage,
    routing: decision.routing,
    municipality: report.municipality,
    contactLanguages: report.contactLanguages,
    situation: report.situation,
    circumstances: report.circumstances ?? [],
  };
}

/** The plain text of a sealed part, or null when the report has nothing to seal for it. */
export function sealedText(report: Report, part: SealedPart): string | null {
  if (part === "narrative") return report.narrative ? report.narrative : null;
  return JSON.stringify(report.contact);
}
