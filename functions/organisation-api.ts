/**
 * The organisations' API (`/api/v1/org/…`, and `/api/v1/ops/audit` for ops), one Lambda function
 * behind one `{proxy+}` resource: authenticate the bearer token, find the route in the table
 * (http/organisation-routes.ts), check the caller's kind, run its use case, answer.
 */
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import type { APIGatewayProxyResult } from "aws-lambda";
import { callerOf, FORBIDDEN } from "./http/bearer-auth.ts";
import { conditional } from "./http/etag.ts";
import { type BodyEvent, contractErrors, readBody } from "./http/middleware.ts";
import { ORGANISATION_ROUTES } from "./http/organisation-routes.ts";
import { jsonResponse } from "./http/responses.ts";
import { findRoute } from "./http/route-table.ts";
import type { Staff } from "./use-cases/case-access.ts";
import { accessDeps, logger } from "./wiring/organisations.ts";

/** A hand-over carries two sealed parts of up to 64 KiB each. */
export const ORG_MAX_BODY_BYTES = 160 * 1024;

export const handler = middy<BodyEvent, APIGatewayProxyResult>()
  .use(injectLambdaContext(logger))
  .use(contractErrors(logger))
  .use(readBody({ maxBytes: ORG_MAX_BODY_BYTES, mediaTypes: ["application/json"] }))
  .handler(async (event) => {
    const now = Date.now();
    // Who first: an unknown caller learns nothing, not even which paths exist.
    const caller = await callerOf(accessDeps(), event, now);
    const { route, caseId } = findRoute(ORGANISATION_ROUTES, event.httpMethod, event.path);
    if (route.role !== caller.kind) throw FORBIDDEN();
    const staff: Staff =
      caller.kind === "staff"
        ? { organisation: caller.organisation, name: caller.name }
        : { organisation: "ops", name: caller.name };
    const result = await route.run({ event, caller, staff, caseId, now });
    logger.info("organisation request", { route: route.path, organisation: staff.organisation });
    const response = jsonResponse(route.status ?? 200, result);
    return route.conditional ? conditional(event, response) : response;
  });
