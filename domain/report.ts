/**
 * The self-report (docs/report-contract.md, section 2): the one schema every entry point
 * (JSON API, form post, command line) validates against. Unknown fields are rejected, optional
 * fields are left out (never null), arrays hold unique members, text is counted in code points.
 */
import * as z from "zod/mini";
import {
  type FieldError,
  fieldErrors,
  fixedMessage,
  INVALID_REPORT_MESSAGE,
  InvalidInputError,
} from "./invalid-input.ts";
import { normaliseReceipt } from "./receipt.ts";
import type { Region } from "./region.ts";
import { uniqueList } from "./schema-parts.ts";
import { codePointLength } from "./text.ts";
import {
  CIRCUMSTANCES,
  CONTACT_CHANNELS,
  CONTACT_LANGUAGES,
  CONTRACT_VERSION,
  EXPLOITATION_TYPES,
  INDICATORS,
  LOSSES,
  NEEDS,
  REPORTERS,
  SECTORS,
  SITUATIONS,
  TRISTATE,
} from "./vocabulary.ts";

export const NARRATIVE_MAX = 4000;
export const CONTACT_TEXT_MAX = 200;
const PROOF_MAX = 4000;

/** Text of at most `max` code points, well-formed (no lone surrogates). */
const text = (max: number) =>
  z.string().check(
    // A cheap guard first: a code point is at most two UTF-16 units.
    z.maxLength(max * 2, { message: `must be at most ${max} characters` }),
    z.refine((value) => codePointLength(value) <= max, {
      message: `must be at most ${max} characters`,
    }),
    z.refine((value) => value.isWellFormed(), { message: "must be valid text" }),
  );

const CONTACT_LANGUAGE_SET: ReadonlySet<string> = new Set(CONTACT_LANGUAGES);
/** A language of the contract's closed list (any case), read lower-cased: `PL` → `pl`. */
const ContactLanguageSchema = z.pipe(
  z.string().check(
    z.maxLength(8, { message: "must be a language code of the contract, such as pl" }),
    z.refine((tag) => CONTACT_LANGUAGE_SET.has(tag.toLowerCase()), {
      message: "must be a language code of the contract, such as pl",
    }),
  ),
  z.transform((tag: string) => tag.toLowerCase()),
);

export const ContactSchema = z
  .strictObject({
    channel: z.enum(CONTACT_CHANNELS),
    address: z.optional(text(CONTACT_TEXT_MAX)),
    safeTimes: z.optional(text(CONTACT_TEXT_MAX)),
    leaveMessage: z.boolean(),
  })
  .check(
    z.refine(
      (contact) =>
        contact.channel === "none" ||
        (typeof contact.address === "string" && contact.address.trim() !== ""),
      {
        path: ["address"],
        message: "is required for this channel",
        // Checked even when another field of the contact is at fault, so every error is listed.
        when: (payload) => typeof payload.value === "object" && payload.value !== null,
      },
    ),
  );

export const ConsentSchema = z.strictObject({
  share: z.boolean(),
  authorities: z.boolean(),
  checkIns: z.boolean(),
});

export const ReportSchema = z.strictObject({
  version: z.literal(CONTRACT_VERSION),
  submissionId: z.optional(z.uuid()),
  locale: z.string().check(z.maxLength(35)),
  reporter: z.enum(REPORTERS),
  inDanger: z.enum(TRISTATE),
  minor: z.enum(TRISTATE),
  situation: z.enum(SITUATIONS),
  exploitation: uniqueList(z.enum(EXPLOITATION_TYPES), 1, EXPLOITATION_TYPES.length),
  sector: z.optional(z.enum(SECTORS)),
  indicators: uniqueList(z.enum(INDICATORS)),
  lost: uniqueList(z.enum(LOSSES)),
  needs: uniqueList(z.enum(NEEDS)),
  circumstances: z.optional(uniqueList(z.enum(CIRCUMSTANCES))),
  previouslyExploited: z.enum(TRISTATE),
  municipality: z.string().check(z.maxLength(32)),
  contactLanguages: uniqueList(ContactLanguageSchema, 1, 5),
  contact: ContactSchema,
  consent: ConsentSchema,
  narrative: z.optional(text(NARRATIVE_MAX)),
  previousReceipt: z.optional(
    z
      .string()
      .check(
        z.refine((value) => normaliseReceipt(value) !== null, { message: "must be 16 digits" }),
      ),
  ),
  /** the solved proof-of-work; ignored by the command line */
  proof: z.optional(z.string().check(z.minLength(1), z.maxLength(PROOF_MAX))),
  /**
   * A synthetic report of a smoke test (`npm run smoke`, the canary): routed like any other
   * among the region's test organisations if it has any (else among all, marked as a test for
   * the organisations), kept out of statistics; its 201 answer names its case.
   */
  test: z.optional(z.boolean()),
});

export type Report = z.output<typeof ReportSchema>;
export type Contact = z.output<typeof ContactSchema>;
export type Consent = z.output<typeof ConsentSchema>;

/**
 * Who sends the report decides which fields the contract requires (section 2): a JSON client
 * must send a submissionId; its proof is required too, but checked later, in the contract's
 * order (after idempotency), and refused with its own code.
 */
export type ReportSource = "json" | "form" | "cli";

type BoundSchemas = Record<ReportSource, z.ZodMiniType<Report>>;
const bound = new WeakMap<Region, BoundSchemas>();

/** The report schemas with the region's locales and municipalities, made once per region. */
function schemaFor(region: Region, source: ReportSource): z.ZodMiniType<Report> {
  let schemas = bound.get(region);
  if (!schemas) {
    const municipalities = region.municipalities.map((municipality) => municipality.code);
    const regional = z.extend(ReportSchema, {
      locale: z.enum(region.locales),
      municipality: z.enum(["unknown", ...municipalities]),
    });
    // The proof is checked after idempotency, with an error code of its own (invalid_proof).
    const json = z.extend(regional, { submissionId: z.uuid() });
    schemas = { json, form: regional, cli: regional };
    bound.set(region, schemas);
  }
  return schemas[source];
}

/** The field errors of one candidate report, prefixed (for arrays) by its index. */
export function reportProblems(
  input: unknown,
  region: Region,
  source: ReportSource,
  prefix: readonly PropertyKey[] = [],
): { report: Report; problems: [] } | { report: null; problems: FieldError[] } {
  const result = schemaFor(region, source).safeParse(input, { error: fixedMessage });
  return result.success
    ? { report: result.data, problems: [] }
    : { report: null, problems: fieldErrors(result.error, prefix) };
}

/** A valid report, or an InvalidInputError that lists every field at fault. */
export function parseReport(input: unknown, region: Region, source: ReportSource): Report {
  const { report, problems } = reportProblems(input, region, source);
  if (report) return report;
  throw new InvalidInputError("invalid_report", INVALID_REPORT_MESSAGE, problems);
}
