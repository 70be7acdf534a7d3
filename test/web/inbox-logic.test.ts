/**
 * The inbox's pure parts: reading an identity file, the API's errors in the page's words, and
 * what a case's flags say and offer, and which keys are the inbox's.
 */
import { describe, expect, it } from "vitest";
import type { FlagOnCase } from "../../domain/case-views.ts";
import { problemKey } from "../../web/inbox/api-problems.ts";
import { INBOX_CATALOGS } from "../../web/inbox/catalog.ts";
import {
  FLAG_NOTE_KEYS,
  type FlaggedView,
  flagNotes,
  flagSteps,
} from "../../web/inbox/flag-notes.ts";
import { identitiesIn } from "../../web/inbox/identity-file.ts";
import { SHORTCUTS, shortcutOf } from "../../web/inbox/shortcuts.ts";
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

describe("a case's flags", () => {
  const COORDINATOR = "coordination-centre";
  const flagBy = (organisation: string, changes: Partial<FlagOnCase> = {}): FlagOnCase => ({
    organisation,
    name: `Name of ${organisation}`,
    flag: "spam",
    forEveryone: false,
    lead: false,
    at: 1,
    ...changes,
  });
  const view = (flags: FlagOnCase[], hidden: boolean, urgency = "standard"): FlaggedView => ({
    urgency,
    flags,
    hidden,
  });

  it.each<[string, FlaggedView, string, string[], { undo: boolean; forEveryone: boolean }]>([
    ["no flag", view([], false), "legal-aid", [], { undo: false, forEveryone: false }],
    [
      "another organisation's proposal",
      view([flagBy("legal-aid")], false),
      "labour-ngo",
      ["flag.proposed"],
      { undo: false, forEveryone: false },
    ],
    [
      "the lead's proposal, seen by the coordinator, who may confirm it for everyone",
      view([flagBy("labour-ngo", { lead: true })], false),
      COORDINATOR,
      ["flag.proposedByLead"],
      { undo: false, forEveryone: true },
    ],
    [
      "our own flag: it can be taken back",
      view([flagBy("legal-aid")], true),
      "legal-aid",
      ["flag.ours"],
      { undo: true, forEveryone: false },
    ],
    [
      "the coordinator's mark, seen by another",
      view([flagBy(COORDINATOR, { forEveryone: true })], true),
      "legal-aid",
      ["flag.forEveryone"],
      { undo: false, forEveryone: false },
    ],
    [
      "the coordinator's own mark: taken back, not marked again",
      view([flagBy(COORDINATOR, { forEveryone: true })], true),
      COORDINATOR,
      ["flag.oursEveryone"],
      { undo: true, forEveryone: false },
    ],
    [
      "an unclaimed emergency, flagged for us yet kept in the inbox",
      view([flagBy(COORDINATOR, { forEveryone: true })], false, "emergency"),
      "legal-aid",
      ["flag.forEveryone", "flag.keptEmergency"],
      { undo: false, forEveryone: false },
    ],
  ])("%s", (_, flagged, me, keys, steps) => {
    expect(flagNotes(flagged, me).map((note) => note.key)).toEqual(keys);
    expect(flagSteps(flagged, me, COORDINATOR)).toEqual(steps);
  });

  it("names the organisation that proposed, and says every note in every language", () => {
    expect(flagNotes(view([flagBy("legal-aid")], false), "labour-ngo")[0]?.values).toEqual({
      organisation: "Name of legal-aid",
      flag: "spam",
    });
    for (const catalog of Object.values(INBOX_CATALOGS))
      expect(FLAG_NOTE_KEYS.filter((key) => !(key in catalog))).toEqual([]);
  });
});

describe("the inbox's keys", () => {
  it.each([
    ["KeyJ", "next"],
    ["KeyK", "previous"],
    ["KeyC", "claim"],
    ["KeyR", "reply"],
    ["KeyD", undefined], // no key declines,
    ["KeyH", undefined], // hands over,
    ["KeyF", undefined], // flags
    ["KeyX", undefined], // or closes
    ["Enter", undefined],
    ["Digit1", undefined],
    ["j", undefined], // a layout's letter is not a place on the keyboard
  ])("%s is %s", (code, shortcut) => {
    expect(shortcutOf(code)).toBe(shortcut);
  });

  it("are four letters, each a different key", () => {
    const letters = Object.values(SHORTCUTS);
    expect(new Set(letters).size).toBe(letters.length);
    for (const letter of letters) expect(letter).toMatch(/^[a-z]$/);
  });
});
