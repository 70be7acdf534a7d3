/** The inbox's pure parts: reading an identity file, and the API's errors in the page's words. */
import { describe, expect, it } from "vitest";
import { identitiesIn } from "../../web/inbox/identity-file.ts";
import { problemKey } from "../../web/inbox/problems.ts";
import { demoKeys } from "../helpers/demo-keys.ts";

describe("an identity file", () => {
  const [key] = demoKeys("labour-ngo");

  it("is read as age-keygen writes it: comments ignored, one key a line", () => {
    const file = `# created: 2026-01-01T00:00:00Z\n# public key: ${key?.recipient}\n${key?.identity}\n`;
    expect(identitiesIn(file)).toEqual([key?.identity]);
  });

  it("takes several keys, Windows line ends and stray blanks", () => {
    const [other] = demoKeys("legal-aid");
    expect(identitiesIn(`\r\n  ${key?.identity}  \r\n# x\r\n${other?.identity}`)).toEqual([
      key?.identity,
      other?.identity,
    ]);
  });

  it("holds no key when there is none (a public key is not one)", () => {
    expect(identitiesIn(`# public key: ${key?.recipient}\n${key?.recipient}\n`)).toEqual([]);
    expect(identitiesIn("")).toEqual([]);
  });
});

describe("the API's errors", () => {
  const problem = (status: number, code: string, message = "") => ({ status, code, message });

  it.each([
    [problem(0, "network"), "error.network"],
    [problem(401, "unauthorized", "A valid access token is required."), "error.unauthorized"],
    [problem(403, "forbidden"), "error.forbidden"],
    [problem(404, "not_found", "There is no such case."), "error.notFound"],
    [problem(429, "too_many_requests"), "error.tooManyRequests"],
    [problem(400, "invalid_request"), "error.invalidRequest"],
    [problem(413, "payload_too_large"), "error.invalidRequest"],
    [problem(500, "internal"), "error.server"],
    [problem(502, ""), "error.server"],
  ])("%o is said as %s", (given, key) => {
    expect(problemKey(given)).toBe(key);
  });

  it.each([
    ["Someone else changed this case just now. Read it again.", "error.conflictQuicker"],
    ["Claim the case before writing to the person.", "error.conflictClaimFirst"],
    ["Claim the case before handing a need over.", "error.conflictClaimFirst"],
    ["Closing a case needs an outcome.", "error.conflictOutcome"],
    ["Only closing a case takes an outcome.", "error.conflictOutcome"],
    ["That organisation has this case already.", "error.conflictHasCase"],
    ["The person did not agree to share with authorities.", "error.conflictNoConsent"],
    [
      "Only the lead holds the contact, so only the lead can hand it over.",
      "error.conflictNotLead",
    ],
    [
      "The coordinator keeps the thread of a case: it cannot decline it.",
      "error.conflictCoordinator",
    ],
    ["The message is too long.", "error.conflictTooLong"],
    ["A sealed part must be an ASCII-armored age file.", "error.sealing"],
    ["A case that is sent cannot become in_contact.", "error.conflict"],
  ])("a conflict saying %j is said as %s", (message, key) => {
    expect(problemKey(problem(409, "conflict", message))).toBe(key);
  });
});
