/**
 * The inbox's pure parts: reading an identity file, the API's errors in the page's words, and
 * what a case's flags say and offer, which keys are the inbox's, and the list's rules: the query
 * of its filters, how long ago in words, the search by short id, and which rows are new or
 * changed since the caseworker last looked.
 */
import { describe, expect, it } from "vitest";
import type { CaseSummary, FlagOnCase } from "../../domain/case-views.ts";
import { problemKey } from "../../web/inbox/api-problems.ts";
import { INBOX_CATALOGS } from "../../web/inbox/catalog.ts";
import {
  FLAG_NOTE_KEYS,
  type FlaggedView,
  flagNotes,
  flagSteps,
} from "../../web/inbox/flag-notes.ts";
import { identitiesIn } from "../../web/inbox/identity-file.ts";
import {
  changedSince,
  compareLists,
  type ListMemory,
  listQuery,
  matchesSearch,
  relativeTime,
  shortId,
  splitLive,
} from "../../web/inbox/list-logic.ts";
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

describe("the list's filters", () => {
  const none = { state: "", urgency: "", need: "", claimed: "" };

  it.each([
    [none, ""],
    [{ ...none, state: "claimed" }, "?state=claimed"],
    [{ ...none, state: "hidden" }, "?hidden=true"],
    [{ ...none, urgency: "emergency", need: "shelter" }, "?urgency=emergency&need=shelter"],
    [{ ...none, claimed: "nobody" }, "?claimed=nobody"],
    [
      { state: "sent", urgency: "high", need: "legal", claimed: "me" },
      "?state=sent&urgency=high&need=legal&claimed=me",
    ],
  ])("%o asks for %j", (filters, query) => {
    expect(listQuery(filters)).toBe(query);
  });
});

describe("how long ago, in words", () => {
  const NOW = Date.UTC(2026, 11, 6, 12, 0, 0);
  const MINUTE = 60_000;
  const HOUR = 60 * MINUTE;
  const DAY = 24 * HOUR;

  it.each([
    ["en", 0, "now"],
    ["en", 30_000, "now"],
    ["en", -5 * MINUTE, "now"], // a clock a little ahead of this one
    ["en", 1 * MINUTE, "1 minute ago"],
    ["en", 59 * MINUTE, "59 minutes ago"],
    ["en", 3 * HOUR + 40 * MINUTE, "3 hours ago"],
    ["en", DAY + HOUR, "yesterday"],
    ["en", 3 * DAY, "3 days ago"],
    ["en", 15 * DAY, "2 weeks ago"],
    ["en", 70 * DAY, "2 months ago"],
    ["en", 800 * DAY, "2 years ago"],
    ["nl", 3 * HOUR, "3 uur geleden"],
    ["pl", 3 * HOUR, "3 godziny temu"],
    ["ro", 3 * HOUR, "acum 3 ore"],
    ["ar", 3 * HOUR, "قبل 3 ساعات"], // Western digits, as in the rest of the inbox
  ])("in %s, %i ms ago is %j", (locale, ago, words) => {
    expect(relativeTime(NOW - ago, NOW, locale)).toBe(words);
  });
});

const CASE_ID = "3F2A9C1B-5d7e-4c1a-9a59-8f3f1f0e2a11";

describe("the search by short id", () => {
  it("takes the first 8 characters of the case's id as its short id", () => {
    expect(shortId(CASE_ID)).toBe("3F2A9C1B");
  });

  it.each([
    ["", true],
    ["3f2a9c1b", true],
    ["3F2A", true],
    ["  3f2a9c1b ", true],
    ["#3f2a9c1b", true],
    ["3f2a 9c1b", true],
    [CASE_ID.toLowerCase(), true],
    ["9c1b", false], // the middle of the id is not its start
    ["3f2a9c1c", false],
    ["x", false],
  ])("%j finds the case: %s", (search, found) => {
    expect(matchesSearch(CASE_ID, search)).toBe(found);
  });
});

