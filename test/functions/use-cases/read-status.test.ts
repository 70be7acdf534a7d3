import { describe, expect, it } from "vitest";
import { FIRST_WAIT_MS, FREE_TRIES } from "../../../domain/pin-attempts.ts";
import type { Status } from "../../../domain/status-views.ts";
import { changeState, claimCase } from "../../../functions/use-cases/change-state.ts";
import { choosePin } from "../../../functions/use-cases/choose-pin.ts";
import { reply } from "../../../functions/use-cases/person-replies.ts";
import { statusOf } from "../../../functions/use-cases/read-status.ts";
import { withdraw } from "../../../functions/use-cases/withdraw-case.ts";
import { personWorld } from "../../helpers/in-memory/person-world.ts";
import { DAY, HOUR, T0 } from "../../helpers/in-memory/world.ts";

const PIN = "482193";

function open(status: Status) {
  if (!status.found || status.locked) throw new Error(`The status is ${JSON.stringify(status)}.`);
  return status;
}

describe("the status page", () => {
  it("gives an unknown and a malformed receipt the same answer", async () => {
    const world = personWorld();
    await world.reported();
    expect(await statusOf(world.status, "1111 2222 3333 4444", undefined, T0)).toEqual({
      found: false,
    });
    expect(await statusOf(world.status, "not a receipt", undefined, T0)).toEqual({ found: false });
  });

  it("shows the timeline and what was written, newest first, each from its writer's kind", async () => {
    const world = personWorld();
    const { caseId, receipt } = await world.reported();
    const coord = world.staff("coord");
    await claimCase(world.deps.work, coord, caseId, T0 + 1);
    await changeState(world.deps.work, coord, caseId, { state: "in_contact" }, T0 + HOUR);
    await world.message(caseId, "coord", "We read your report.", T0 + 2 * HOUR);
    const inContact = open(await statusOf(world.status, receipt, undefined, T0 + 2 * HOUR));
    expect(inContact.timeline).toEqual([
      { event: "received", at: T0 },
      { event: "shared", at: T0, organisations: 1 },
      { event: "claimed", at: T0 + 1 },
      { event: "in_contact", at: T0 + HOUR },
    ]);
    expect(inContact.next.next.length).toBeGreaterThan(0);
    await changeState(
      world.deps.work,
      coord,
      caseId,
      { state: "closed_helped", outcome: "safe_place_found" },
      T0 + 3 * HOUR,
    );
    await reply(world.status, receipt, undefined, "Thank you.", undefined, T0 + 4 * HOUR);
    const status = open(await statusOf(world.status, receipt, undefined, T0 + 5 * HOUR));
    // The first contact keeps its own time after the case closed.
    expect(status.timeline).toEqual([
      { event: "received", at: T0 },
      { event: "shared", at: T0, organisations: 1 },
      { event: "claimed", at: T0 + 1 },
      { event: "in_contact", at: T0 + HOUR },
      { event: "closed", at: T0 + 3 * HOUR, outcome: "safe_place_found" },
    ]);
    expect(status.messages.map(({ text, from }) => [text, from])).toEqual([
      ["Thank you.", "you"],
      ["We read your report.", "coordinator"],
    ]);
    expect(status).toMatchObject({
      pinSet: false,
      withdrawn: false,
      canShare: false,
      locale: "en",
    });
    expect(status.next).toEqual({ next: [], tonight: [] });
  });

  it("is locked to the receipt alone once a PIN was chosen, and opens with it", async () => {
    const world = personWorld();
    const { receipt } = await world.reported();
    await choosePin(world.status, receipt, PIN, T0);
    expect(await statusOf(world.status, receipt, undefined, T0)).toEqual({
      found: true,
      locked: true,
    });
    expect(open(await statusOf(world.status, receipt, PIN, T0)).pinSet).toBe(true);
  });

  it("slows wrong PINs down, and tells the person how many were tried once they get in", async () => {
    const world = personWorld();
    const { receipt } = await world.reported();
    await choosePin(world.status, receipt, PIN, T0);
    for (let guess = 0; guess < FREE_TRIES; guess++)
      expect(await statusOf(world.status, receipt, `13579${guess}`, T0)).toEqual({
        found: true,
        locked: true,
      });
    // Past the free tries even the right PIN waits: the answer tells no PIN apart.
    expect(await statusOf(world.status, receipt, PIN, T0 + 1)).toEqual({
      found: true,
      locked: true,
      retryAt: T0 + FIRST_WAIT_MS,
    });
    const later = T0 + FIRST_WAIT_MS;
    expect(open(await statusOf(world.status, receipt, PIN, later)).wrongPinTries).toBe(FREE_TRIES);
    expect(open(await statusOf(world.status, receipt, PIN, later + 1)).wrongPinTries).toBe(0);
  });

  it("counts no PIN try without a PIN or for a case without one", async () => {
    const world = personWorld();
    const { caseId, receipt } = await world.reported();
    await statusOf(world.status, receipt, "135790", T0);
    expect(world.pinAttempts.ledgerOf(caseId)).toBeUndefined();
    await choosePin(world.status, receipt, PIN, T0);
    await statusOf(world.status, receipt, undefined, T0);
    expect(world.pinAttempts.ledgerOf(caseId)).toBeUndefined();
  });

  it.each([
    ["without a PIN, to the receipt alone", false, { locked: false, withdrawn: true }],
    ["with a PIN, still only with the PIN", true, { locked: true }],
  ])("shows a withdrawn case %s", async (_, withPin, shown) => {
    const world = personWorld();
    const { receipt } = await world.reported();
    if (withPin) await choosePin(world.status, receipt, PIN, T0);
    await withdraw(world.status, receipt, withPin ? PIN : undefined, "consent", T0 + HOUR);
    const status = await statusOf(world.status, receipt, undefined, T0 + 2 * HOUR);
    expect(status).toMatchObject({ found: true, ...shown });
    if (!withPin)
      expect(open(status).timeline).toEqual([
        { event: "received", at: T0 },
        { event: "withdrawn", at: T0 + HOUR, kind: "consent" },
      ]);
  });

  it("offers a case shared with nobody to be shared", async () => {
    const world = personWorld();
    const { receipt } = await world.reported({
      consent: { share: false, authorities: false, checkIns: false },
    });
    const status = open(await statusOf(world.status, receipt, undefined, T0));
    expect(status.canShare).toBe(true);
    expect(status.timeline.map((event) => event.event)).toEqual(["received", "not_shared"]);
  });

  it("asks a check-in that is due, once the case closed, to a person who agreed to them", async () => {
    const world = personWorld();
    const { caseId, receipt } = await world.reported({
      consent: { share: true, authorities: false, checkIns: true },
    });
    await world.close(caseId, T0);
    expect(open(await statusOf(world.status, receipt, undefined, T0 + DAY)).checkIn).toBeNull();
    expect(open(await statusOf(world.status, receipt, undefined, T0 + 31 * DAY)).checkIn).toBe(1);
    expect(open(await statusOf(world.status, receipt, undefined, T0 + 92 * DAY)).checkIn).toBe(3);
  });
});
