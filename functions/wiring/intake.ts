/**
 * The composition root of the intake (functions/wiring/ builds every handler's dependencies):
 * the intake use case with this deployment's adapters, and its idempotent form: the same
 * submissionId with the same report within 15 minutes answers the same 201 again (contract
 * section 3), kept encrypted under a key derived from that report (adapters/sealed-answer.ts).
 * "The same report" is the exact body without its proof: a retry with a fresh proof (the form
 * fetches one when its first was spent) is the same submission. Past a crash, when no answer
 * was kept, the submission ledger finishes the same case (use-cases/submit-report.ts).
 * The report handler and the status handler (a check-in's follow-up report) both take reports
 * in through here.
 */
import { IdempotencyConfig, makeIdempotent } from "@aws-lambda-powertools/idempotency";
import type { Context } from "aws-lambda";
import { tableName } from "../../config/environment.ts";
import type { Report } from "../../domain/report.ts";
import { dynamo } from "../adapters/aws-clients.ts";
import { currentRegion } from "../adapters/current-region.ts";
import { credentialStore } from "../adapters/dynamo-access.ts";
import { caseStore } from "../adapters/dynamo-cases.ts";
import { DynamoIdempotencyLayer } from "../adapters/dynamo-idempotency.ts";
import { receiptLinks } from "../adapters/dynamo-receipt-links.ts";
import { proofLedger, submissionLedger } from "../adapters/dynamo-submissions.ts";
import { logger } from "../adapters/logger.ts";
import { proofOfWork } from "../adapters/proof-of-work.ts";
import { receiptCrypto } from "../adapters/receipt-crypto.ts";
import { ageSealing } from "../adapters/seal.ts";
import { openAnswer, sealAnswer } from "../adapters/sealed-answer.ts";
import { loadSecrets } from "../adapters/secrets.ts";
import { routingQueue } from "../adapters/sqs-queues.ts";
import {
  type IntakeAnswer,
  type SubmitDeps,
  type SubmitRequest,
  submitReport,
} from "../use-cases/submit-report.ts";

/** How long the same submissionId and body answer the same 201 (contract, section 3). */
export const IDEMPOTENCY_SECONDS = 15 * 60;

/** The intake's cryptography on this deployment: age, the receipt's derivations, the proof. */
export const intakeCrypto = {
  sealing: ageSealing,
  receipts: receiptCrypto,
  proofOfWork,
} as const satisfies Pick<SubmitDeps, "sealing" | "receipts" | "proofOfWork">;

/** The intake's dependencies on this deployment: DynamoDB, SQS, age, the secrets. */
export async function intakeDeps(): Promise<SubmitDeps> {
  return {
    region: currentRegion(),
    secrets: await loadSecrets(),
    cases: caseStore,
    links: receiptLinks,
    proofs: proofLedger,
    submissions: submissionLedger,
    routing: routingQueue,
    ...intakeCrypto,
    onEnqueueFailure: (error) =>
      logger.warn("enqueue failed; the sweeper will retry", {
        errorName: error instanceof Error ? error.name : typeof error,
      }),
  };
}

export async function takeIn(
  report: Report,
  source: SubmitRequest["source"],
  submission?: SubmitRequest["submission"],
  now = Date.now(),
): Promise<IntakeAnswer> {
  const answer = await submitReport(await intakeDeps(), {
    report,
    source,
    now,
    ...(submission ? { submission } : {}),
  });
  logger.info("report taken in", { source, urgency: answer.urgency, routedTo: answer.routedTo });
  return answer;
}

/**
 * The idempotency settings of the intake (powertools): the key is the submissionId, the payload
 * checked against it the body without its proof. A function, so the benchmark measures exactly
 * these settings.
 */
export const idempotencySettings = () =>
  new IdempotencyConfig({
    eventKeyJmesPath: "submissionId",
    payloadValidationJmesPath: "body",
    expiresAfterSeconds: IDEMPOTENCY_SECONDS,
    hashFunction: "sha256",
    throwOnNoIdempotencyKey: true,
  });

/** Where the intake's idempotency records live (the idempotency table, TTL `expiresAt`). */
export const idempotencyStore = () =>
  new DynamoIdempotencyLayer(dynamo, tableName("idempotency"), "expiresAt");

const config = idempotencySettings();

interface IntakeRequest {
  submissionId: string;
  /**
   * the exact body without its proof (`withoutProof`, domain/json-text.ts), or what else only
   * the same request makes again: the key of the kept answer is derived from it
   */
  body: string;
  report: Report;
  source: SubmitRequest["source"];
}

/**
 * Built on first use, not at import: the table's name comes from the environment, which the
 * local runtime and the tests set after loading this module.
 */
const makeOnce = () =>
  makeIdempotent(
    async (request: IntakeRequest): Promise<{ sealedAnswer: string }> => ({
      sealedAnswer: sealAnswer(
        request.body,
        await takeIn(request.report, request.source, {
          id: request.submissionId,
          secret: request.body,
        }),
      ),
    }),
    {
      persistenceStore: idempotencyStore(),
      config,
    },
  );
let once: ReturnType<typeof makeOnce> | undefined;

/** The intake, once per submissionId and body; `context` tells powertools the time left. */
export async function takeInOnce(request: IntakeRequest, context: Context): Promise<IntakeAnswer> {
  config.registerLambdaContext(context);
  once ??= makeOnce();
  const { sealedAnswer } = await once(request);
  return openAnswer<IntakeAnswer>(request.body, sealedAnswer);
}

/** Who may send a test report: an ops credential (the credentials table). */
export const accessDeps = () => ({ credentials: credentialStore });

export { currentRegion, logger };
