import { createHash, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { checkInSubmissionId } from "../../../functions/use-cases/answer-check-in.ts";

const KEYS = [{ version: "2", key: Buffer.from("the receipt key") }];
const RECEIPT = "4821093755201184";

describe("the submissionId of a check-in's follow-up report", () => {
  it("is stable for one check-in, and a version-4-shaped UUID", () => {
    const caseId = randomUUID();
    const id = checkInSubmissionId(KEYS, RECEIPT, caseId, 3);
    expect(id).toBe(checkInSubmissionId(KEYS, RECEIPT, caseId, 3));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(checkInSubmissionId(KEYS, RECEIPT, caseId, 6)).not.toBe(id);
  });

  it("cannot be worked out from the case id: it takes the receipt key and the receipt", () => {
    const caseId = randomUUID();
    const id = checkInSubmissionId(KEYS, RECEIPT, caseId, 1);
    // What anyone who knows the case id could compute (the id before this change).
    const hex = createHash("sha256").update(`check-in:${caseId}:1`).digest("hex");
    expect(id.replaceAll("-", "").slice(0, 8)).not.toBe(hex.slice(0, 8));
    expect(
      checkInSubmissionId([{ version: "2", key: Buffer.from("another key") }], RECEIPT, caseId, 1),
    ).not.toBe(id);
    expect(checkInSubmissionId(KEYS, "1111222233334444", caseId, 1)).not.toBe(id);
  });
});
