/**
 * The stand-in for powertools' JMESPath engine in the Lambda packages
 * (functions/adapters/field-path-search.ts): on the intake's idempotency paths it answers exactly
 * what the engine answers, and it refuses any expression that is more than plain fields.
 */
import { search as jmespath } from "@aws-lambda-powertools/jmespath";
import { describe, expect, it } from "vitest";
import { search } from "../../../functions/adapters/field-path-search.ts";
import { idempotencySettings } from "../../../functions/wiring/intake.ts";

const settings = idempotencySettings();
const paths = [
  settings.eventKeyJmesPath,
  settings.payloadValidationJmesPath ?? "",
  "report.locale",
];

const payloads: unknown[] = [
  {
    submissionId: "0b677e18-740f-4688-8d26-44a319b7da1c",
    body: '{"a":1}',
    report: { locale: "pl" },
  },
  { submissionId: "", body: "" },
  { submissionId: 0, body: false, report: null },
  { submissionId: null },
  { body: { nested: [1, 2] }, report: { locale: ["x"] } },
  {},
  [],
  "text",
  null,
];

describe("the field-path search of the packages", () => {
  it("is given plain field paths by the intake's idempotency settings", () => {
    expect(settings.eventKeyJmesPath).toBe("submissionId");
    expect(settings.payloadValidationJmesPath).toBe("body");
  });

  it.each(paths.flatMap((path) => payloads.map((payload) => [path, payload] as const)))(
    "answers %s of %j as JMESPath does",
    (path, payload) => {
      expect(search(path, payload)).toEqual(jmespath(path, payload as never));
    },
  );

  it.each(["a[0]", "a | b", "powertools_json(body)", "a.*", "", "a..b", "'a'"])(
    "refuses %j, which is more than plain fields",
    (expression) => {
      expect(() => search(expression, {})).toThrow("Only plain field paths");
    },
  );
});
