/**
 * One canary run with fake ports: a scripted public API, a fake clock that moves only when the
 * run sleeps, and a record of what it reported. What is checked: the order of the calls, that
 * the test case is removed whatever the routing did, the step and code of each failure, and the
 * metric of every run.
 */
import { describe, expect, it } from "vitest";
import {
  CANARY_POLL_MS,
  CANARY_ROUTING_WAIT_MS,
  type TestOutcome,
} from "../../../domain/canary.ts";
import type { ApiAnswer, PublicApi } from "../../../functions/ports/canary.ts";
import { CANARY_NARRATIVE, runCanary } from "../../../functions/use-cases/run-canary.ts";
import { sampleRegion } from "../../helpers/region-factory.ts";

const TOKEN = `intake_${"t".repeat(43)}`;
const CASE = "0b6c8a43-2a0c-4b8e-9a56-1f1a2b3c4d5e";
const SUBMISSION = "5d1f9c1e-7c8b-4f0e-8a8e-2b7f1c0d9e3a";

const routed = (...states: string[]): ApiAnswer<TestOutcome> => ({
  status: 200,
  body: {
    state: "routed",
    organisations: states.map((state, at) => ({ organisation: `org${at}`, state })),
  },
});
const waiting: ApiAnswer<TestOutcome> = {
  status: 200,
  body: { state: "received", organisations: [] },
};

interface Script {
  challenge?: ApiAnswer<unknown> | Error;
  report?: ApiAnswer<{ caseId?: unknown; routedTo?: unknown }>;
  /** the outcomes in turn; the last one repeats */
  outcomes?: ApiAnswer<TestOutcome>[];
  removal?: ApiAnswer<unknown> | Error;
  token?: () => Promise<string>;
}

function aRun(script: Script = {}) {
  const calls: string[] = [];
  const posted: Record<string, unknown>[] = [];
  const recorded: { ok: boolean; ms: number }[] = [];
  let now = 1_000_000;
  const outcomes = [...(script.outcomes ?? [routed("sent", "sent")])];
  const answer = async <T>(value: ApiAnswer<T> | Error): Promise<ApiAnswer<T>> => {
    if (value instanceof Error) throw value;
    return value;
  };
  const api: PublicApi = {
    challenge: async () => {
      calls.push("challenge");
      return answer(script.challenge ?? { status: 200, body: { salt: "s" } });
    },
    postReport: async (report, token) => {
      calls.push(`report ${token === TOKEN ? "with" : "without"} the token`);
      posted.push(report);
      return answer(script.report ?? { status: 201, body: { caseId: CASE, routedTo: 2 } });
    },
    testOutcome: async (caseId, token) => {
      calls.push(`outcome ${caseId === CASE && token === TOKEN}`);
      return (outcomes.length > 1 ? outcomes.shift() : outcomes[0]) ?? waiting;
    },
    removeTest: async (caseId, token) => {
      calls.push(`remove ${caseId === CASE && token === TOKEN}`);
      return answer(script.removal ?? { status: 200, body: {} });
    },
  };
  const deps = {
    region: sampleRegion,
    api,
    solver: {
      solve: async (challenge: unknown) => {
        calls.push(`solve ${JSON.stringify(challenge)}`);
        return "the-proof";
      },
    },
    credential: { opsToken: script.token ?? (async () => TOKEN) },
    clock: {
      now: () => now,
      sleep: async (ms: number) => {
        now += ms;
      },
    },
    results: { record: async (result: { ok: boolean; ms: number }) => void recorded.push(result) },
  };
  return { run: () => runCanary(deps, SUBMISSION), calls, posted, recorded };
}

