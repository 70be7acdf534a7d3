/**
 * Every catalog says how it was made and whether a native speaker reviewed it, in
 * `locales/provenance/<locale>.json` (docs/i18n.md, "Adding or reviewing a locale"): a page in a
 * language nobody who speaks it has read is a risk the deployers of a region must see.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { SUPPORTED_LOCALES } from "../../domain/vocabulary.ts";

const FOLDER = "locales/provenance";
const DATE = z.iso.date();
const WHO = z.string().trim().min(1).max(200);

/** A native review names who read it and when; none names nobody. */
const NativeReview = z.discriminatedUnion("status", [
  z.strictObject({ status: z.literal("none"), by: z.null(), date: z.null() }),
  z.strictObject({ status: z.enum(["partial", "done"]), by: WHO, date: DATE }),
]);

const Provenance = z.strictObject({
  locale: z.string(),
  /** who or what wrote it, and from which text */
  made: z.string().trim().min(10),
  /** when it was made */
  date: DATE,
  nativeReview: NativeReview,
  /** what a reviewer should know: the outside review, what is left to check */
  notes: z.string().trim().min(1),
});

/** The provenance of a locale, or why there is none that holds. */
function provenanceProblems(locale: string, json: unknown): string[] {
  const parsed = Provenance.safeParse(json);
  if (!parsed.success)
    return parsed.error.issues.map(
      (issue) => `${locale}: ${issue.path.join(".") || "(file)"} ${issue.message}`,
    );
  return parsed.data.locale === locale
    ? []
    : [`${locale}: locale says ${JSON.stringify(parsed.data.locale)}`];
}

const fileOf = (locale: string) => `${FOLDER}/${locale}.json`;

describe("the provenance of the catalogs", () => {
  it("is recorded for every supported locale", () => {
    const missing = SUPPORTED_LOCALES.filter((locale) => !existsSync(fileOf(locale)));
    expect(missing, `locales without ${FOLDER}/<locale>.json`).toEqual([]);
  });

  it.each(SUPPORTED_LOCALES)("of %s says how it was made and who reviewed it", (locale) => {
    const problems = existsSync(fileOf(locale))
      ? provenanceProblems(locale, JSON.parse(readFileSync(fileOf(locale), "utf8")))
      : [`${locale}: no ${fileOf(locale)}`];
    expect(problems).toEqual([]);
  });

  it("is recorded for supported locales only", () => {
    const files = readdirSync(FOLDER).map((file) => file.replace(/\.json$/, ""));
    const supported: readonly string[] = SUPPORTED_LOCALES;
    expect(files.filter((locale) => !supported.includes(locale))).toEqual([]);
  });
});

describe("provenanceProblems", () => {
  const made = "Machine-made from the English catalog.";
  const none = { status: "none", by: null, date: null };
  it.each([
    [{ locale: "pt", made, date: "2026-12-06", nativeReview: none, notes: "n" }, []],
    [
      {
        locale: "pt",
        made,
        date: "2026-12-06",
        nativeReview: { status: "done", by: "A. Reviewer, native speaker", date: "2027-01-10" },
        notes: "n",
      },
      [],
    ],
    [{ locale: "tr", made, date: "2026-12-06", nativeReview: none, notes: "n" }, ["pt: locale"]],
    [
      {
        locale: "pt",
        made,
        date: "2026-12-06",
        nativeReview: { status: "done", by: null, date: null },
        notes: "n",
      },
      ["pt: nativeReview.by", "pt: nativeReview.date"],
    ],
    [{ locale: "pt", made, date: "6 Dec", nativeReview: none, notes: "n" }, ["pt: date"]],
    [{ locale: "pt", made, date: "2026-12-06", notes: "n" }, ["pt: nativeReview"]],
  ] as const)("finds in %j: %j", (json, expected) => {
    // each problem names the locale and the field, then says what is wrong with it
    const found = provenanceProblems("pt", json).map((problem) =>
      problem.split(" ").slice(0, 2).join(" "),
    );
    expect(found).toEqual(expected);
  });
});
