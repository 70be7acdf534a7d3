/**
 * POST /api/v1/reports: a thin adapter. In the contract's order: size and media type
 * (readBody), validation (400, nothing kept), a test report's ops credential (403), idempotency
 * (powertools, on the submissionId and the exact body without its proof), then the proof and
 * the intake itself (use-cases/submit-report.ts). A form posted without JavaScript is answered
 * with a page instead of JSON (contract 2b), its failures too; a form post with a bad proof is
 * refused like a JSON one, in JSON.
 */
import { randomUUID } from "node:crypto";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import type { APIGatewayProxyResult } from "aws-lambda";
import { contactWithoutSharing, formFieldsToReport, resolvedAnswers } from "../domain/form-post.ts";
import { InvalidInputError } from "../domain/invalid-input.ts";
import { parseJsonText, withoutProof } from "../domain/json-text.ts";
import { parseReport, type Report } from "../domain/report.ts";
import type { Locale } from "../domain/vocabulary.ts";
import { renderFormPage } from "../web/pages/form-page.ts";
import { translator } from "../web/pages/page-shell.ts";
import { problemsFor } from "../web/pages/problems.ts";
import { renderReceiptPage } from "../web/pages/receipt.ts";
import { type BodyEvent, contractErrors, header, logFailure, readBody } from "./http/middleware.ts";
import { answerFor } from "./http/problems.ts";
import { htmlResponse, jsonResponse } from "./http/responses.ts";
import { admitTestReport } from "./use-cases/test-reports.ts";
import { accessDeps, currentRegion, logger, takeIn, takeInOnce } from "./wiring/intake.ts";

export const MAX_BODY_BYTES = 64 * 1024;
const JSON_TYPE = "application/json";
const FORM_TYPE = "application/x-www-form-urlencoded";

/**
 * A post of the form without JavaScript (contract 2b): the answer is a page, the receipt or
 * the form again with the answers kept and each problem named. The server makes the
 * submissionId (there is nothing to retry with), and a missing proof marks the case unproven. A
 * form field cannot say `test` (the schema wants a boolean), so a form post is never a test.
 */
async function takeInForm(body: string): Promise<APIGatewayProxyResult> {
  const region = currentRegion();
  const pairs = [...new URLSearchParams(body)];
  const input = formFieldsToReport(pairs);
  const posted = pairs.find(([name]) => name === "locale")?.[1];
  const locale =
    region.locales.find((candidate) => candidate === posted) ?? (region.locales[0] as Locale);
  const values = resolvedAnswers(pairs);
  let report: Report;
  try {
    report = parseReport(input, region, "form");
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    const problems = problemsFor(error.fields, translator(locale));
    return htmlResponse(400, renderFormPage({ region, locale }, { values, problems }));
  }
  // Valid, but nobody could reach the person: asked again, every answer kept, nothing stored.
  if (contactWithoutSharing(report)) {
    const problems = new Map([["consent.share", translator(locale)("consent.conflict")]]);
    return htmlResponse(
      200,
      renderFormPage({ region, locale }, { values, problems, conflict: true }),
    );
  }
  try {
    const answer = await takeIn({ ...report, submissionId: randomUUID() }, "form");
    return htmlResponse(201, renderReceiptPage({ region, locale }, answer));
  } catch (error) {
    // The JSON form sends again by itself (web/src/resend.ts); a page cannot, and the contract's
    // JSON error would be all the person saw. The system's own failure (503 when it may pass,
    // else 500) is answered with the form again: every answer kept, a line that says sending
    // did not work, the same status and Retry-After. Anything else (a bad proof) stays JSON.
    const { response, internal } = answerFor(error);
    if (!internal) throw error;
    logFailure(logger, error, response.statusCode);
    const page = renderFormPage({ region, locale }, { values, failed: true });
    const retryAfter = response.headers?.["Retry-After"];
    return htmlResponse(
      response.statusCode,
      page,
      retryAfter === undefined ? {} : { "Retry-After": String(retryAfter) },
    );
  }
}

export const handler = middy<BodyEvent, APIGatewayProxyResult>()
  .use(injectLambdaContext(logger))
  .use(contractErrors(logger))
  .use(readBody({ maxBytes: MAX_BODY_BYTES, mediaTypes: [JSON_TYPE, FORM_TYPE] }))
  .handler(async (event, context) => {
    if (event.mediaType === FORM_TYPE) return takeInForm(event.rawBody);
    const report = parseReport(parseJsonText(event.rawBody), currentRegion(), "json");
    await admitTestReport(accessDeps(), report, header(event, "authorization"), Date.now());
    const answer = await takeInOnce(
      {
        submissionId: report.submissionId as string,
        body: withoutProof(event.rawBody),
        report,
        source: "json",
      },
      context,
    );
    return jsonResponse(201, answer);
  });
