import { describe, expect, it } from "vitest";
import type { AssignmentState } from "../../domain/case-work.ts";
import {
  type CaseFlag,
  type CaseFlags,
  flaggedAway,
  flagsFor,
  hiddenFromInbox,
  mayFlag,
  replyReaders,
} from "../../domain/flags.ts";
import type { Urgency } from "../../domain/vocabulary.ts";
import { sampleRegion as region } from "../helpers/region-factory.ts";

/** The seed case: the labour NGO leads, legal aid and the coordinator are on it too. */
const LEAD = "labour-ngo";
const OTHER = "legal-aid";
const COORDINATOR = region.coordinator;
const ON_CASE = [LEAD, OTHER, COORDINATOR];

const own = (at = 1): CaseFlag => ({ kind: "spam", forEveryone: false, at });
const forEveryone = (at = 2): CaseFlag => ({ kind: "spam", forEveryone: true, at });

describe("who may flag for whom", () => {
  it.each([
    [OTHER, false, true],
    [OTHER, true, false],
    [LEAD, false, true],
    [LEAD, true, false],
    [COORDINATOR, false, true],
    [COORDINATOR, true, true],
  ])("%s, for everyone %s: %s", (organisation, everyone, allowed) => {
    expect(mayFlag(organisation, everyone, COORDINATOR)).toBe(allowed);
  });
});

describe("whom the flags take the case away from", () => {
  it.each<[string, CaseFlags, string[]]>([
    ["no flag", {}, []],
    ["a non-lead organisation's flag: itself only", { [OTHER]: own() }, [OTHER]],
    ["the lead's flag: itself only (a proposal)", { [LEAD]: own() }, [LEAD]],
    ["the coordinator's own flag: itself only", { [COORDINATOR]: own() }, [COORDINATOR]],
    ["the coordinator's mark for everyone: everyone", { [COORDINATOR]: forEveryone() }, ON_CASE],
    [
      "the lead's proposal, confirmed by the coordinator for everyone: everyone",
      { [LEAD]: own(), [COORDINATOR]: forEveryone() },
      ON_CASE,
    ],
    [
      "the lead's and the coordinator's own flags: each itself, nobody else",
      { [LEAD]: own(), [COORDINATOR]: own() },
      [LEAD, COORDINATOR],
    ],
    [
      "a mark for everyone by anyone but the coordinator (stored by mistake): itself only",
      { [LEAD]: forEveryone() },
      [LEAD],
    ],
  ])("%s", (_, flags, away) => {
    expect(ON_CASE.filter((organisation) => flaggedAway(organisation, flags, COORDINATOR))).toEqual(
      away,
    );
  });
});

describe("an inbox", () => {
  it.each<[boolean, Urgency, boolean, boolean]>([
    [false, "emergency", false, false],
    [true, "emergency", false, false],
    [true, "emergency", true, true],
    [true, "high", false, true],
    [true, "standard", false, true],
    [false, "standard", true, false],
  ])("flagged away %s, %s, claimed %s: hidden %s", (away, urgency, claimed, hidden) => {
    expect(hiddenFromInbox({ flaggedAway: away, urgency, claimed })).toBe(hidden);
  });
});

describe("who reads the person's replies", () => {
  it.each<[string, [string, AssignmentState][], string[], string[]]>([
    [
      "every organisation on the case, flagged or not (the flags are not even asked)",
      [
        [LEAD, "in_contact"],
        [OTHER, "sent"],
        [COORDINATOR, "claimed"],
      ],
      [],
      ON_CASE,
    ],
    ["one whose envelope is still on its way", [[LEAD, "sent"]], [], ON_CASE],
    [
      "not one that declined, nor after a withdrawal; a closed one still",
      [
        [LEAD, "declined"],
        [OTHER, "withdrawn"],
        [COORDINATOR, "closed_helped"],
      ],
      [],
      [COORDINATOR],
    ],
    ["not one the case records as declined", [], [OTHER], [LEAD, COORDINATOR]],
  ])("%s", (_, states, declined, readers) => {
    const assignments = states.map(([organisation, state]) => ({ organisation, state }));
    expect(replyReaders(ON_CASE, assignments, declined)).toEqual(readers);
  });
});

describe("a case view's flags", () => {
  const aCase = (flags: CaseFlags, urgency: Urgency, claimedAt?: number) => ({
    flags,
    ...(claimedAt ? { claimedAt } : {}),
    decision: { triage: { urgency }, routing: { lead: LEAD } },
  });

  it("shows every organisation's flag by name, the coordinator's first, the lead marked", () => {
    const { flags } = flagsFor(
      aCase({ [LEAD]: own(5), [OTHER]: own(3), [COORDINATOR]: forEveryone(9) }, "standard"),
      OTHER,
      region,
    );
    expect(flags.map((flag) => [flag.organisation, flag.forEveryone, flag.lead])).toEqual([
      [COORDINATOR, true, false],
      [OTHER, false, false],
      [LEAD, false, true],
    ]);
    expect(flags[2]?.name).toBe(region.organisations.find((o) => o.id === LEAD)?.name);
  });

  it.each<[string, CaseFlags, Urgency, number | undefined, boolean]>([
    ["another's proposal leaves it in the inbox", { [LEAD]: own() }, "standard", undefined, false],
    ["its own flag takes it out", { [OTHER]: own() }, "standard", undefined, true],
    ["the mark for everyone takes it out", { [COORDINATOR]: forEveryone() }, "high", 1, true],
    [
      "not while an emergency is unclaimed",
      { [COORDINATOR]: forEveryone() },
      "emergency",
      undefined,
      false,
    ],
    ["once the emergency is claimed", { [OTHER]: own() }, "emergency", 7, true],
  ])("for a non-lead organisation: %s", (_, flags, urgency, claimedAt, hidden) => {
    expect(flagsFor(aCase(flags, urgency, claimedAt), OTHER, region).hidden).toBe(hidden);
  });
});
