/**
 * A person who pressed send and lost the answer to a crash finishes by trying again: the same
 * submission, with the same proof or a fresh one, ends with the 201 of its one case.
 */

import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withoutProof } from "../../domain/json-text.ts";
import { normaliseReceipt } from "../../domain/receipt.ts";
import { parseReport } from "../../domain/report.ts";
import { currentRegion } from "../../functions/adapters/current-region.ts";
import { caseStore } from "../../functions/adapters/dynamo-cases.ts";
import { receiptLinks } from "../../functions/adapters/dynamo-receipt-links.ts";
import { proofLedger, submissionLedger } from "../../functions/adapters/dynamo-submissions.ts";
import { receiptDigest } from "../../functions/adapters/receipt-crypto.ts";
import { generateSecretsJson, secretsFromJson } from "../../functions/adapters/secrets.ts";
import { routingQueue } from "../../functions/adapters/sqs-queues.ts";
import { type SubmitDeps, submitReport } from "../../functions/use-cases/submit-report.ts";
import { intakeCrypto } from "../../functions/wiring/intake.ts";
import { aWorkerWhoLostEverything } from "../helpers/report-factory.ts";
import { startTestSystem, type TestSystem } from "../helpers/test-system.ts";

const secretsJson = generateSecretsJson();
const secrets = secretsFromJson(secretsJson);
let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem({ secrets: secretsJson, pollers: false });
});
afterAll(() => system.stop());

class InjectedCrashError extends Error {}

const caseIds = async () =>
  (await system.items())
    .filter((item) => String(item.pk).startsWith("case#"))
    .map((item) => String(item.caseId));

async function linkedCase(receipt: unknown): Promise<string | null> {
  const [key] = secrets.receiptHashKeys;
  if (!key) throw new Error("No receipt key.");
  const digest = await receiptDigest(normaliseReceipt(String(receipt)) ?? "", key);
  return receiptLinks.find(digest, Date.now());
}

describe("a retry with a fresh proof", () => {
  it("answers the same 201 as the first send, and makes no second case", async () => {
    const first = await system.submit(aWorkerWhoLostEverything());
    expect(first.status).toBe(201);
    const before = await caseIds();
    // The form fetches a fresh challenge when it retries: the body differs by its proof alone.
    const again = await system.post({ ...first.sent, proof: await system.proof() });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await caseIds()).toEqual(before);
  });
});

/** The real adapters, with one step that fails once, before or after doing its work. */
type Step = "proofs.spend" | "submissions.claim" | "links.put" | "cases.create" | "routing.enqueue";

function depsCrashingAt(step: Step, when: "before" | "after"): SubmitDeps {
  let crashed = false;
  const crashing =
    <A extends unknown[], R>(name: Step, fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const now = name === step && !crashed;
      if (now && when === "before") {
        crashed = true;
        throw new InjectedCrashError();
      }
      const result = await fn(...args);
      if (now) {
        crashed = true;
        throw new InjectedCrashError();
      }
      return result;
    };
  return {
    region: currentRegion(),
    secrets,
    ...intakeCrypto,
    cases: { ...caseStore, create: crashing("cases.create", caseStore.create) },
    links: { ...receiptLinks, put: crashing("links.put", receiptLinks.put) },
    proofs: { spend: crashing("proofs.spend", proofLedger.spend) },
    submissions: { claim: crashing("submissions.claim", submissionLedger.claim) },
    routing: { enqueue: crashing("routing.enqueue", routingQueue.enqueue) },
  };
}

const steps: [Step, "before" | "after"][] = [
  ["proofs.spend", "after"],
  ["submissions.claim", "before"],
  ["submissions.claim", "after"],
  ["links.put", "after"],
  ["cases.create", "before"],
  ["cases.create", "after"],
];

describe("a crash between two steps of the intake, then the person tries again", () => {
  it.each(steps)(
    "crashing %s (%s it) ends with the 201 of one case, whose receipt works",
    async (step, when) => {
      const region = currentRegion();
      const report = parseReport(
        { ...aWorkerWhoLostEverything(), submissionId: randomUUID(), proof: await system.proof() },
        region,
        "json",
      );
      const submission = {
        id: report.submissionId as string,
        secret: withoutProof(JSON.stringify(report)),
      };
      const request = { report, source: "json" as const, now: Date.now(), submission };
      const deps = depsCrashingAt(step, when);
      const before = await caseIds();

      await expect(submitReport(deps, request)).rejects.toBeInstanceOf(InjectedCrashError);
      // The same request again (same proof), then once more with a fresh proof.
      const answer = await submitReport(deps, { ...request, now: Date.now() });
      const fresh = parseReport(
        { ...aWorkerWhoLostEverything(), ...report, proof: await system.proof() },
        region,
        "json",
      );
      const third = await submitReport(deps, { ...request, report: fresh, now: Date.now() });
      expect(third.receipt).toBe(answer.receipt);

      const made = (await caseIds()).filter((caseId) => !before.includes(caseId));
      expect(made).toHaveLength(1);
      expect(await linkedCase(answer.receipt)).toBe(made[0]);
    },
  );

  it("refuses the same submissionId with another report (409 conflict), even past the idempotency record", async () => {
    const region = currentRegion();
    const report = parseReport(
      { ...aWorkerWhoLostEverything(), submissionId: randomUUID(), proof: await system.proof() },
      region,
      "json",
    );
    const deps = depsCrashingAt("routing.enqueue", "before");
    const id = report.submissionId as string;
    await submitReport(deps, {
      report,
      source: "json",
      now: Date.now(),
      submission: { id, secret: "the first report" },
    });
    const other = { ...report, narrative: "another report", proof: await system.proof() };
    await expect(
      submitReport(deps, {
        report: parseReport(other, region, "json"),
        source: "json",
        now: Date.now(),
        submission: { id, secret: "another report" },
      }),
    ).rejects.toMatchObject({ name: "SubmissionConflictError" });
  });
});
