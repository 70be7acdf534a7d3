import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../../domain/invalid-input.ts";
import { parseReport, type ReportSource } from "../../domain/report.ts";
import { sampleRegion } from "../helpers/region-factory.ts";
import { aJsonReport, aReport } from "../helpers/report-factory.ts";

/** The field errors of an input, or [] when it is valid. */
function problemsOf(input: unknown, source: ReportSource = "cli") {
  try {
    parseReport(input, sampleRegion, source);
    return [];
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    expect(error.code).toBe("invalid_report");
    return error.fields;
  }
}

const withReport = (changes: Record<string, unknown>) => ({ ...aReport(), ...changes });
const CANARY = "CANARY-7f3a";

describe("a valid report", () => {
  it("reads contact languages lower-cased", () => {
    expect(
      parseReport(withReport({ contactLanguages: ["PL", "Ti"] }), sampleRegion, "cli"),
    ).toMatchObject({
      contactLanguages: ["pl", "ti"],
    });
  });

  it("parses to itself", () => {
    expect(parseReport(aReport(), sampleRegion, "cli")).toEqual(aReport());
  });

  it.each([
    [
      "a narrative of 4,000 emoji (code points, not UTF-16 units)",
      { narrative: "😀".repeat(4000) },
    ],
    ["a 4,000-character Arabic narrative", { narrative: "ش".repeat(4000) }],
    ["languages of the contract's list, in any case", { contactLanguages: ["PL", "Ti", "uk"] }],
    ["an unknown municipality", { municipality: "unknown" }],
    ["an empty list of circumstances", { circumstances: [] }],
    ["a receipt in Arabic-Indic digits", { previousReceipt: "٤٨٢١ ٠٩٣٧ ٥٥٢٠ ١١٨٤" }],
    ["a proof on the command line (ignored)", { proof: "anything" }],
    ["no contact at all", { contact: { channel: "none", leaveMessage: false } }],
  ])("accepts %s", (_, changes) => {
    expect(problemsOf(withReport(changes))).toEqual([]);
  });

  it("requires a submissionId from the JSON API only (the proof is checked later)", () => {
    expect(problemsOf(aReport(), "json")).toEqual([
      { path: "submissionId", message: "is required" },
    ]);
    expect(problemsOf(aReport(), "form")).toEqual([]);
    expect(problemsOf(aJsonReport(), "json")).toEqual([]);
  });
});

