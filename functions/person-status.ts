/**
 * `POST /api/v1/status` and its steps (`/pin`, `/reply`, `/share`, `/withdraw`, `/check-in`): the person
 * comes back with their code. JSON in, JSON out; or a form posted without JavaScript, answered
 * with a page in the person's language. The code travels in the body only (never a URL or a log).
 * The steps and their use cases are a table (http/status-routes.ts).
 */
import { createHmac } from "node:crypto";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { parseRequest } from "../domain/invalid-input.ts";
import { parseJsonText } from "../domain/json-text.ts";
import type { Locale } from "../domain/vocabulary.ts";
import { renderStatusAnswer } from "../web/pages/status-page.ts";
import { renderWithdrawConfirm } from "../web/pages/status-steps.ts";
import { type BodyEvent, contractErrors, readBody } from "./http/middleware.ts";
import { HttpProblemError } from "./http/problems.ts";
import { htmlResponse, jsonResponse } from "./http/responses.ts";
import {
  formBody,
  refusal,
  STATUS_ROUTES,
  STATUS_SCHEMAS,
  type Step,
  type StepRequest,
  type StepResult,
  statusJson,
} from "./http/status-routes.ts";
import { viewerAddress } from "./http/viewer-address.ts";
import { statusOf } from "./use-cases/read-status.ts";
import {
  credentialStore,
  currentRegion,
  loadSecrets,
  logger,
  statusDeps,
} from "./wiring/status.ts";

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

async function admitAddress(event: BodyEvent, now: number): Promise<void> {
  const counter = await addressCounter(event);
  if (!(await credentialStore.admit(counter, now, { perMinute: STATUS_CALLS_PER_MINUTE })))
    throw new HttpProblemError(429, "too_many_requests", "Too many requests. Wait a minute.", {
      "Retry-After": "60",
    });
}

/** Stopping and deleting ask first, without JavaScript: a page that says what will be lost. */
async function confirmFirst(request: StepRequest<Step>): Promise<APIGatewayProxyResult | null> {
  const { input, form } = request;
  if (!form || !("kind" in input) || input.confirm === "yes") return null;
  const status = await statusOf(request.deps, input.receipt, input.pin, request.now);
  if (!status.found || status.locked || status.withdrawn) return null;
  const context = { region: request.region, locale: status.locale as Locale };
  const credentials = { receipt: input.receipt, pin: input.pin };
  return htmlResponse(200, renderWithdrawConfirm(context, credentials, input.kind));
}

async function runStep(step: Step, request: StepRequest<Step>): Promise<StepResult> {
  const route = STATUS_ROUTES[step] as (typeof STATUS_ROUTES)[""];
  const kept = route.kept?.(request.input as never) ?? {};
  try {
    return await route.run(request as StepRequest<"">);
  } catch (error) {
    return { options: refusal(error, request.form, kept) };
  }
}

export const handler = middy<BodyEvent, APIGatewayProxyResult>()
  .use(injectLambdaContext(logger))
  .use(contractErrors(logger))
  .use(readBody({ maxBytes: MAX_BODY_BYTES, mediaTypes: ["application/json", FORM_TYPE] }))
  .handler(async (event, context) => {
    const step = event.path.replace(/^\/api\/v1\/status\/?/, "") as Step;
    // Own steps only: `constructor` and `__proto__` are in every object.
    if (!Object.hasOwn(STATUS_SCHEMAS, step))
      throw new HttpProblemError(404, "not_found", "There is nothing here.");
    const form = event.mediaType === FORM_TYPE;
    const input = parseRequest(
      STATUS_SCHEMAS[step](),
      form ? formBody(event.rawBody, step) : parseJsonText(event.rawBody, "request"),
    );
    const region = currentRegion();
    const now = Date.now();
    const deps = await statusDeps(context);
    await admitAddress(event, now);
    const request = { deps, input, form, region, now };
    const confirm = await confirmFirst(request);
    if (confirm) return confirm;
    const { options, newPin, answer } = await runStep(step, request);
    if (answer) return answer;
    const pin = newPin ?? input.pin;
    const status = await statusOf(deps, input.receipt, pin, now);
    logger.info("status", { step: step || "lookup", found: status.found });
    if (!form) return jsonResponse(200, step === "" ? statusJson(status) : { done: true });
    const asked = region.locales.find((locale) => locale === input.locale);
    const locale = (status.found && !status.locked ? status.locale : asked) ?? region.locales[0];
    const credentials = { receipt: input.receipt, pin };
    return htmlResponse(
      200,
      renderStatusAnswer({ region, locale: locale as Locale }, status, credentials, {
        ...options,
        now,
      }),
    );
  });
