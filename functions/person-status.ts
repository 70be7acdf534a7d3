/**
 * `POST /api/v1/status` and its steps (`/pin`, `/reply`, `/share`, `/withdraw`, `/check-in`): the person
 * comes back with their code. JSON in, JSON out; or a form posted without JavaScript, answered
 * with a page in the person's language. The code travels in the body only (never a URL or a log).
 */
import { createHmac } from "node:crypto";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from "aws-lambda";
import * as z from "zod";
import { CheckInAnswersSchema } from "../domain/check-ins.ts";
import {
  INVALID_REQUEST_MESSAGE,
  InvalidInputError,
  parseRequest,
} from "../domain/invalid-input.ts";
import { parseJsonText } from "../domain/json-text.ts";
import type { Locale } from "../domain/vocabulary.ts";
import { translator } from "../web/pages/page-shell.ts";
import { eventText, renderStatusAnswer, type StatusPageOptions } from "../web/pages/status-page.ts";
import { renderDeleted, renderWithdrawConfirm } from "../web/pages/status-steps.ts";
import { countedAssignments, countedCases } from "./adapters/counted-stores.ts";
import { currentRegion } from "./adapters/current-region.ts";
import { auditLog, credentialStore } from "./adapters/dynamo-access.ts";
import { laterConsents } from "./adapters/dynamo-later-consent.ts";
import { pinAttempts } from "./adapters/dynamo-pin-attempts.ts";
import { receiptLinks } from "./adapters/dynamo-stores.ts";
import { takeInOnce } from "./adapters/intake.ts";
import { logger } from "./adapters/logger.ts";
import { alerts } from "./adapters/notifications.ts";
import { personKeys, receiptDigest } from "./adapters/receipt-crypto.ts";
import { loadSecrets } from "./adapters/secrets.ts";
import { deliveryQueues, routingQueue } from "./adapters/sqs-queues.ts";
import { type BodyEvent, contractErrors, readBody } from "./http/middleware.ts";
import { HttpProblemError } from "./http/problems.ts";
import { htmlResponse, jsonResponse } from "./http/responses.ts";
import { viewerAddress } from "./http/viewer-address.ts";
import { NobodyToReadError, reply } from "./use-cases/person-replies.ts";
import {
  answerCheckIn,
  choosePin,
  InvalidPinError,
  type Status,
  StatusClosedError,
  statusOf,
  withdraw,
} from "./use-cases/person-status.ts";
import { type ShareLaterDeps, shareLater } from "./use-cases/share-later.ts";

const MAX_BODY_BYTES = 32 * 1024;
/**
 * Calls from one address in a minute before it is told to wait: enough for a person, too few to
 * guess codes (WAF holds a tighter limit on AWS, before any function runs).
 */
export const STATUS_CALLS_PER_MINUTE = 60;

/**
 * The counter of the caller's address: an HMAC of it (with the deployment's key) that lives two
 * minutes, so that no address is kept, not even for that long.
 */
export async function addressCounter(event: APIGatewayProxyEvent): Promise<string> {
  const { powHmacKey } = await loadSecrets();
  const digest = createHmac("sha256", powHmacKey).update(viewerAddress(event));
  return `status#${digest.digest("base64url").slice(0, 22)}`;
}
const FORM_TYPE = "application/x-www-form-urlencoded";

async function deps(context: Context): Promise<ShareLaterDeps> {
  return {
    region: currentRegion(),
    receiptKeys: (await loadSecrets()).receiptHashKeys,
    crypto: { digest: receiptDigest, personKeys },
    cases: countedCases,
    links: receiptLinks,
    assignments: countedAssignments,
    delivery: deliveryQueues,
    alerts,
    audit: auditLog,
    pinAttempts,
    consents: laterConsents,
    routing: routingQueue,
    submitFollowUp: (report, submissionId, secret) =>
      takeInOnce(
        { submissionId, body: secret, report: { ...report, submissionId }, source: "check_in" },
        context,
      ),
  };
}

const text = (max: number) => z.string().max(max);
const Credentials = { receipt: text(200), pin: text(40).optional(), locale: text(10).optional() };
const SCHEMAS = {
  "": z.strictObject(Credentials),
  pin: z.strictObject({ ...Credentials, newPin: text(40) }),
  reply: z.strictObject({
    ...Credentials,
    text: text(4000).min(1),
    inReplyTo: z.uuid().optional(),
  }),
  share: z.strictObject({
    ...Credentials,
    consent: z.strictObject({ share: z.literal(true), authorities: z.boolean().default(false) }),
    text: text(4000).optional(),
  }),
  /** `confirm` is the form's second step: a form post without it is asked to confirm */
  withdraw: z.strictObject({
    ...Credentials,
    kind: z.enum(["consent", "delete"]),
    confirm: z.literal("yes").optional(),
  }),
  "check-in": z.strictObject({ ...Credentials, answers: CheckInAnswersSchema }),
} as const;
type Step = keyof typeof SCHEMAS;