describe("what changed since the caseworker last looked", () => {
  const row = (caseId: string, changes: Partial<CaseSummary> = {}): CaseSummary => ({
    caseId,
    urgency: "high",
    state: "sent",
    receivedAt: 1,
    live: true,
    overdue: false,
    escalated: false,
    needs: ["shelter"],
    contactLanguages: ["pl"],
    municipality: "GM0344",
    newReply: false,
    fromOthers: false,
    others: [{ organisation: "legal-aid", name: "Legal aid", state: "sent", lead: false }],
    ...changes,
  });
  const nothingOpened = new Set<string>();
  const first = (rows: CaseSummary[], query = "") =>
    compareLists(null, query, rows, nothingOpened).memory;
  const marksOf = (memory: ListMemory) => Object.fromEntries(memory.marks);

  it("marks nothing on the first list: there is nothing to compare it with", () => {
    const { memory, fresh } = compareLists(null, "", [row("a"), row("b")], nothingOpened);
    expect(marksOf(memory)).toEqual({});
    expect(fresh).toEqual([]);
  });

  it("marks a case that came in as new, and one that changed as changed", () => {
    const before = first([row("a"), row("b")]);
    const { memory, fresh } = compareLists(
      before,
      "",
      [row("c"), row("a", { state: "claimed", claimedBy: "Ana" }), row("b")],
      nothingOpened,
    );
    expect(marksOf(memory)).toEqual({ c: "new", a: "changed" });
    expect(fresh.sort()).toEqual(["a", "c"]);
  });

  it.each<[string, Partial<CaseSummary>, boolean]>([
    ["a new reply from the person", { newReply: true }, true],
    ["a message or hand-over from another organisation", { fromOthers: true }, true],
    ["overdue", { overdue: true }, true],
    ["escalated", { escalated: true }, true],
    ["another organisation moved on", { others: [] }, true],
    ["withdrawn", { live: false, needs: [], contactLanguages: [], municipality: null }, true],
    ["a colleague opened it (readAt)", { readAt: 5 }, false],
  ])("counts %s as a change: %s", (_name, changes, changed) => {
    expect(changedSince(row("a"), row("a", changes))).toBe(changed);
  });

  it("does not count the markers a colleague's opening cleared as news", () => {
    expect(
      changedSince(row("a", { newReply: true, fromOthers: true }), row("a", { readAt: 9 })),
    ).toBe(false);
  });

  it("keeps a mark over later lists until the caseworker opens the case, and marks nothing they opened", () => {
    const before = first([row("a"), row("b")]);
    const changed = compareLists(before, "", [row("a", { newReply: true }), row("b")], new Set());
    const same = compareLists(
      changed.memory,
      "",
      [row("a", { newReply: true }), row("b")],
      new Set(),
    );
    expect(marksOf(same.memory)).toEqual({ a: "changed" });
    expect(same.fresh).toEqual([]); // kept, but not news again
    const opened = compareLists(
      same.memory,
      "",
      [row("a", { readAt: 7, state: "claimed" }), row("b", { fromOthers: true })],
      new Set(["a"]),
    );
    expect(marksOf(opened.memory)).toEqual({ b: "changed" });
    expect(opened.fresh).toEqual(["b"]);
  });

  it("starts again under other filters, and forgets the rows that left the list", () => {
    const before = first([row("a")]);
    const other = compareLists(before, "?need=legal", [row("b")], nothingOpened);
    expect(marksOf(other.memory)).toEqual({});
    const changed = compareLists(other.memory, "?need=legal", [row("c")], nothingOpened);
    expect([...changed.memory.rows.keys()]).toEqual(["c"]);
    expect(marksOf(changed.memory)).toEqual({ c: "new" });
  });

  it("keeps the cases to work on apart from the closed, declined and withdrawn, in order", () => {
    const rows = [row("a"), row("b", { live: false }), row("c"), row("d", { live: false })];
    const { live, done } = splitLive(rows);
    expect(live.map((r) => r.caseId)).toEqual(["a", "c"]);
    expect(done.map((r) => r.caseId)).toEqual(["b", "d"]);
  });
});
