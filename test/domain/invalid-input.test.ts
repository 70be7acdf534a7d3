import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { parseRequest } from "../../domain/invalid-input.ts";
import { refusalOf } from "../helpers/invalid-input.ts";

const Schema = z.strictObject({
  reason: z.enum(["no_capacity", "other"]),
  note: z.string().check(z.maxLength(5)),
});

const refusal = (input: unknown) => refusalOf(() => parseRequest(Schema, input));

describe("parseRequest", () => {
  it("returns what the schema reads", () => {
    expect(parseRequest(Schema, { reason: "other", note: "ok" })).toEqual({
      reason: "other",
      note: "ok",
    });
  });

  it.each([
    ["an unknown value", { reason: "CANARY", note: "" }, "reason"],
    ["a field too long", { reason: "other", note: "CANARY-long" }, "note"],
    ["a field whose name is not a plain name", { reason: "other", note: "", "CANARY: x": 1 }, ""],
    ["a missing field", { note: "" }, "reason"],
  ])("refuses %s as invalid_request, naming the field and quoting nothing", (_, input, path) => {
    const error = refusal(input);
    expect(error.code).toBe("invalid_request");
    expect(error.message).toBe("The request is not valid.");
    expect(error.fields.map((field) => field.path)).toContain(path);
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain("CANARY");
  });

  it("names an unknown field whose name is a plain identifier, for the developer who sent it", () => {
    expect(refusal({ reason: "other", note: "", notes: "x" }).fields).toEqual([
      { path: "notes", message: "is not a field of the contract" },
    ]);
  });

  it.each<[string, z.ZodMiniType, unknown, string]>([
    ["a missing value", z.string(), undefined, "is required"],
    ["a number for text", z.string(), 1, "must be text"],
    ["a fraction for a whole number", z.int(), 1.5, "must be a whole number"],
    ["text for true or false", z.boolean(), "yes", "must be true or false"],
    ["text for a list", z.array(z.string()), "a", "must be a list"],
    ["text for an object", z.object({}), "a", "must be an object"],
    ["text for a number", z.number(), "a", "must be a number"],
    ["text for a bigint", z.bigint(), "a", "must be of another type"],
    ["another literal", z.literal("a"), "b", 'must be "a"'],
    ["another enum value", z.enum(["a", "b"]), "c", "is not one of the allowed values"],
    [
      "too many items",
      z.array(z.number()).check(z.maxLength(2)),
      [1, 2, 3],
      "must have at most 2 items",
    ],
    ["too long a text", z.string().check(z.maxLength(3)), "abcd", "must be at most 3 characters"],
    ["too large a number", z.number().check(z.maximum(3)), 4, "must be at most 3"],
    ["too few items", z.array(z.number()).check(z.minLength(1)), [], "must have at least 1 item"],
    [
      "too few items (plural)",
      z.array(z.number()).check(z.minLength(2)),
      [1],
      "must have at least 2 items",
    ],
    ["an empty text", z.string().check(z.minLength(1)), "", "must not be empty"],
    ["too small a number", z.number().check(z.minimum(2)), 1, "must be at least 2"],
    ["not a UUID", z.uuid(), "x", "must be a UUID"],
    ["not an email address", z.email(), "x", "is not in the expected format"],
    ["a refinement", z.string().check(z.refine(() => false)), "x", "is not valid"],
  ])("says of %s, in a fixed text: %s", (_, schema, input, message) => {
    expect(refusalOf(() => parseRequest(schema, input)).fields).toEqual([{ path: "", message }]);
  });
});
