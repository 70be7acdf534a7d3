/**
 * The organisations' API (`/api/v1/org/…`, and `/api/v1/ops/audit` for ops), one Lambda function
 * behind one `{proxy+}` resource: authenticate the bearer token, find the route, validate the
 * body, run one use case (use-cases/organisation-work.ts), answer. Every case route checks that
 * the case is assigned to the caller's organisation, inside the use case.
 */
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import type { APIGatewayProxyResult } from "aws-lambda";
import * as z from "zod";
import {
  ASSIGNMENT_STATES,
  DeclineSchema,
  FlagSchema,
  WorkStateChangeSchema,
} from "../domain/case-work.ts";
import { parseRequest } from "../domain/invalid-input.ts";
import { parseJsonText } from "../domain/json-text.ts";
import { NEEDS, URGENCIES } from "../domain/vocabulary.ts";
import { countedAssignments, countedCases, countedFlags } from "./adapters/counted-stores.ts";
import { currentRegion } from "./adapters/current-region.ts";
import { auditLog, credentialStore } from "./adapters/dynamo-access.ts";
import { logger } from "./adapters/logger.ts";
import { alerts, metrics } from "./adapters/notifications.ts";
import { deliveryQueues, routingQueue } from "./adapters/sqs-queues.ts";
import { type BodyEvent, contractErrors, header, readBody } from "./http/middleware.ts";
import { HttpProblemError } from "./http/problems.ts";
import { jsonResponse } from "./http/responses.ts";
import { authenticate } from "./use-cases/credentials.ts";
import { flagCase, unflagCase } from "./use-cases/flag-case.ts";
import {
  CaseNotFoundError,
  changeState,
  claimCase,
  declineCase,
  directory,
  handOver,
  listCases,
  messagePerson,
  readCase,
  type Staff,
  type WorkDeps,
} from "./use-cases/organisation-work.ts";
import type { Caller } from "./use-cases/ports.ts";

/** A hand-over carries two sealed parts of up to 64 KiB each. */
export const ORG_MAX_BODY_BYTES = 160 * 1024;
const AUDIT_PAGE = 200;

const deps = (): WorkDeps => ({
  region: currentRegion(),
  cases: countedCases,
  assignments: countedAssignments,
  audit: auditLog,
  routing: routingQueue,
  delivery: deliveryQueues,
  alerts,
  metrics,
});

const flagDeps = () => ({ ...deps(), flags: countedFlags });

const body = (event: BodyEvent) =>
  event.rawBody.trim() === "" ? {} : parseJsonText(event.rawBody, "request");

const HandoverSchema = z.strictObject({
  to: z.string().max(40),
  need: z.enum(NEEDS),
  sealed: z.strictObject({ narrative: z.string().optional(), contact: z.string().optional() }),
});
const MessageSchema = z.strictObject({ sealed: z.string() });
const InboxQuerySchema = z.strictObject({
  state: z.enum(ASSIGNMENT_STATES).optional(),
  urgency: z.enum(URGENCIES).optional(),
  hidden: z.enum(["true", "false"]).optional(),
});
const OpsAuditQuerySchema = z.strictObject({ organisation: z.string().max(40).optional() });

function inboxFilter(event: BodyEvent) {
  const { hidden, ...rest } = parseRequest(InboxQuerySchema, event.queryStringParameters ?? {});
  return { ...rest, ...(hidden ? { hidden: hidden === "true" } : {}) };
}

interface Context {
  event: BodyEvent;
  caller: Caller;
  staff: Staff;
  caseId: string;
  now: number;
}

interface Route {
  method: "GET" | "POST";
  /** the path after /api/v1/, `:caseId` standing for a case id */
  path: string;
  role: Caller["kind"];
  status?: number;
  run: (context: Context) => Promise<unknown>;
}

