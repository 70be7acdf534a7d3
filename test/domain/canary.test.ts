import { describe, expect, it } from "vitest";
import {
  CANARY_DEFAULTS,
  canaryOf,
  canaryWarning,
  judgeOutcome,
  type TestOutcome,
} from "../../domain/canary.ts";
import { InvalidInputError } from "../../domain/invalid-input.ts";
import { parseRegion } from "../../domain/region.ts";
import { anOrganisation, aRegionInput } from "../helpers/region-factory.ts";

/** The fields a region file with this canary block is refused for (none: accepted). */
function problemsOf(canary: unknown): string[] {
  try {
    parseRegion({ ...aRegionInput(), canary });
    return [];
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    return error.fields.map((field) => field.path);
  }
}

describe("the canary's settings", () => {
  it("runs every hour by default", () => {
    expect(CANARY_DEFAULTS).toEqual({ enabled: true, everyMinutes: 60 });
    expect(canaryOf(parseRegion(aRegionInput()))).toEqual({ enabled: true, everyMinutes: 60 });
  });

  it.each([
    [{ enabled: false }, { enabled: false, everyMinutes: 60 }],
    [{ everyMinutes: 15 }, { enabled: true, everyMinutes: 15 }],
    [
      { enabled: true, everyMinutes: 720 },
      { enabled: true, everyMinutes: 720 },
    ],
  ])("takes %j from the region file", (canary, settings) => {
    expect(canaryOf(parseRegion({ ...aRegionInput(), canary }))).toEqual(settings);
  });

  it.each([
    [{ everyMinutes: 4 }, "canary.everyMinutes"],
    [{ everyMinutes: 721 }, "canary.everyMinutes"],
    [{ everyMinutes: 7.5 }, "canary.everyMinutes"],
    [{ enabled: "no" }, "canary.enabled"],
    [{ every: 60 }, "canary.every"],
  ])("refuses %j", (canary, path) => {
    expect(problemsOf(canary)).toContain(path);
  });
});

describe("the warning when the canary would reach real organisations", () => {
  it.each<[string, Parameters<typeof aRegionInput>[1], string | null]>([
    ["no test organisation", {}, "every 60 minutes"],
    ["no test organisation, every 15 minutes", { canary: { everyMinutes: 15 } }, "every 15"],
    ["the canary off", { canary: { enabled: false } }, null],
  ])("with %s", (_, changes, said) => {
    const warning = canaryWarning(parseRegion(aRegionInput([], changes)));
    if (said === null) expect(warning).toBeNull();
    else expect(warning).toContain(said);
  });

  it("is none with a test organisation", () => {
    const region = parseRegion(aRegionInput([anOrganisation("ops", { test: true })]));
    expect(canaryWarning(region)).toBeNull();
  });
});

const outcome = (state: string, ...states: string[]): TestOutcome => ({
  state,
  organisations: states.map((s, at) => ({ organisation: `org${at}`, state: s })),
});

describe("judging a test case's routing outcome", () => {
  it.each([
    [outcome("routed", "sent", "sent"), "reached"],
    [outcome("routed", "sent", "claimed"), "reached"],
    [outcome("routed", "sent", "pending"), "waiting"],
    [outcome("routed", "sent", "none"), "waiting"],
    [outcome("routed"), "waiting"],
    [outcome("received", "sent"), "waiting"],
    [outcome("received"), "waiting"],
    [outcome("parked", "sent", "pending"), "parked"],
  ] as const)("%j is %s", (given, judged) => {
    expect(judgeOutcome(given)).toBe(judged);
  });
});