describe("an invalid report", () => {
  it.each<[string, unknown, { path: string; message: string }[]]>([
    ["null", null, [{ path: "", message: "must be an object" }]],
    ["a number", 42, [{ path: "", message: "must be an object" }]],
    ["a string", "report", [{ path: "", message: "must be an object" }]],
    ["an array", [], [{ path: "", message: "must be an object" }]],
    ["a wrong version", withReport({ version: 2 }), [{ path: "version", message: "must be 1" }]],
    [
      "a wrong enum",
      withReport({ inDanger: "maybe" }),
      [{ path: "inDanger", message: "is not one of the allowed values" }],
    ],
    [
      "an enum in another case",
      withReport({ reporter: "SELF" }),
      [{ path: "reporter", message: "is not one of the allowed values" }],
    ],
    [
      "a null optional field",
      withReport({ sector: null }),
      [{ path: "sector", message: "is not one of the allowed values" }],
    ],
    [
      "an unknown field",
      withReport({ name: "Jan" }),
      [{ path: "name", message: "is not a field of the contract" }],
    ],
    [
      "an unknown nested field",
      withReport({ contact: { channel: "none", leaveMessage: false, name: "x" } }),
      [{ path: "contact.name", message: "is not a field of the contract" }],
    ],
    [
      "a __proto__ key",
      JSON.parse(`{"__proto__": {"admin": true}, ${JSON.stringify(aReport()).slice(1)}`),
      [{ path: "__proto__", message: "is not a field of the contract" }],
    ],
    [
      "a constructor key",
      JSON.parse(`{"constructor": 1, ${JSON.stringify(aReport()).slice(1)}`),
      [{ path: "constructor", message: "is not a field of the contract" }],
    ],
    [
      "a duplicate member",
      withReport({ lost: ["job", "job"] }),
      [{ path: "lost", message: "must not repeat a value" }],
    ],
    [
      "no exploitation type",
      withReport({ exploitation: [] }),
      [{ path: "exploitation", message: "must have at least 1 item" }],
    ],
    [
      "six contact languages",
      withReport({ contactLanguages: ["nl", "en", "pl", "ro", "bg", "hu"] }),
      [{ path: "contactLanguages", message: "must have at most 5 items" }],
    ],
    ...(
      [
        ["a malformed language", "english!"],
        ["free text in subtags", "en-call-after-six"],
        ["a region subtag", "pt-BR"],
        ["a language off the contract's list", "sr"],
        ["a property of every object", "constructor"],
      ] as const
    ).map(([name, language]): [string, unknown, { path: string; message: string }[]] => [
      name,
      withReport({ contactLanguages: ["nl", language] }),
      [
        {
          path: "contactLanguages.1",
          message: "must be a language code of the contract, such as pl",
        },
      ],
    ]),
    [
      "the same language twice, in two cases",
      withReport({ contactLanguages: ["pl", "PL"] }),
      [{ path: "contactLanguages", message: "must not repeat a value" }],
    ],
    [
      "a locale the region does not offer",
      withReport({ locale: "so" }),
      [{ path: "locale", message: "is not one of the allowed values" }],
    ],
    [
      "a municipality the region does not have",
      withReport({ municipality: "GM9999" }),
      [{ path: "municipality", message: "is not one of the allowed values" }],
    ],
    [
      "a narrative over 4,000 characters",
      withReport({ narrative: "a".repeat(4001) }),
      [{ path: "narrative", message: "must be at most 4000 characters" }],
    ],
    [
      "a narrative of 4,001 emoji",
      withReport({ narrative: "😀".repeat(4001) }),
      [{ path: "narrative", message: "must be at most 4000 characters" }],
    ],
    [
      "a lone surrogate",
      withReport({ narrative: "a\uD800b" }),
      [{ path: "narrative", message: "must be valid text" }],
    ],
    [
      "an address over 200 characters",
      withReport({ contact: { channel: "phone", address: "1".repeat(201), leaveMessage: false } }),
      [{ path: "contact.address", message: "must be at most 200 characters" }],
    ],
    [
      "a channel without an address",
      withReport({ contact: { channel: "email", leaveMessage: true } }),
      [{ path: "contact.address", message: "is required for this channel" }],
    ],
    [
      "a blank address",
      withReport({ contact: { channel: "phone", address: "   ", leaveMessage: true } }),
      [{ path: "contact.address", message: "is required for this channel" }],
    ],
    [
      "a malformed previous receipt",
      withReport({ previousReceipt: "1234 5678" }),
      [{ path: "previousReceipt", message: "must be 16 digits" }],
    ],
    [
      "a malformed submissionId",
      withReport({ submissionId: "not-a-uuid" }),
      [{ path: "submissionId", message: "must be a UUID" }],
    ],
    [
      "consent as a string",
      withReport({ consent: { share: "yes", authorities: false, checkIns: false } }),
      [{ path: "consent.share", message: "must be true or false" }],
    ],
  ])("names the field at fault for %s", (_, input, fields) => {
    expect(problemsOf(input)).toEqual(fields);
  });

  it("lists every field at fault at once", () => {
    const fields = problemsOf(
      withReport({
        version: 3,
        minor: "perhaps",
        needs: ["money"],
        contact: { channel: "phone", leaveMessage: "no" },
        extra: 1,
      }),
    );
    expect(fields.map((field) => field.path)).toEqual([
      "version",
      "minor",
      "needs.0",
      "contact.leaveMessage",
      "contact.address",
      "extra",
    ]);
  });

  it("never echoes any part of the input", () => {
    const fields = problemsOf(
      withReport({
        narrative: `${CANARY}${"x".repeat(4000)}`,
        previousReceipt: CANARY,
        contact: { channel: CANARY, address: CANARY.repeat(50), leaveMessage: false },
        locale: CANARY,
        [`${CANARY} key`]: 1,
      }),
    );
    expect(fields.length).toBeGreaterThanOrEqual(5);
    expect(JSON.stringify(fields)).not.toContain(CANARY);
  });
});
