/**
 * The unavoidable parts of taking in one report, each measured alone in the same run, on the
 * same emulators and tables as the latency benchmark, through the system's own adapters: what
 * is left of the intake's p50 once they are taken out is the framework's overhead (the HTTP
 * adapter, middy, powertools, the SDK's middleware), whose target is at most 5 ms. The p50 it
 * is taken from is of POSTs made in the same rounds as the parts, so that both come from the
 * same minutes of this shared machine; the use case alone gives the overhead a second way.
 */
import { randomUUID } from "node:crypto";
import { makeIdempotent } from "@aws-lambda-powertools/idempotency";
import { guidanceFor } from "../domain/guidance.ts";
import { parseJsonText } from "../domain/json-text.ts";
import { parseReport, type Report } from "../domain/report.ts";
import { decide } from "../domain/route.ts";
import { clearCase, sealedText, sharing } from "../domain/share.ts";
import { checkProof } from "../functions/adapters/proof-of-work.ts";
import {
  newReceipt,
  newSalt,
  personKeys,
  receiptDigest,
} from "../functions/adapters/receipt-crypto.ts";
import { ageSealing } from "../functions/adapters/seal.ts";
import { openAnswer, sealAnswer } from "../functions/adapters/sealed-answer.ts";
import type { CaseRecord } from "../functions/ports/case-store.ts";
import type { Secrets } from "../functions/ports/crypto.ts";
import { submitReport } from "../functions/use-cases/submit-report.ts";
import { lambdaContext } from "../local/lambda-context.ts";
import type { LocalSystem } from "../local/local-system.ts";
import { cheapProof, expectStatus, postReport, reportBodies } from "./bench-reports.ts";
import { ms, percentile, sinceMs, table } from "./measure.ts";

export const PART_ROUNDS = 200;
const WARM_UP = 10;

type Kind = "sequential" | "concurrent" | "measured";

interface Item {
  what: string;
  /** in the intake: one after the other, in one Promise.all with the others, or a whole */
  kind: Kind;
  run: (round: number) => Promise<unknown>;
}

/**
 * Every item once per round, in turn, for `rounds` rounds after `warmUp` untimed ones: this
 * machine is shared and slow, and a busy minute then weighs on every item alike instead of
 * on whichever was being measured at the time. The median of each item's timings.
 */
async function interleaved(items: Item[], rounds: number, warmUp: number): Promise<number[]> {
  const times = items.map(() => [] as number[]);
  for (let round = -warmUp; round < rounds; round++) {
    for (const [index, item] of items.entries()) {
      const start = process.hrtime.bigint();
      await item.run(round + warmUp);
      if (round >= 0) times[index]?.push(sinceMs(start));
    }
  }
  return times.map((list) => percentile(list, 50));
}

/** A case the latency benchmark stored, read back: a realistic item to write again. */
async function storedCase(system: LocalSystem): Promise<CaseRecord> {
  // The SDK clients of the handlers are made when their module loads: only after the local
  // system has set the environment (hence every import of an adapter with a client is dynamic).
  const { dynamo } = await import("../functions/adapters/aws-clients.ts");
  const { ScanCommand } = await import("../functions/adapters/dynamo-client.ts");
  const { Items = [] } = await dynamo.send(
    new ScanCommand({ TableName: system.tableNames.reports, Limit: 20 }),
  );
  const item = Items.find((candidate) => String(candidate.pk).startsWith("case#"));
  if (!item) throw new Error("The latency benchmark stored no case.");
  const { pk: _pk, waiting: _waiting, waitingSince: _since, ...record } = item;
  return record as CaseRecord;
}

/** Bytes of a record as DynamoDB roughly counts them: names and values, binary as raw bytes. */
const itemKb = (record: CaseRecord) =>
  Buffer.byteLength(
    JSON.stringify(record, (_key, value) =>
      value instanceof Uint8Array ? "x".repeat(value.length) : value,
    ),
  ) / 1024;

