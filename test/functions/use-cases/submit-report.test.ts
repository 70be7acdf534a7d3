import { describe, expect, it } from "vitest";
import {
  InvalidProofError,
  SubmissionConflictError,
  submitReport,
} from "../../../functions/use-cases/submit-report.ts";
import { fakePersonRecipient, fakeProof, peek } from "../../helpers/in-memory/crypto.ts";
import { inMemoryWorld, recipientsOf, SECRETS, T0 } from "../../helpers/in-memory/world.ts";
import { aReport } from "../../helpers/report-factory.ts";

const PHONE = "+48 600 000 000";
const aPersonInDanger = () =>
  aReport({
    inDanger: "yes",
    narrative: "They keep my passport at the farm.",
    contact: { channel: "phone", address: PHONE, leaveMessage: false },
  });

describe("submitReport", () => {
  it("stores the case received, nothing identifying in clear, and enqueues it for routing", async () => {
    const world = inMemoryWorld();
    const answer = await submitReport(world.deps.submit, {
      report: { ...aPersonInDanger(), proof: world.aProof() },
      source: "json",
      now: T0,
    });

    expect(answer).toMatchObject({ urgency: "emergency", routedTo: 2 });
    expect(answer.caseId).toBeUndefined();
    const [caseId] = world.queues.enqueued;
    const row = world.stored.row(String(caseId));
    expect(row).toMatchObject({ state: "received", unproven: false, createdAt: T0 });
    expect(row.expiresAt).toBe(T0 / 1000 + 90 * 86_400);
    const { sealed, ...clear } = row;
    expect(JSON.stringify(clear)).not.toContain(PHONE);
    expect(JSON.stringify(clear)).not.toContain("passport");
    // G7: the narrative to every routed organisation, the contact to the lead alone.
    expect(Object.keys(sealed).sort()).toEqual(["coord", "shelter"]);
    expect(peek(sealed.shelter?.contact ?? "")?.to).toEqual(recipientsOf("shelter"));
    expect(sealed.coord?.contact).toBeUndefined();
    expect(peek(sealed.coord?.narrative ?? "")).toEqual({
      to: recipientsOf("coord"),
      text: "They keep my passport at the farm.",
    });
  });

  it("links the receipt's digest to the case and keys the person from the receipt and salt", async () => {
    const world = inMemoryWorld();
    const { caseId, answer } = await world.takeIn();
    const receipt = answer.receipt.replace(/\D/g, "");
    const digest = await world.receipts.digest(receipt, SECRETS.receiptHashKeys[0] ?? never());
    expect(await world.stored.links.find(digest, T0)).toBe(caseId);
    const { person } = world.stored.row(caseId);
    expect(person?.recipient).toBe(fakePersonRecipient(receipt, person?.salt ?? ""));
  });

  it.each([
    ["json", undefined, "missing"],
    ["json", "not-a-proof", "invalid"],
    ["json", fakeProof("c1", { hmacKey: "another-deployment" }), "invalid"],
    ["json", fakeProof("c1", { hmacKey: SECRETS.powHmacKey, expired: true }), "invalid"],
    ["form", "not-a-proof", "invalid"],
  ] as const)(
    "refuses a %s post with proof %s as %s, and stores nothing",
    async (source, proof, problem) => {
      const world = inMemoryWorld();
      const refused = submitReport(world.deps.submit, {
        report: aReport(proof ? { proof } : {}),
        source,
        now: T0,
      });
      await expect(refused).rejects.toThrow(InvalidProofError);
      await expect(refused).rejects.toMatchObject({ problem });
      expect(world.stored.rows.size).toBe(0);
      expect(world.stored.linkRows.size).toBe(0);
      expect(world.queues.enqueued).toEqual([]);
    },
  );

  it.each([
    ["form", true],
    ["check_in", false],
  ] as const)("takes a %s report without a proof in (unproven: %s)", async (source, unproven) => {
    const world = inMemoryWorld();
    await submitReport(world.deps.submit, { report: aReport(), source, now: T0 });
    const [row] = world.stored.rows.values();
    expect(row).toMatchObject({ source, unproven });
  });

  it("spends a proof once: another submission with it is refused as replayed", async () => {
    const world = inMemoryWorld();
    const proof = world.aProof();
    await world.takeIn({ proof }, { submission: { id: "s1", secret: "report one" } });
    const again = world.takeIn({ proof }, { submission: { id: "s2", secret: "report two" } });
    await expect(again).rejects.toMatchObject({ name: "InvalidProofError", problem: "replayed" });
    expect(world.stored.rows.size).toBe(1);
  });

  it("finishes the same case when a submission is retried after a crash half-way", async () => {
    const world = inMemoryWorld();
    const { create } = world.deps.submit.cases;
    let crashes = 1;
    const deps = {
      ...world.deps.submit,
      cases: {
        ...world.deps.submit.cases,
        create: async (record: Parameters<typeof create>[0]) => {
          if (crashes-- > 0) throw new Error("The function timed out.");
          return create(record);
        },
      },
    };
    const submission = { id: "s1", secret: "the report as sent" };
    const report = { ...aPersonInDanger(), proof: world.aProof() };
    const request = { report, source: "json", now: T0, submission } as const;

    await expect(submitReport(deps, request)).rejects.toThrow("timed out");
    expect(world.stored.linkRows.size).toBe(1);
    const answer = await submitReport(deps, { ...request, now: T0 + 5_000 });
    const again = await submitReport(deps, { ...request, now: T0 + 9_000 });

    expect(again.receipt).toBe(answer.receipt);
    expect(world.receipts.receipts).toHaveLength(3);
    expect(world.stored.rows.size).toBe(1);
    expect(world.stored.linkRows.size).toBe(1);
    const [caseId] = world.stored.rows.keys();
    expect(new Set(world.queues.enqueued)).toEqual(new Set([caseId]));
  });

  it("refuses a submissionId used for another report, and stores nothing more", async () => {
    const world = inMemoryWorld();
    await world.takeIn({}, { submission: { id: "s1", secret: "report one" } });
    const conflict = world.takeIn({}, { submission: { id: "s1", secret: "report two" } });
    await expect(conflict).rejects.toThrow(SubmissionConflictError);
    expect(world.stored.rows.size).toBe(1);
  });

  it("answers with the receipt when the routing queue is down, and leaves the case to the sweeper", async () => {
    const world = inMemoryWorld();
    const failures: unknown[] = [];
    world.queues.failNext("routing");
    const answer = await submitReport(
      { ...world.deps.submit, onEnqueueFailure: (error) => failures.push(error) },
      { report: aReport({ proof: world.aProof() }), source: "json", now: T0 },
    );
    expect(answer.receipt).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
    expect(failures).toHaveLength(1);
    const [row] = world.stored.rows.values();
    expect(row).toMatchObject({ state: "received", waiting: "case", waitingSince: T0 });
  });

  it("keeps the digests of a previous receipt, under every key, for the router to resolve", async () => {
    const world = inMemoryWorld();
    const keys = [
      { version: "2", key: Buffer.from("two") },
      { version: "1", key: Buffer.from("one") },
    ];
    const deps = { ...world.deps.submit, secrets: { ...SECRETS, receiptHashKeys: keys } };
    await submitReport(deps, {
      report: aReport({ proof: world.aProof(), previousReceipt: "1234-5678 9012 3456" }),
      source: "json",
      now: T0,
    });
    const [row] = world.stored.rows.values();
    expect(row?.previousDigests).toEqual(
      await Promise.all(keys.map((key) => world.receipts.digest("1234567890123456", key))),
    );
  });

  it("answers a smoke test's report with its case id, and marks the case a test", async () => {
    const world = inMemoryWorld();
    const { caseId, answer } = await world.takeIn({ test: true });
    expect(answer.caseId).toBe(caseId);
    expect(world.stored.row(caseId).test).toBe(true);
  });

  it.each([
    [
      "a test report's link expires after the region's linkDays, as a real one's",
      true,
      2555 * 86_400,
    ],
    ["a real report's link after the region's linkDays", false, 2555 * 86_400],
  ])("%s", async (_, test, seconds) => {
    const world = inMemoryWorld();
    await world.takeIn({ test }, { now: T0 });
    expect([...world.stored.linkRows.values()].map((link) => link.expiresAt)).toEqual([
      T0 / 1000 + seconds,
    ]);
  });
});

function never(): never {
  throw new Error("No receipt key.");
}
