/** fast-check arbitraries: any valid report of a region, for property tests and the benchmark. */
import fc from "fast-check";
import type { Region } from "../../domain/region.ts";
import type { Report } from "../../domain/report.ts";
import {
  CIRCUMSTANCES,
  CONTACT_CHANNELS,
  EXPLOITATION_TYPES,
  INDICATORS,
  LOSSES,
  NEEDS,
  REPORTERS,
  SECTORS,
  SITUATIONS,
  TRISTATE,
} from "../../domain/vocabulary.ts";

/** Languages of the contract's list (any case is read lower-cased). */
const LANGUAGES = ["nl", "en", "pl", "ro", "bg", "uk", "ar", "pt", "zh", "vi", "ti", "so"];

/** The names every plain object inherits (`constructor`, `__proto__`, `toString`, …). */
export const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype);

/** A property name or path segment: often one every object inherits, otherwise any string. */
export const hostileName = () =>
  fc.oneof(fc.constantFrom(...PROTOTYPE_NAMES), fc.string({ maxLength: 12 }));

/** Any JSON value whose objects' keys are often names every object inherits. */
export const hostileJson = (): fc.Arbitrary<unknown> =>
  fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: "small" },
      fc.jsonValue({ maxDepth: 1 }),
      fc.dictionary(hostileName(), tie("value"), { maxKeys: 4 }),
      fc.array(tie("value"), { maxLength: 3 }),
    ),
  })).value;

export function reportArbitrary(region: Region): fc.Arbitrary<Report> {
  const contact = fc.oneof(
    fc.record({ channel: fc.constant("none" as const), leaveMessage: fc.boolean() }),
    fc.record(
      {
        channel: fc.constantFrom(...CONTACT_CHANNELS.filter((channel) => channel !== "none")),
        address: fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== ""),
        safeTimes: fc.string({ maxLength: 40 }),
        leaveMessage: fc.boolean(),
      },
      { requiredKeys: ["channel", "address", "leaveMessage"] },
    ),
  );
  return fc.record(
    {
      version: fc.constant(1 as const),
      locale: fc.constantFrom(...region.locales),
      reporter: fc.constantFrom(...REPORTERS),
      inDanger: fc.constantFrom(...TRISTATE),
      minor: fc.constantFrom(...TRISTATE),
      situation: fc.constantFrom(...SITUATIONS),
      exploitation: fc.shuffledSubarray([...EXPLOITATION_TYPES], { minLength: 1, maxLength: 4 }),
      sector: fc.constantFrom(...SECTORS),
      indicators: fc.shuffledSubarray([...INDICATORS], { maxLength: 6 }),
      lost: fc.shuffledSubarray([...LOSSES]),
      needs: fc.shuffledSubarray([...NEEDS], { maxLength: 5 }),
      circumstances: fc.shuffledSubarray([...CIRCUMSTANCES]),
      previouslyExploited: fc.constantFrom(...TRISTATE),
      municipality: fc.constantFrom("unknown", ...region.municipalities.map((m) => m.code)),
      contactLanguages: fc.shuffledSubarray(LANGUAGES, { minLength: 1, maxLength: 5 }),
      contact,
      consent: fc.record({
        share: fc.boolean(),
        authorities: fc.boolean(),
        checkIns: fc.boolean(),
      }),
      narrative: fc.string({ maxLength: 200 }),
      previousReceipt: fc.stringMatching(/^\d{4} \d{4} \d{4} \d{4}$/),
    },
    {
      requiredKeys: [
        "version",
        "locale",
        "reporter",
        "inDanger",
        "minor",
        "situation",
        "exploitation",
        "indicators",
        "lost",
        "needs",
        "previouslyExploited",
        "municipality",
        "contactLanguages",
        "contact",
        "consent",
      ],
    },
  ) as fc.Arbitrary<Report>;
}
