/**
 * Taking in one valid report (contract sections 2 and 3, policy G7): check the proof, decide,
 * make the receipt, seal what each routed organisation may read, store the case, enqueue it,
 * and answer with the receipt and the guidance. Validation and idempotency happen before this,
 * in the handler; nothing here runs for a report that is not valid.
 */
import { randomUUID } from "node:crypto";
import { type Guidance, guidanceFor } from "../../domain/guidance.ts";
import { formatReceipt, normaliseReceipt } from "../../domain/receipt.ts";
import type { Region } from "../../domain/region.ts";
import type { Report } from "../../domain/report.ts";
import { decide, routingInputOf } from "../../domain/route.ts";
import { clearCase, sealedText, sharing } from "../../domain/share.ts";
import type { Urgency } from "../../domain/vocabulary.ts";
import type { CaseRecord, CaseStore, ReceiptLinks, SealedParts } from "../ports/case-store.ts";
import type { ProofOfWork, ReceiptCrypto, Sealing, Secrets } from "../ports/crypto.ts";
import type { ProofLedger, Submission, SubmissionLedger } from "../ports/ledgers.ts";
import type { RoutingQueue } from "../ports/queues.ts";

export interface IntakeAnswer {
  receipt: string;
  urgency: Urgency;
  guidance: Guidance;
  routedTo: number;
  /** only for a smoke test's report (`test: true`), so that the test can find and remove it */
  caseId?: string;
}

/** The submissionId was used before for another report (contract section 3: 409 `conflict`). */
export class SubmissionConflictError extends Error {
  override name = "SubmissionConflictError";
}

export type ProofProblem = "missing" | "invalid" | "replayed";

/** The report's proof-of-work is missing, not valid, expired, or was used before. */
export class InvalidProofError extends Error {
  override name = "InvalidProofError";
  constructor(readonly problem: ProofProblem) {
    super(`The proof of work is ${problem}.`);
  }
}

export interface SubmitDeps {
  region: Region;
  secrets: Secrets;
  cases: CaseStore;
  links: ReceiptLinks;
  proofs: ProofLedger;
  /** what each submission made, so a retry after a crash finishes the same case */
  submissions: SubmissionLedger;
  routing: RoutingQueue;
  sealing: Sealing;
  receipts: ReceiptCrypto;
  proofOfWork: ProofOfWork;
  /** told (without content) when the enqueue failed and the sweeper will pick the case up */
  onEnqueueFailure?: (error: unknown) => void;
}

export interface SubmitRequest {
  report: Report;
  /**
   * JSON posts must carry a proof; a form post without JavaScript may come without one (section
   * 2b), never with a bad one; a check-in's follow-up comes from a person who proved themself
   * with their receipt.
   */
  source: "json" | "form" | "check_in";
  now: number;
  /**
   * A submission the person may send again (a JSON post, a check-in's follow-up): a retry finishes
   * the case the first attempt began, with its receipt. A form post without JavaScript has none.
   */
  submission?: Submission;
}

const DAY_SECONDS = 86_400;
/** How long a submission's retry finds its case: well past the idempotency record's 15 minutes. */
export const SUBMISSION_LEDGER_SECONDS = DAY_SECONDS;
const epochSeconds = (ms: number) => Math.floor(ms / 1000);

/**
 * The one rule of the proof, on every path (contract 2 and 2b): a proof that is present must be
 * valid and unused, or the report is refused (`invalid_proof`), whatever its media type. Only a
 * form post may come without one (the form without JavaScript): it is taken in unproven, which
 * the edge holds to a stricter rate and the router never alerts by SMS.
 */
async function provenBy(deps: SubmitDeps, request: SubmitRequest): Promise<boolean> {
  if (request.source === "check_in") return true;
  const { proof } = request.report;
  if (!proof) {
    if (request.source === "json") throw new InvalidProofError("missing");
    return false;
  }
  const checked = await deps.proofOfWork.check(proof, deps.secrets.powHmacKey);
  if (!checked) throw new InvalidProofError("invalid");
  if (!(await deps.proofs.spend(checked.challengeId, checked.expiresAt, request.submission?.id)))
    throw new InvalidProofError("replayed");
  return true;
}