describe("a canary run", () => {
  it("solves the challenge, posts the test report with the token, checks and removes it", async () => {
    const run = aRun({ outcomes: [waiting, routed("pending", "sent"), routed("sent", "claimed")] });
    const result = await run.run();
    expect(result).toEqual({
      ok: true,
      caseId: CASE,
      reached: 2,
      removed: true,
      ms: 2 * CANARY_POLL_MS,
    });
    expect(run.calls).toEqual([
      "challenge",
      'solve {"salt":"s"}',
      "report with the token",
      "outcome true",
      "outcome true",
      "outcome true",
      "remove true",
    ]);
    expect(run.posted).toEqual([
      expect.objectContaining({
        submissionId: SUBMISSION,
        test: true,
        proof: "the-proof",
        narrative: CANARY_NARRATIVE,
        locale: sampleRegion.locales[0],
      }),
    ]);
    expect(run.recorded).toEqual([{ ok: true, ms: 2 * CANARY_POLL_MS }]);
  });

  it("gives up on the routing after its wait, and removes the case all the same", async () => {
    const run = aRun({ outcomes: [waiting] });
    const result = await run.run();
    expect(result).toMatchObject({
      ok: false,
      failed: "routing",
      problem: "timeout",
      removed: true,
    });
    expect(result.ms).toBeLessThanOrEqual(CANARY_ROUTING_WAIT_MS);
    expect(result.ms).toBeGreaterThan(CANARY_ROUTING_WAIT_MS - 2 * CANARY_POLL_MS);
    expect(run.calls.at(-1)).toBe("remove true");
    expect(run.recorded).toEqual([{ ok: false, ms: result.ms }]);
  });

  it.each([
    [
      "a parked case",
      { outcomes: [waiting, { status: 200, body: { state: "parked", organisations: [] } }] },
      "routing",
      "parked",
    ],
    ["an outcome answered 404", { outcomes: [{ status: 404 }] }, "routing", "http_404"],
    ["a removal answered 500", { removal: { status: 500 } }, "removal", "http_500"],
    [
      "a removal that could not connect",
      { removal: new TypeError("fetch failed") },
      "removal",
      "TypeError",
    ],
  ] as const)(
    "fails on %s, after trying to remove the case",
    async (_, script, failed, problem) => {
      const run = aRun(script as Script);
      const result = await run.run();
      expect(result).toMatchObject({ ok: false, failed, problem, caseId: CASE });
      expect(run.calls.filter((call) => call.startsWith("remove"))).toEqual(["remove true"]);
      expect(run.recorded).toEqual([{ ok: false, ms: result.ms }]);
    },
  );

  it("names the routing's failure, not the removal's, when both failed", async () => {
    const result = await aRun({ outcomes: [{ status: 502 }], removal: { status: 502 } }).run();
    expect(result).toMatchObject({ failed: "routing", problem: "http_502", removed: false });
  });

  it.each([
    [
      "an unreadable secret",
      { token: async () => Promise.reject(new RangeError("x")) },
      "credential",
      "RangeError",
      [],
    ],
    [
      "a challenge answered 429",
      { challenge: { status: 429 } },
      "challenge",
      "http_429",
      ["challenge"],
    ],
    [
      "no connection for the challenge",
      { challenge: new TypeError("fetch failed") },
      "challenge",
      "TypeError",
      ["challenge"],
    ],
    [
      "a report answered 403",
      { report: { status: 403 } },
      "report",
      "http_403",
      ["challenge", 'solve {"salt":"s"}', "report with the token"],
    ],
    [
      "a 201 without a case id",
      { report: { status: 201, body: {} } },
      "report",
      "no_case_id",
      ["challenge", 'solve {"salt":"s"}', "report with the token"],
    ],
  ] as const)("fails on %s, with nothing to remove", async (_, script, failed, problem, calls) => {
    const run = aRun(script as Script);
    const result = await run.run();
    expect(result).toEqual({ ok: false, failed, problem, reached: 0, removed: false, ms: 0 });
    expect(run.calls).toEqual(calls);
    expect(run.recorded).toEqual([{ ok: false, ms: 0 }]);
  });
});
