import { describe, expect, it } from "vitest";
import { openAnswer, sealAnswer } from "../../../functions/adapters/sealed-answer.ts";

const answer = { receipt: "1234 5678 1234 5678", urgency: "high", routedTo: 2 };

describe("the kept 201 answer", () => {
  it("opens with the exact body it was sealed under", () => {
    const body = '{"submissionId":"x","narrative":"words"}';
    expect(openAnswer(body, sealAnswer(body, answer))).toEqual(answer);
  });

  it("does not hold the receipt in clear", () => {
    const sealed = sealAnswer("{}", answer);
    expect(Buffer.from(sealed, "base64").toString("latin1")).not.toContain("1234");
  });

  it.each([
    ["another body", '{"submissionId":"x","narrative":"other"}'],
    ["the same body with other spacing", '{"submissionId": "x","narrative":"words"}'],
  ])("refuses to open with %s", (_, other) => {
    const sealed = sealAnswer('{"submissionId":"x","narrative":"words"}', answer);
    expect(() => openAnswer(other, sealed)).toThrow();
  });
});
