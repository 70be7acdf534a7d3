import { describe, expect, it } from "vitest";
import { parseJsonText } from "../../domain/json-text.ts";
import { refusalOf } from "../helpers/invalid-input.ts";

const refusal = (text: string, of?: "report" | "request") =>
  refusalOf(() => parseJsonText(text, of));

describe("parseJsonText", () => {
  it.each([
    ['{"a": 1}', { a: 1 }],
    ["[]", []],
    ['"text"', "text"],
  ])("reads %s", (text, value) => {
    expect(parseJsonText(text)).toEqual(value);
  });

  it.each([
    ["", "is empty"],
    ["   \n", "is empty"],
    ['{"secret": "CANARY', "is not JSON"],
    [`${"[".repeat(20000)}`, "is not JSON"],
  ])("refuses %j: %s, without quoting the input", (text, message) => {
    const error = refusal(text);
    expect(error.code).toBe("invalid_report");
    expect(error.fields).toEqual([{ path: "", message }]);
    expect(JSON.stringify(error)).not.toContain("CANARY");
  });

  it("names the refusal of a request other than a report invalid_request", () => {
    const error = refusal("{", "request");
    expect(error.code).toBe("invalid_request");
    expect(error.message).toBe("The request is not valid.");
  });
});