/** A form post's fields as the JSON body they stand for (check-in answers, consent nested). */
function formBody(body: string, step: Step): Record<string, unknown> {
  const fields = Object.fromEntries(new URLSearchParams(body));
  if (step === "share") {
    const { share, authorities, text, ...rest } = fields;
    return {
      ...rest,
      ...(text ? { text } : {}),
      consent: { share: share === "yes", authorities: authorities === "yes" },
    };
  }
  if (step !== "check-in") return fields;
  const { receipt, pin, locale, ...answers } = fields;
  return { receipt, pin, locale, answers };
}

/** The status as JSON: the timeline's words in the person's locale. */
function statusJson(status: Status) {
  if (!status.found || status.locked) return status;
  const t = translator(status.locale as Locale);
  return {
    ...status,
    timeline: status.timeline.map((event) => ({ ...event, text: eventText(event, t) })),
  };
}

export const handler = middy<BodyEvent, APIGatewayProxyResult>()
  .use(injectLambdaContext(logger))
  .use(contractErrors(logger))
  .use(readBody({ maxBytes: MAX_BODY_BYTES, mediaTypes: ["application/json", FORM_TYPE] }))
  .handler(async (event, context) => {
    const step = event.path.replace(/^\/api\/v1\/status\/?/, "") as Step;
    // Own steps only: `constructor` and `__proto__` are in every object.
    if (!Object.hasOwn(SCHEMAS, step))
      throw new HttpProblemError(404, "not_found", "There is nothing here.");
    const form = event.mediaType === FORM_TYPE;
    const input = parseRequest(
      SCHEMAS[step],
      form ? formBody(event.rawBody, step) : parseJsonText(event.rawBody, "request"),
    );
    const region = currentRegion();
    const now = Date.now();
    const d = await deps(context);
    if (
      !(await credentialStore.admit(await addressCounter(event), now, {
        perMinute: STATUS_CALLS_PER_MINUTE,
      }))
    )
      throw new HttpProblemError(429, "too_many_requests", "Too many requests. Wait a minute.", {
        "Retry-After": "60",
      });
    const { receipt, pin } = input;
    const credentials = { receipt, pin };
    let options: StatusPageOptions = {};
    let newPin: string | undefined;
    // Stopping and deleting ask first, without JavaScript: a page that says what will be lost.
    if (form && "kind" in input && input.confirm !== "yes") {
      const status = await statusOf(d, receipt, pin, now);
      if (status.found && !status.locked && !status.withdrawn)
        return htmlResponse(
          200,
          renderWithdrawConfirm(
            { region, locale: status.locale as Locale },
            credentials,
            input.kind,
          ),
        );
    }
    try {
      if ("newPin" in input) {
        await choosePin(d, receipt, input.newPin, now);
        newPin = input.newPin;
        options = { notice: "status.pin.saved" };
      } else if ("consent" in input) {
        options = { notice: "status.share.kept", keptText: input.text };
        await shareLater(d, receipt, pin, input.consent, input.text, now);
        options = { notice: input.text?.trim() ? "status.share.sent" : "status.share.done" };
      } else if ("text" in input) {
        options = { notice: "status.reply.kept", keptText: input.text };
        await reply(d, receipt, pin, input.text, input.inReplyTo, now);
        options = { notice: "status.reply.sent" };
      } else if ("kind" in input) {
        const { locale } = await withdraw(d, receipt, pin, input.kind, now);
        // After deleting, the code opens nothing: the page says it is done, in the case's locale.
        if (form && input.kind === "delete")
          return htmlResponse(200, renderDeleted({ region, locale: locale as Locale }));
        options = { notice: "status.withdraw.done" };
      } else if ("answers" in input) {
        const result = await answerCheckIn(d, receipt, pin, input.answers, now);
        options = { notice: "status.checkIn.thanks", newReceipt: result.followUp?.receipt };
        if (!form) return jsonResponse(200, { recorded: true, followUp: result.followUp });
      }
    } catch (error) {
      if (error instanceof InvalidPinError) {
        if (!form)
          throw new InvalidInputError("invalid_request", INVALID_REQUEST_MESSAGE, [
            { path: "newPin", message: "must be 6 to 10 digits, not an easy one" },
          ]);
        options = { notice: "status.pin.invalid" };
      } else if (!(error instanceof StatusClosedError)) throw error;
      // Unknown, locked, withdrawn or already done: one answer for all of them.
      else if (!form)
        throw new HttpProblemError(403, "not_possible", "This cannot be done with this code.");
      // What the person wrote comes back in the page (`keptText`), never lost to a refusal.
      else if (!(error instanceof NobodyToReadError) && options.keptText === undefined)
        options = { notice: "status.notPossible" };
      else if (!(error instanceof NobodyToReadError))
        options = { ...options, notice: "status.notPossible.kept" };
    }
    const status = await statusOf(d, receipt, newPin ?? pin, now);
    logger.info("status", { step: step || "lookup", found: status.found });
    if (!form)
      return step === ""
        ? jsonResponse(200, statusJson(status))
        : jsonResponse(200, { done: true });
    const asked = region.locales.find((locale) => locale === input.locale);
    const locale = (status.found && !status.locked ? status.locale : asked) ?? region.locales[0];
    return htmlResponse(
      200,
      renderStatusAnswer(
        { region, locale: locale as Locale },
        status,
        { ...credentials, pin: newPin ?? pin },
        { ...options, now },
      ),
    );
  });
