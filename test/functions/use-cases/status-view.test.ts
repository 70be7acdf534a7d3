import { describe, expect, it } from "vitest";
import { message } from "../../../domain/messages.ts";
import type { Report } from "../../../domain/report.ts";
import type { CaseRecord } from "../../../functions/ports/case-store.ts";
import { shareLater } from "../../../functions/use-cases/share-later.ts";
import {
  canShareLater,
  nextOf,
  timelineOf,
  writerOf,
} from "../../../functions/use-cases/status-view.ts";
import { personWorld } from "../../helpers/in-memory/person-world.ts";
import { aWorldRegion, T0 } from "../../helpers/in-memory/world.ts";

const PHONE: Partial<Report> = {
  contact: { channel: "phone", address: "+31 6 12345678", leaveMessage: false },
};
const NOT_SHARED: Partial<Report> = {
  consent: { share: false, authorities: false, checkIns: false },
};

async function aCase(changes: Partial<Report> = {}) {
  const world = personWorld();
  const { caseId, receipt } = await world.reported(changes);
  const record = (await world.stored.cases.get(caseId, T0)) as CaseRecord;
  return { world, caseId, receipt, record };
}

describe("who wrote a message, as the person sees it", () => {
  it.each([
    ["coord", "coordinator"],
    ["shelter", "care"],
    ["legal", "care"],
    ["police", "authority"],
    ["an organisation that left the region", "care"],
  ])("%s writes as %s", (organisation, writer) => {
    expect(writerOf(aWorldRegion(), organisation)).toBe(writer);
  });
});

describe("whether the person may share later", () => {
  it.each([
    ["a case shared with nobody", NOT_SHARED, false, true],
    ["a shared case", {}, false, false],
    ["a withdrawn case shared with nobody", NOT_SHARED, true, false],
  ])("%s: %s", async (_, changes, withdrawn, may) => {
    const { record } = await aCase(changes);
    expect(
      canShareLater({
        ...record,
        ...(withdrawn ? { withdrawn: { kind: "consent", at: T0 } } : {}),
      }),
    ).toBe(may);
  });
});

describe("what happens next", () => {
  it("says who will get in touch and how, for a shared case with a way to reach the person", async () => {
    const { world, record } = await aCase(PHONE);
    const how = message("en", "next.how.phone");
    expect(nextOf(record, world.region, T0).next).toContain(how);
  });

  it("leaves out how, for a case shared later: nothing of the contact was sealed", async () => {
    const { world, caseId, receipt } = await aCase({ ...PHONE, ...NOT_SHARED });
    await shareLater(world.share, receipt, undefined, { authorities: false }, undefined, T0);
    const record = (await world.stored.cases.get(caseId, T0)) as CaseRecord;
    const next = nextOf(record, world.region, T0).next;
    expect(next.length).toBeGreaterThan(0);
    expect(next).not.toContain(message("en", "next.how.phone"));
  });

  it("offers to share a case shared with nobody", async () => {
    const { world, record } = await aCase(NOT_SHARED);
    expect(nextOf(record, world.region, T0).next).toEqual([message("en", "status.next.notShared")]);
  });

  it.each([
    ["withdrawn", { withdrawn: { kind: "consent" as const, at: T0 } }],
    ["closed", { closedAt: T0 }],
  ])("says nothing more of a %s case", async (_, change) => {
    const { world, record } = await aCase(PHONE);
    expect(nextOf({ ...record, ...change }, world.region, T0)).toEqual({ next: [], tonight: [] });
  });
});

describe("the timeline", () => {
  it("shows a withdrawn case as received and withdrawn, nothing else", async () => {
    const { world, caseId, record } = await aCase();
    const assignments = await world.assigned.assignments.ofCase(caseId);
    expect(
      timelineOf({ ...record, withdrawn: { kind: "delete", at: T0 + 5 } }, assignments),
    ).toEqual([
      { event: "received", at: T0 },
      { event: "withdrawn", at: T0 + 5, kind: "delete" },
    ]);
  });

  it("shows a routed case as not shared until an assignment exists", async () => {
    const { world, caseId, record } = await aCase();
    expect(timelineOf(record, [])).toEqual([
      { event: "received", at: T0 },
      { event: "not_shared", at: T0 },
    ]);
    const assignments = await world.assigned.assignments.ofCase(caseId);
    expect(timelineOf(record, assignments)[1]).toEqual({
      event: "shared",
      at: T0,
      organisations: record.decision.routing.organisations.length,
    });
  });
});
