import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseRequest } from "../../../functions/domain/invalid-input.ts";
import { refusalOf } from "../../helpers/invalid-input.ts";

const Schema = z.strictObject({
  reason: z.enum(["no_capacity", "other"]),
  note: z.string().max(5),
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
});
