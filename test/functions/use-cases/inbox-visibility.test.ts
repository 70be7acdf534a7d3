import { describe, expect, it } from "vitest";
import type { Urgency } from "../../../domain/vocabulary.ts";
import type { AssignmentRecord } from "../../../functions/ports/assignment-store.ts";
import { hiddenInInbox } from "../../../functions/use-cases/inbox-visibility.ts";
import { inMemoryCaseStore } from "../../helpers/in-memory/case-store.ts";
import { T0 } from "../../helpers/in-memory/world.ts";

const anAssignment = (caseId: string, urgency: Urgency, hidden?: boolean): AssignmentRecord => ({
  caseId,
  organisation: "shelter",
  state: "sent",
  envelopeId: `${caseId}:shelter`,
  urgency,
  receivedAt: T0,
  createdAt: T0,
  updatedAt: T0,
  expiresAt: T0 / 1000 + 86_400,
  ...(hidden === undefined ? {} : { hidden }),
});

describe("hiddenInInbox", () => {
  it.each<[string, Urgency, boolean | undefined, boolean, boolean]>([
    ["not flagged", "standard", undefined, false, false],
    ["flagged back in", "high", false, false, false],
    ["flagged away", "standard", true, false, true],
    ["flagged away, claimed", "high", true, true, true],
    ["an emergency flagged away that nobody claimed", "emergency", true, false, false],
    ["an emergency flagged away that someone claimed", "emergency", true, true, true],
  ])("%s (%s): hidden %s", async (_name, urgency, hidden, claimed, expected) => {
    const store = inMemoryCaseStore();
    store.rows.set("case-1", { caseId: "case-1", ...(claimed ? { claimedAt: T0 } : {}) } as never);
    const [result] = await hiddenInInbox(
      store.cases,
      [anAssignment("case-1", urgency, hidden)],
      T0,
    );
    expect(result).toBe(expected);
  });

  it("answers for each assignment in order, reading only the flagged emergencies' cases", async () => {
    const reads: string[] = [];
    const cases = {
      get: async (caseId: string) => {
        reads.push(caseId);
        return null;
      },
    };
    const answer = await hiddenInInbox(
      cases,
      [
        anAssignment("a", "emergency", true),
        anAssignment("b", "standard", true),
        anAssignment("c", "emergency"),
      ],
      T0,
    );
    expect(answer).toEqual([false, true, false]);
    expect(reads).toEqual(["a"]);
  });
});
