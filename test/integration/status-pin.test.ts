/**
 * The PIN against someone who found the receipt: tries slowed and capped for the case's whole
 * life (with controlled time: nobody waits), the wrong tries told to the person, a withdrawn
 * case still behind its PIN, and one PIN kept when two are chosen at once.
 */

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CATALOGS } from "../../domain/catalogs.ts";
import { FIRST_WAIT_MS, TRIES_PER_DAY } from "../../domain/pin-attempts.ts";
import { currentRegion } from "../../functions/adapters/current-region.ts";
import { auditLog } from "../../functions/adapters/dynamo-access.ts";
import { assignmentStore } from "../../functions/adapters/dynamo-assignments.ts";
import { caseStore } from "../../functions/adapters/dynamo-cases.ts";
import { pinAttempts } from "../../functions/adapters/dynamo-pin-attempts.ts";
import { receiptLinks } from "../../functions/adapters/dynamo-receipt-links.ts";
import { receiptCrypto } from "../../functions/adapters/receipt-crypto.ts";
import { ageSealing } from "../../functions/adapters/seal.ts";
import { generateSecretsJson, secretsFromJson } from "../../functions/adapters/secrets.ts";
import { deliveryQueues } from "../../functions/adapters/sqs-queues.ts";
import { statusOf } from "../../functions/use-cases/read-status.ts";
import type { StatusDeps } from "../../functions/use-cases/receipt-access.ts";
import { aWorkerWhoLostEverything } from "../helpers/report-factory.ts";
import { startTestSystem, type TestSystem } from "../helpers/test-system.ts";

const secretsJson = generateSecretsJson();
let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem({ secrets: secretsJson });
});
afterAll(() => system.stop());

const PIN = "482619";
const DAY = 86_400_000;

async function call(body: Record<string, unknown>, step = "") {
  const response = await fetch(`${system.url}/api/v1/status${step ? `/${step}` : ""}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A routed case whose person chose `PIN`. */
async function pinnedCase() {
  const reported = await system.routedCase({ ...aWorkerWhoLostEverything(), test: true });
  expect((await call({ receipt: reported.receipt, newPin: PIN }, "pin")).body).toEqual({
    done: true,
  });
  return reported;
}

const deps = (): StatusDeps => ({
  region: currentRegion(),
  receiptKeys: secretsFromJson(secretsJson).receiptHashKeys,
  crypto: receiptCrypto,
  sealing: ageSealing,
  cases: caseStore,
  links: receiptLinks,
  assignments: assignmentStore,
  delivery: deliveryQueues,
  alerts: { notify: async () => undefined },
  audit: auditLog,
  pinAttempts,
  submitFollowUp: async () => {
    throw new Error("No follow-up here.");
  },
});

describe("choosing a PIN", () => {
  it.each(["4826", "123456", "111111", "121212", "12345678901"])(
    "refuses %s: 6 to 10 digits, not an easy one (400)",
    async (newPin) => {
      const { receipt } = await system.routedCase({ ...aWorkerWhoLostEverything(), test: true });
      expect((await call({ receipt, newPin }, "pin")).status).toBe(400);
      expect((await call({ receipt })).body).toMatchObject({ locked: false, pinSet: false });
    },
  );

  it("twice at once ends with one PIN: one answer is done, the other refused, one PIN opens", async () => {
    const { receipt } = await system.routedCase({ ...aWorkerWhoLostEverything(), test: true });
    const pins = ["482619", "735102"];
    const answers = await Promise.all(pins.map((newPin) => call({ receipt, newPin }, "pin")));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 403]);
    const kept = pins[answers.findIndex((answer) => answer.status === 200)];
    const lost = pins.find((pin) => pin !== kept);
    expect((await call({ receipt, pin: kept })).body).toMatchObject({
      locked: false,
      pinSet: true,
    });
    expect((await call({ receipt, pin: lost })).body).toMatchObject({ locked: true });
  });
});

describe("guessing a PIN, with controlled time", () => {
  it("takes three tries at once, then only after waits that double, the right PIN too", async () => {
    const { receipt } = await pinnedCase();
    const d = deps();
    const t0 = Date.now() + 1000;
    for (const guess of ["000001", "000002", "000003"])
      expect(await statusOf(d, receipt, guess, t0)).toEqual({ found: true, locked: true });
    // The fourth try waits a minute, and the case says until when; the right PIN waits too.
    expect(await statusOf(d, receipt, "000004", t0 + 1000)).toEqual({
      found: true,
      locked: true,
      retryAt: t0 + FIRST_WAIT_MS,
    });
    expect(await statusOf(d, receipt, PIN, t0 + 2000)).toMatchObject({ locked: true });
    // After the wait, the right PIN opens, and the person is told of the three wrong tries.
    const opened = await statusOf(d, receipt, PIN, t0 + FIRST_WAIT_MS);
    expect(opened).toMatchObject({ locked: false, wrongPinTries: 3 });
    expect(await statusOf(d, receipt, PIN, t0 + FIRST_WAIT_MS + 1)).toMatchObject({
      locked: false,
      wrongPinTries: 0,
    });
    // The right PIN did not wipe the wrong ones: the next wrong try still waits a minute...
    expect(await statusOf(d, receipt, "000005", t0 + FIRST_WAIT_MS + 2)).toMatchObject({
      locked: true,
    });
    // ...and the one after it two.
    expect(await statusOf(d, receipt, "000006", t0 + 2 * FIRST_WAIT_MS + 2)).toEqual({
      found: true,
      locked: true,
      retryAt: t0 + 3 * FIRST_WAIT_MS + 2,
    });
  });

  it("takes at most a day's worth of wrong tries in a UTC day", async () => {
    const { receipt } = await pinnedCase();
    const d = deps();
    const midnight = Date.now() - (Date.now() % DAY) + DAY;
    let now = midnight;
    let tried = 0;
    // Wrong tries as fast as the case takes them, until the day is over.
    while (now < midnight + DAY) {
      const answer = await statusOf(d, receipt, String(100000 + tried), now);
      if (answer.found && answer.locked && answer.retryAt) now = answer.retryAt;
      else tried += 1;
    }
    expect(tried).toBe(TRIES_PER_DAY);
  });
});

describe("the person is told of wrong tries", () => {
  it("in the answer and on the page, once, at the first visit after them", async () => {
    const { receipt } = await pinnedCase();
    await call({ receipt, pin: "000001" });
    await call({ receipt, pin: "000002" });
    const page = await fetch(`${system.url}/api/v1/status`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ receipt, pin: PIN }).toString(),
    });
    const html = await page.text();
    const told = CATALOGS.pl["status.pin.wrongTries"].replace("{count}", "2");
    expect(html).toContain(told.replace("'", "&#39;"));
    expect((await call({ receipt, pin: PIN })).body).toMatchObject({ wrongPinTries: 0 });
  });
});

describe("a withdrawn case", () => {
  it("keeps its PIN's protection: the receipt alone shows only that a report exists", async () => {
    const { receipt } = await pinnedCase();
    expect((await call({ receipt, pin: PIN, kind: "consent" }, "withdraw")).body).toEqual({
      done: true,
    });
    expect((await call({ receipt })).body).toEqual({ found: true, locked: true });
    expect((await call({ receipt, pin: PIN })).body).toMatchObject({
      locked: false,
      withdrawn: true,
      messages: [],
    });
  });
});
