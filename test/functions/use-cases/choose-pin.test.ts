import { describe, expect, it } from "vitest";
import { changeState, claimCase } from "../../../functions/use-cases/change-state.ts";
import { choosePin, InvalidPinError } from "../../../functions/use-cases/choose-pin.ts";
import { reply } from "../../../functions/use-cases/person-replies.ts";
import { statusOf } from "../../../functions/use-cases/read-status.ts";
import { StatusClosedError } from "../../../functions/use-cases/receipt-access.ts";
import { fakePersonRecipient, peek } from "../../helpers/in-memory/crypto.ts";
import { personWorld } from "../../helpers/in-memory/person-world.ts";
import { T0 } from "../../helpers/in-memory/world.ts";

const PIN = "482193";

describe("choosing a PIN", () => {
  it.each([
    ["too short", "48219"],
    ["too long", "48219348219"],
    ["one digit repeated", "777777"],
    ["a run up", "345678"],
    ["a run down", "876543"],
    ["a block again", "482482"],
    ["not digits", "48a193"],
  ])("refuses a PIN %s, changing nothing", async (_, pin) => {
    const world = personWorld();
    const { caseId, receipt } = await world.reported();
    const person = world.stored.row(caseId).person;
    await expect(choosePin(world.status, receipt, pin, T0)).rejects.toBeInstanceOf(InvalidPinError);
    expect(world.stored.row(caseId).person).toEqual(person);
  });

  it("locks the receipt alone out: the key now needs the PIN too", async () => {
    const world = personWorld();
    const { caseId, receipt } = await world.reported();
    const before = world.stored.row(caseId).person;
    await choosePin(world.status, receipt, "٤٨٢١٩٣", T0);
    const after = world.stored.row(caseId).person;
    expect(after).toEqual({
      recipient: fakePersonRecipient(receipt.replaceAll(" ", ""), before?.salt ?? "", PIN),
      salt: before?.salt,
      pin: true,
    });
    expect(await statusOf(world.status, receipt, undefined, T0)).toEqual({
      found: true,
      locked: true,
    });
  });

  it("seals what organisations wrote and the person's replies to the new key", async () => {
    const world = personWorld();
    const { caseId, receipt } = await world.reported();
    const coord = world.staff("coord");
    await claimCase(world.deps.work, coord, caseId, T0);
    await changeState(world.deps.work, coord, caseId, { state: "in_contact" }, T0 + 1);
    await world.message(caseId, "coord", "Are you safe?", T0 + 2);
    await reply(world.status, receipt, undefined, "Yes.", undefined, T0 + 3);
    const organisationsCopy = world.stored.row(caseId).replies?.[0]?.sealed;
    await choosePin(world.status, receipt, PIN, T0 + 4);
    const { person, messages, replies } = world.stored.row(caseId);
    expect(peek(messages?.[0]?.sealed ?? "")?.to).toEqual([person?.recipient]);
    expect(peek(replies?.[0]?.person ?? "")?.to).toEqual([person?.recipient]);
    // The organisations' copies stay as they were.
    expect(replies?.[0]?.sealed).toEqual(organisationsCopy);
    const status = await statusOf(world.status, receipt, PIN, T0 + 5);
    expect(status.found && !status.locked && status.messages.map((m) => m.text)).toEqual([
      "Yes.",
      "Are you safe?",
    ]);
  });

  it("is done once: the receipt alone cannot choose another", async () => {
    const world = personWorld();
    const { caseId, receipt } = await world.reported();
    await choosePin(world.status, receipt, PIN, T0);
    const chosen = world.stored.row(caseId).person;
    await expect(choosePin(world.status, receipt, "593827", T0)).rejects.toBeInstanceOf(
      StatusClosedError,
    );
    expect(world.stored.row(caseId).person).toEqual(chosen);
  });

  it("keeps one of two PINs chosen at once, and tells the other it came second", async () => {
    const world = personWorld();
    const { receipt } = await world.reported();
    const results = await Promise.allSettled([
      choosePin(world.status, receipt, PIN, T0),
      choosePin(world.status, receipt, "593827", T0),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual(["fulfilled", "rejected"]);
    const kept = results[0]?.status === "fulfilled" ? PIN : "593827";
    const status = await statusOf(world.status, receipt, kept, T0);
    expect(status).toMatchObject({ found: true, locked: false, pinSet: true });
  });

  it("refuses an unknown receipt as it refuses a locked one", async () => {
    const world = personWorld();
    await world.reported();
    await expect(choosePin(world.status, "1111 2222 3333 4444", PIN, T0)).rejects.toThrow(
      new StatusClosedError("Nothing to change."),
    );
  });
});
