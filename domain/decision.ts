/**
 * The triage and routing decision (docs/report-contract.md, section 4), produced for every
 * valid report by pure functions and explained by the rule ids of docs/triage-policy.md.
 */
import * as z from "zod/mini";
import { NEEDS, POLICY_VERSION, URGENCIES } from "./vocabulary.ts";

export const RULE_IDS = [
  "N1",
  "N2",
  "N3",
  "N4",
  "N5",
  "N6",
  "N7",
  "N8",
  "N9",
  "N10",
  "N11",
  "N12",
  "M1",
  "R1",
  "R2",
  "R3",
  "R4",
  "E1",
  "E2",
  "E3",
  "H1",
  "H2",
  "H3",
  "H4",
  "H5",
  "H6",
  "I1",
  "S1",
] as const;
export type RuleId = (typeof RULE_IDS)[number];

export const TriageSchema = z.strictObject({
  urgency: z.enum(URGENCIES),
  needs: z.array(z.enum(NEEDS)),
  multiProblem: z.boolean(),
  repeatRisk: z.boolean(),
  reasons: z.array(z.enum(RULE_IDS)),
  policy: z.literal(POLICY_VERSION),
});

export const GapSchema = z.strictObject({ need: z.enum(NEEDS), municipality: z.string() });

export const RoutingSchema = z.strictObject({
  organisations: z.array(z.string()),
  lead: z.nullable(z.string()),
  gaps: z.array(GapSchema),
  coordinator: z.boolean(),
  consentOverride: z.boolean(),
});

export const DecisionSchema = z.strictObject({ triage: TriageSchema, routing: RoutingSchema });

export type Triage = z.output<typeof TriageSchema>;
export type Gap = z.output<typeof GapSchema>;
export type Routing = z.output<typeof RoutingSchema>;
export type Decision = z.output<typeof DecisionSchema>;