/** G7 for the seed case, as the use case's sealShares does it: per organisation concurrently. */
function sealer(report: Report, system: LocalSystem) {
  const { region } = system;
  const shares = sharing(decide(report, region));
  const seals = shares.reduce(
    (sum, share) => sum + share.sealed.filter((part) => sealedText(report, part) !== null).length,
    0,
  );
  const sealAll = () =>
    Promise.all(
      shares.map(async (share) => {
        const recipients =
          region.organisations.find((organisation) => organisation.id === share.organisation)
            ?.recipients ?? [];
        for (const part of share.sealed) {
          const text = sealedText(report, part);
          if (text !== null) await ageSealing.seal(recipients, text);
        }
      }),
    );
  return { sealAll, seals, organisations: shares.length };
}

export async function benchIntakeParts(
  system: LocalSystem,
  secrets: Secrets,
  latency: { reports: number; p50: number; body: string; answer: string },
  rounds = PART_ROUNDS,
): Promise<string> {
  const { caseStore } = await import("../functions/adapters/dynamo-cases.ts");
  const { receiptLinks } = await import("../functions/adapters/dynamo-receipt-links.ts");
  const { proofLedger } = await import("../functions/adapters/dynamo-submissions.ts");
  const { routingQueue } = await import("../functions/adapters/sqs-queues.ts");
  const { idempotencySettings, idempotencyStore, intakeDeps } = await import(
    "../functions/wiring/intake.ts"
  );
  const { region } = system;

  const body = latency.body;
  const report = parseReport(parseJsonText(body), region, "json");
  const [receiptKey] = secrets.receiptHashKeys;
  if (!receiptKey) throw new Error("No receipt hashing key.");

  // The handler's idempotency, around a no-op that answers what the real one answers: the
  // in-progress write before the use case, the success write (the sealed 201) after it.
  const config = idempotencySettings();
  const sealedAnswer = sealAnswer(body, JSON.parse(latency.answer));
  const idempotentNoOp = makeIdempotent(
    async (_request: { submissionId: string; body: string; report: Report }) => ({ sealedAnswer }),
    {
      persistenceStore: idempotencyStore(),
      config,
    },
  );

  // A proof is usable once: one for each proof check, use case and POST of every round.
  const proofs = async () => {
    const list: string[] = [];
    for (let i = 0; i < rounds + WARM_UP; i++) list.push(await cheapProof(secrets.powHmacKey));
    return list;
  };
  const [checked, spent] = [await proofs(), await proofs()];
  const bodies = await reportBodies(secrets.powHmacKey, rounds + WARM_UP);
  const record = await storedCase(system);
  const { sealAll, seals, organisations } = sealer(report, system);
  const expiresAt = Math.floor(Date.now() / 1000) + 3600;
  // The intake's own wiring, with this run's region and secrets.
  const deps = { ...(await intakeDeps()), region, secrets };

  const items: Item[] = [
    {
      what: "idempotency writes (makeIdempotent around a no-op)",
      kind: "sequential",
      run: async () => {
        config.registerLambdaContext(lambdaContext("submit-report", 30_000));
        await idempotentNoOp({ submissionId: randomUUID(), body, report });
      },
    },
    {
      what: "proof check (checkProof)",
      kind: "sequential",
      run: async (round) => {
        if (!(await checkProof(checked[round] ?? "", secrets.powHmacKey)))
          throw new Error("A bench proof did not check.");
      },
    },
    {
      what: "challenge write (proofLedger.spend)",
      kind: "sequential",
      run: () => proofLedger.spend(randomUUID(), expiresAt),
    },
    {
      what: "receipt hash (receiptDigest: HMAC, scrypt 2^14)",
      kind: "concurrent",
      run: () => receiptDigest(newReceipt(), receiptKey),
    },
    {
      what: "key derivation (personKeys: scrypt 2^13, X25519)",
      kind: "concurrent",
      run: () => personKeys(newReceipt(), newSalt()),
    },
    {
      what: `sealing (${seals} age seals for ${organisations} organisations)`,
      kind: "concurrent",
      run: sealAll,
    },
    {
      what: "receipt link write (receiptLinks.put, PutItem)",
      kind: "sequential",
      run: () => receiptLinks.put(`1#${randomUUID()}`, randomUUID(), expiresAt),
    },
    {
      what: `case write (caseStore.create, PutItem of ~${itemKb(record).toFixed(1)} KB)`,
      kind: "sequential",
      run: () => caseStore.create({ ...record, caseId: randomUUID() }),
    },
    {
      what: "routing message (routingQueue.enqueue, SendMessage)",
      kind: "sequential",
      run: () => routingQueue.enqueue(randomUUID()),
    },
    {
      what: "in memory: validation, decision, guidance, answer sealing",
      kind: "sequential",
      run: async () => {
        const parsed = parseReport(parseJsonText(body), region, "json");
        const decision = decide(parsed, region);
        clearCase(parsed, decision);
        const answer = {
          receipt: newReceipt(),
          urgency: decision.triage.urgency,
          guidance: guidanceFor(parsed, decision, region),
          routedTo: decision.routing.organisations.length,
        };
        JSON.stringify(openAnswer(body, sealAnswer(body, answer)));
      },
    },
    {
      // On two cores, the two scrypts of libuv's pool and the sealing on the main thread
      // compete for them when they run together.
      what: "the three concurrent parts run together",
      kind: "measured",
      run: () =>
        Promise.all([
          receiptDigest(newReceipt(), receiptKey),
          personKeys(newReceipt(), newSalt()),
          sealAll(),
        ]),
    },
    {
      // What the handler adds to the use case is the framework's overhead, measured directly.
      what: "the use case alone (submitReport; no HTTP, middy, idempotency)",
      kind: "measured",
      run: (round) =>
        submitReport(deps, {
          report: { ...report, proof: spent[round] ?? "" },
          source: "json",
          now: Date.now(),
        }),
    },
    {
      what: "POST /api/v1/reports → 201 (intake p50 in these rounds)",
      kind: "measured",
      run: async (round) =>
        expectStatus(await postReport(system.url, bodies[round] ?? ""), 201, "POST report"),
    },
  ];
  const medians = await interleaved(items, rounds, WARM_UP);
  const parts = items.map((item, index) => ({ ...item, median: medians[index] ?? Number.NaN }));
  const measured = (what: string) =>
    parts.find((part) => part.kind === "measured" && part.what.startsWith(what))?.median ??
    Number.NaN;
  const together = measured("the three");
  const useCase = measured("the use case");
  const p50 = measured("POST");
  const idempotency = parts[0]?.median ?? Number.NaN;

  const sumOf = (kind: Kind) =>
    parts.filter((part) => part.kind === kind).reduce((sum, part) => sum + part.median, 0);
  const sum = sumOf("sequential") + sumOf("concurrent");
  const longest = Math.max(
    ...parts.filter((part) => part.kind === "concurrent").map((part) => part.median),
  );
  const criticalPath = sumOf("sequential") + longest;
  const measuredPath = sumOf("sequential") + together;
  const overhead = p50 - criticalPath;
  const inTheIntake: Record<Kind, string> = {
    sequential: "in sequence",
    concurrent: "concurrently",
    measured: "(measured)",
  };

  return [
    `The parts of one report, each alone, interleaved round by round (median of ${rounds} rounds), same emulators and tables`,
    "Receipt hash, key derivation and sealing run concurrently in the intake (Promise.all; the scrypts in libuv's",
    "thread pool), so the critical path counts the longest of them, not their sum.",
    table([
      ["part", "median", "in the intake"],
      ...parts.map((part) => [part.what, ms(part.median), inTheIntake[part.kind]]),
      ["sum of the parts", ms(sum), ""],
      ["critical path (longest of the concurrent three)", ms(criticalPath), ""],
      ["critical path (the three measured together)", ms(measuredPath), ""],
    ]),
    `framework overhead = intake p50 − critical path: ${ms(overhead)} (target ≤ 5 ms)`,
    `  p50 − sum of the parts: ${ms(p50 - sum)}; p50 − critical path measured together: ${ms(p50 - measuredPath)}`,
    `  measured directly, p50 − (the use case alone + idempotency writes): ${ms(p50 - useCase - idempotency)}`,
    `  (p50 over the ${latency.reports.toLocaleString("en")} sequential reports above: ${ms(latency.p50)})`,
    "The first figure counts as overhead the concurrent parts' wait for a core (run together they take longer",
    "than the longest alone); the last two do not.",
  ].join("\n");
}