const ROUTES: readonly Route[] = [
  { method: "GET", path: "org/me", role: "staff", run: async ({ staff }) => staff },
  {
    method: "GET",
    path: "org/directory",
    role: "staff",
    run: async () => ({ organisations: directory(currentRegion()) }),
  },
  {
    method: "GET",
    path: "org/cases",
    role: "staff",
    run: async ({ event, staff, now }) => ({
      cases: await listCases(deps(), staff, inboxFilter(event), now),
    }),
  },
  {
    method: "GET",
    path: "org/cases/:caseId",
    role: "staff",
    run: ({ staff, caseId, now }) => readCase(deps(), staff, caseId, now),
  },
  {
    method: "POST",
    path: "org/cases/:caseId/claim",
    role: "staff",
    run: async ({ event, staff, caseId, now }) => {
      parseRequest(z.strictObject({}), body(event));
      await claimCase(deps(), staff, caseId, now);
      return { state: "claimed" };
    },
  },
  {
    method: "POST",
    path: "org/cases/:caseId/decline",
    role: "staff",
    run: async ({ event, staff, caseId, now }) => {
      const { reason } = parseRequest(DeclineSchema, body(event));
      await declineCase(deps(), staff, caseId, reason, now);
      return { state: "declined" };
    },
  },
  {
    method: "POST",
    path: "org/cases/:caseId/state",
    role: "staff",
    run: async ({ event, staff, caseId, now }) => {
      const change = parseRequest(WorkStateChangeSchema, body(event));
      await changeState(deps(), staff, caseId, change, now);
      return { state: change.state };
    },
  },
  {
    method: "POST",
    path: "org/cases/:caseId/flag",
    role: "staff",
    run: async ({ event, staff, caseId, now }) => {
      return flagCase(flagDeps(), staff, caseId, parseRequest(FlagSchema, body(event)), now);
    },
  },
  {
    method: "POST",
    path: "org/cases/:caseId/unflag",
    role: "staff",
    run: async ({ event, staff, caseId, now }) => {
      parseRequest(z.strictObject({}), body(event));
      return unflagCase(flagDeps(), staff, caseId, now);
    },
  },
  {
    method: "POST",
    path: "org/cases/:caseId/handover",
    role: "staff",
    run: async ({ event, staff, caseId, now }) => {
      const handover = parseRequest(HandoverSchema, body(event));
      await handOver(deps(), staff, caseId, handover, now);
      return { to: handover.to };
    },
  },
  {
    method: "POST",
    path: "org/cases/:caseId/messages",
    role: "staff",
    status: 201,
    run: async ({ event, staff, caseId, now }) => {
      const { sealed } = parseRequest(MessageSchema, body(event));
      return messagePerson(deps(), staff, caseId, sealed, now);
    },
  },
  {
    method: "GET",
    path: "org/audit",
    role: "staff",
    run: async ({ staff, now }) => {
      const entries = await auditLog.list(staff.organisation, AUDIT_PAGE);
      await auditLog.append({
        at: now,
        organisation: staff.organisation,
        actor: staff.name,
        action: "audit_read",
      });
      return { entries };
    },
  },
  {
    method: "GET",
    path: "ops/audit",
    role: "ops",
    run: async ({ event, caller, now }) => {
      const { organisation } = parseRequest(OpsAuditQuerySchema, event.queryStringParameters ?? {});
      const trails = organisation
        ? [organisation]
        : [...currentRegion().organisations.map((o) => o.id), "ops"];
      const entries = (await Promise.all(trails.map((trail) => auditLog.list(trail, AUDIT_PAGE))))
        .flat()
        .sort((a, b) => b.at - a.at)
        .slice(0, AUDIT_PAGE);
      await auditLog.append({
        at: now,
        organisation: "ops",
        actor: `ops:${caller.name}`,
        action: "audit_read",
      });
      return { entries };
    },
  },
];

const CASE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The route of a request, with its case id; a path with no route at all is 404. */
function find(method: string, path: string): { route: Route; caseId: string } {
  const segments = path.replace(/^\/api\/v1\//, "").split("/");
  const onPath = ROUTES.map((route) => {
    const pattern = route.path.split("/");
    if (pattern.length !== segments.length) return null;
    let caseId = "";
    for (const [index, part] of pattern.entries()) {
      const segment = segments[index] ?? "";
      if (part === ":caseId") {
        // A malformed id is a case that does not exist: the same 404.
        if (!CASE_ID.test(segment)) throw new CaseNotFoundError("No such case.");
        caseId = segment;
      } else if (part !== segment) return null;
    }
    return { route, caseId };
  }).filter((match) => match !== null);
  if (onPath.length === 0) throw new HttpProblemError(404, "not_found", "There is nothing here.");
  const found = onPath.find((match) => match.route.method === method);
  if (!found)
    throw new HttpProblemError(405, "method_not_allowed", "This method is not allowed here.", {
      Allow: [...new Set(onPath.map((match) => match.route.method))].join(", "),
    });
  return found;
}

const UNAUTHORIZED = () =>
  new HttpProblemError(401, "unauthorized", "A valid access token is required.", {
    "WWW-Authenticate": 'Bearer realm="intake"',
  });

export const handler = middy<BodyEvent, APIGatewayProxyResult>()
  .use(injectLambdaContext(logger))
  .use(contractErrors(logger))
  .use(readBody({ maxBytes: ORG_MAX_BODY_BYTES, mediaTypes: ["application/json"] }))
  .handler(async (event) => {
    const now = Date.now();
    // Who first: an unknown caller learns nothing, not even which paths exist.
    const auth = await authenticate(
      { credentials: credentialStore },
      header(event, "authorization"),
      now,
    );
    if (!auth.ok) {
      if (auth.problem === "too_many_requests")
        throw new HttpProblemError(429, "too_many_requests", "Too many requests. Wait a minute.", {
          "Retry-After": "60",
        });
      throw UNAUTHORIZED();
    }
    const { caller } = auth.credential;
    const { route, caseId } = find(event.httpMethod, event.path);
    if (route.role !== caller.kind)
      throw new HttpProblemError(403, "forbidden", "This credential may not do this.");
    const staff: Staff =
      caller.kind === "staff"
        ? { organisation: caller.organisation, name: caller.name }
        : { organisation: "ops", name: caller.name };
    const result = await route.run({ event, caller, staff, caseId, now });
    logger.info("organisation request", { route: route.path, organisation: staff.organisation });
    return jsonResponse(route.status ?? 200, result);
  });
