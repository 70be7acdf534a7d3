import { describe, expect, it } from "vitest";
import { choosePin } from "../../../functions/use-cases/choose-pin.ts";
import {
  expiresAfterChange,
  locate,
  StatusClosedError,
  unlocked,
} from "../../../functions/use-cases/receipt-access.ts";
import { withdraw } from "../../../functions/use-cases/withdraw-case.ts";
import { fakeIdentityOf } from "../../helpers/in-memory/crypto.ts";
import { type PersonWorld, personWorld } from "../../helpers/in-memory/person-world.ts";
import { DAY, T0 } from "../../helpers/in-memory/world.ts";

const PIN = "482193";

/** What a lookup costs in slow derivations: the work a guesser could time. */
async function workOf(world: PersonWorld, lookup: () => Promise<unknown>) {
  const before = { ...world.calls };
  await lookup();
  return {
    digest: world.calls.digest - before.digest,
    personKeys: world.calls.personKeys - before.personKeys,
  };
}

describe("finding the case a receipt opens", () => {
  it("opens the case with the receipt as shown, and as typed back in any script", async () => {
    const world = personWorld();
    const { caseId, receipt } = await world.reported();
    const recipient = world.stored.row(caseId).person?.recipient ?? "";
    const arabic = receipt.replace(/\d/g, (digit) => String.fromCodePoint(0x660 + Number(digit)));
    for (const typed of [
      receipt,
      receipt.replaceAll(" ", ""),
      receipt.replaceAll(" ", "-"),
      arabic,
    ]) {
      const located = await locate(world.status, typed, undefined, T0);
      expect(located.record?.caseId).toBe(caseId);
      expect(located.identity).toBe(fakeIdentityOf(recipient));
    }
  });

  it.each([
    ["an unknown receipt", "1234 5678 9012 3456"],
    ["a receipt one digit short", "1234 5678 9012 345"],
    ["letters", "abcd efgh ijkl mnop"],
    ["an empty one", ""],
  ])("finds nothing for %s, with the work of a hit", async (_, typed) => {
    const world = personWorld();
    const { receipt } = await world.reported();
    const hit = await workOf(world, () => locate(world.status, receipt, undefined, T0));
    let located: Awaited<ReturnType<typeof locate>> | undefined;
    const miss = await workOf(world, async () => {
      located = await locate(world.status, typed, undefined, T0);
    });
    expect(located).toMatchObject({ record: null, identity: null, wrongPinTries: 0 });
    expect(miss).toEqual(hit);
    expect(hit).toEqual({ digest: world.status.receiptKeys.length, personKeys: 1 });
  });

  it("finds a case linked under an older receipt key, with one digest per key", async () => {
    const world = personWorld();
    const { caseId, receipt } = await world.reported();
    const newer = { version: "3", key: Buffer.from("receipt-key-three") };
    const deps = { ...world.status, receiptKeys: [newer, ...world.status.receiptKeys] };
    const work = await workOf(world, async () => {
      expect((await locate(deps, receipt, undefined, T0)).record?.caseId).toBe(caseId);
    });
    expect(work).toEqual({ digest: 2, personKeys: 1 });
  });

  it("finds a case once a PIN was chosen, but opens it only with the PIN", async () => {
    const world = personWorld();
    const { receipt } = await world.reported();
    await choosePin(world.status, receipt, PIN, T0);
    const alone = await locate(world.status, receipt, undefined, T0);
    expect(alone.record).not.toBeNull();
    expect(alone.identity).toBeNull();
    expect((await locate(world.status, receipt, "000000", T0)).identity).toBeNull();
    expect((await locate(world.status, receipt, PIN, T0)).identity).not.toBeNull();
  });
});

describe("what the person may change", () => {
  it("is a case found, opened and not withdrawn", async () => {
    const world = personWorld();
    const { caseId, receipt } = await world.reported();
    expect((await unlocked(world.status, receipt, undefined, T0)).found.caseId).toBe(caseId);
    await withdraw(world.status, receipt, undefined, "consent", T0);
    await expect(unlocked(world.status, receipt, undefined, T0)).rejects.toBeInstanceOf(
      StatusClosedError,
    );
  });

  it.each([
    ["an unknown receipt", "9999 9999 9999 9999", undefined],
    ["a malformed receipt", "9999", undefined],
    ["the receipt without its PIN", null, undefined],
    ["the receipt with a wrong PIN", null, "135792"],
  ])("refuses %s alike", async (_, typed, pin) => {
    const world = personWorld();
    const { receipt } = await world.reported();
    await choosePin(world.status, receipt, PIN, T0);
    await expect(unlocked(world.status, typed ?? receipt, pin, T0)).rejects.toThrow(
      new StatusClosedError("Nothing to change."),
    );
  });

  it("keeps a changed case for the region's whole retention from the change", () => {
    const world = personWorld();
    const days = world.region.retention.caseDays;
    expect(expiresAfterChange(world.region, T0 + 500)).toBe(
      Math.floor((T0 + 500 + days * DAY) / 1000),
    );
  });
});