/** G7: the narrative sealed to every routed organisation, the contact to the lead alone. */
async function sealShares(
  sealing: Sealing,
  report: Report,
  decision: ReturnType<typeof decide>,
  region: Region,
): Promise<Record<string, SealedParts>> {
  const sealed: Record<string, SealedParts> = {};
  await Promise.all(
    sharing(decision).map(async (share) => {
      const recipients =
        region.organisations.find((organisation) => organisation.id === share.organisation)
          ?.recipients ?? [];
      const parts: SealedParts = {};
      for (const part of share.sealed) {
        const text = sealedText(report, part);
        if (text !== null) parts[part] = await sealing.seal(recipients, text);
      }
      sealed[share.organisation] = parts;
    }),
  );
  return sealed;
}

/**
 * The case id and receipt of this submission: new ones, recorded in the ledger first, or those
 * a crashed attempt of the same submission recorded (its retry finishes that case).
 */
async function begin(
  deps: SubmitDeps,
  request: SubmitRequest,
): Promise<{ made: { caseId: string; receipt: string }; first: boolean }> {
  const made = { caseId: randomUUID(), receipt: deps.receipts.newReceipt() };
  if (!request.submission) return { made, first: true };
  const claimed = await deps.submissions.claim(
    request.submission,
    made,
    epochSeconds(request.now) + SUBMISSION_LEDGER_SECONDS,
  );
  if (!claimed) throw new SubmissionConflictError("This submissionId was used for another report.");
  return claimed;
}

export async function submitReport(
  deps: SubmitDeps,
  request: SubmitRequest,
): Promise<IntakeAnswer> {
  const { region, secrets, receipts } = deps;
  const { report, now } = request;
  const proven = await provenBy(deps, request);

  const decision = decide(report, region);
  const begun = await begin(deps, request);
  const { caseId, receipt } = begun.made;
  const [currentKey] = secrets.receiptHashKeys;
  if (!currentKey) throw new Error("No receipt hashing key is configured.");
  const salt = receipts.newSalt();
  const previous = report.previousReceipt ? normaliseReceipt(report.previousReceipt) : null;

  const [digest, person, previousDigests, sealed] = await Promise.all([
    receipts.digest(receipt, currentKey),
    receipts.personKeys(receipt, salt),
    previous
      ? Promise.all(secrets.receiptHashKeys.map((key) => receipts.digest(previous, key)))
      : undefined,
    sealShares(deps.sealing, report, decision, region),
  ]);

  const { triage: _triage, routing: _routing, ...clear } = clearCase(report, decision);
  const record: CaseRecord = {
    caseId,
    state: "received",
    createdAt: now,
    updatedAt: now,
    expiresAt: epochSeconds(now) + region.retention.caseDays * DAY_SECONDS,
    source: request.source,
    unproven: !proven,
    test: report.test === true,
    locale: report.locale,
    decision,
    clear,
    person: { recipient: person.recipient, salt: salt.toString("base64") },
    ...(previousDigests ? { previousDigests } : {}),
    sealed,
    routingInput: routingInputOf(report),
    ...(report.sector ? { sector: report.sector } : {}),
  };

  // The link first: if the case write fails, an orphan link points at nothing and expires.
  // A retry finds what its first attempt stored, and leaves it as it is.
  if (begun.first || (await deps.links.find(digest, now)) !== caseId)
    await deps.links.put(
      digest,
      caseId,
      // A test report's link lives as long as a real one's: the smoke tests and the status
      // tests follow a test case through months of check-ins. The canary's links point at
      // removed cases, so they lead to nothing (docs/deploy.md, section 6b).
      epochSeconds(now) + region.retention.linkDays * DAY_SECONDS,
    );
  if (begun.first || !(await deps.cases.get(caseId, now))) await deps.cases.create(record);
  try {
    await deps.routing.enqueue(caseId);
  } catch (error) {
    // The case is stored in state `received`: the sweeper enqueues it again. The person
    // gets their receipt now rather than an error for a step that will be retried anyway.
    deps.onEnqueueFailure?.(error);
  }

  return {
    receipt: formatReceipt(receipt),
    urgency: decision.triage.urgency,
    guidance: guidanceFor(report, decision, region, now),
    routedTo: decision.routing.organisations.length,
    ...(report.test ? { caseId } : {}),
  };
}
