/**
 * The organisations' API as a table (contract section 7): each row a method, a path, the kind
 * of caller it is for, and the one use case it runs with its validated input. The handler
 * (functions/organisation-api.ts) authenticates, finds the row (http/route-table.ts) and
 * answers; every case route checks, inside its use case, that the case is assigned to the
 * caller's organisation.
 */
import * as z from "zod/mini";
import {
  ASSIGNMENT_STATES,
  DeclineSchema,
  FlagSchema,
  STAFF_NAME,
  WorkStateChangeSchema,
} from "../../domain/case-work.ts";
import { parseRequest } from "../../domain/invalid-input.ts";
import { parseJsonText } from "../../domain/json-text.ts";
import { onFirstUse } from "../../domain/on-first-use.ts";
import { NEEDS, URGENCIES } from "../../domain/vocabulary.ts";
import type { Caller } from "../ports/access.ts";
import { assignCase, handOverStaffCases, teamOf } from "../use-cases/assign-case.ts";
import type { Staff } from "../use-cases/case-access.ts";
import { writeNote } from "../use-cases/case-notes.ts";
import { caseTimeline } from "../use-cases/case-timeline.ts";
import { changeState, claimCase } from "../use-cases/change-state.ts";
import { declineCase } from "../use-cases/decline-case.ts";
import { flagCase, unflagCase } from "../use-cases/flag-case.ts";
import { handOver } from "../use-cases/hand-over.ts";
import { directory, listCases } from "../use-cases/list-cases.ts";
import { messagePerson } from "../use-cases/message-person.ts";
import { readOpsAudit, readOwnAudit } from "../use-cases/read-audit.ts";
import { readCase } from "../use-cases/read-case.ts";
import { removeTestCase, testCaseOutcome } from "../use-cases/test-case-outcome.ts";
import {
  currentRegion,
  flagDeps,
  teamDeps,
  testCaseDeps,
  workDeps,
} from "../wiring/organisations.ts";
import type { BodyEvent } from "./middleware.ts";
import type { RouteRow } from "./route-table.ts";

const body = (event: BodyEvent) =>
  event.rawBody.trim() === "" ? {} : parseJsonText(event.rawBody, "request");

// Each route's schema is built when a request first takes the route (domain/on-first-use.ts).
const HandoverSchema = onFirstUse(() =>
  z.strictObject({
    to: z.string().check(z.maxLength(40)),
    need: z.enum(NEEDS),
    sealed: z.strictObject({ narrative: z.optional(z.string()), contact: z.optional(z.string()) }),
  }),
);
const MessageSchema = onFirstUse(() =>
  z.strictObject({ sealed: z.string(), own: z.optional(z.string()) }),
);
const NoteSchema = onFirstUse(() => z.strictObject({ sealed: z.string() }));
/** a staff member's name, as a credential carries it */
const staffName = () =>
  z.string().check(z.regex(STAFF_NAME, { message: "is not a staff member's name" }));
const AssignSchema = onFirstUse(() => z.strictObject({ to: staffName() }));
const StaffHandoverSchema = onFirstUse(() =>
  z.strictObject({ from: staffName(), to: staffName() }),
);
const InboxQuerySchema = onFirstUse(() =>
  z.strictObject({
    state: z.optional(z.enum(ASSIGNMENT_STATES)),
    urgency: z.optional(z.enum(URGENCIES)),
    hidden: z.optional(z.enum(["true", "false"])),
    need: z.optional(z.enum(NEEDS)),
    claimed: z.optional(z.enum(["me", "nobody"])),
  }),
);
const OpsAuditQuerySchema = onFirstUse(() =>
  z.strictObject({ organisation: z.optional(z.string().check(z.maxLength(40))) }),
);

function inboxFilter(event: BodyEvent) {
  const { hidden, ...rest } = parseRequest(InboxQuerySchema(), event.queryStringParameters ?? {});
  return { ...rest, ...(hidden ? { hidden: hidden === "true" } : {}) };
}

export interface OrganisationRequest {
  event: BodyEvent;
  caller: Caller;
  staff: Staff;
  caseId: string;
  now: number;
}

export interface OrganisationRoute extends RouteRow {
  role: Caller["kind"];
  status?: number;
  /** answered with an `ETag`, and 304 to a matching `If-None-Match` (http/etag.ts) */
  conditional?: boolean;
  run: (request: OrganisationRequest) => Promise<unknown>;
}

export const ORGANISATION_ROUTES: readonly OrganisationRoute[] = [
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
    conditional: true,
    run: async ({ event, staff, now }) => ({
      cases: await listCases(workDeps(), staff, inboxFilter(event), now),
    }),
  },
  {
    method: "GET",
    path: "org/cases/:caseId",
    role: "staff",
    conditional: true,
    run: ({ staff, caseId, now }) => readCase(workDeps(), staff, caseId, now),
  },
  {
    method: "POST",
    path: "org/cases/:caseId/claim",
    role: "staff",
    run: async ({ event, staff, caseId, now }) => {
      parseRequest(z.strictObject({}), body(event));
      await claimCase(workDeps(), staff, caseId, now);
      return { state: "claimed" };
    },
  },
  {
    method: "POST",
    path: "org/cases/:caseId/decline",
    role: "staff",
    run: async ({ event, staff, caseId, now }) => {
      const { reason } = parseRequest(DeclineSchema(), body(event));
      await declineCase(workDeps(), staff, caseId, reason, now);
      return { state: "declined" };
    },
  },
  {
    method: "POST",
    path: "org/cases/:caseId/state",
    role: "staff",
    run: async ({ event, staff, caseId, now }) => {
      const change = parseRequest(WorkStateChangeSchema(), body(event));
      await changeState(workDeps(), staff, caseId, change, now);
      return { state: change.state };
    },
  },
  {
    method: "POST",
    path: "org/cases/:caseId/flag",
    role: "staff",
    run: async ({ event, staff, caseId, now }) => {
      return flagCase(flagDeps(), staff, caseId, parseRequest(FlagSchema(), body(event)), now);
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
      const handover = parseRequest(HandoverSchema(), body(event));
      await handOver(workDeps(), staff, caseId, handover, now);
      return { to: handover.to };
    },
  },
  {
    method: "POST",
    path: "org/cases/:caseId/messages",
    role: "staff",
    status: 201,
    run: async ({ event, staff, caseId, now }) => {
      const { sealed, own } = parseRequest(MessageSchema(), body(event));
      return messagePerson(workDeps(), staff, caseId, sealed, now, own);
    },
  },
  {
    method: "POST",
    path: "org/cases/:caseId/notes",
    role: "staff",
    status: 201,
    run: async ({ event, staff, caseId, now }) => {
      const { sealed } = parseRequest(NoteSchema(), body(event));
      return writeNote(workDeps(), staff, caseId, sealed, now);
    },
  },
  {
    method: "POST",
    path: "org/cases/:caseId/assign",
    role: "staff",
    run: async ({ event, staff, caseId, now }) => {
      const { to } = parseRequest(AssignSchema(), body(event));
      return assignCase(teamDeps(), staff, caseId, to, now);
    },
  },
  {
    method: "GET",
    path: "org/cases/:caseId/timeline",
    role: "staff",
    run: async ({ staff, caseId, now }) => ({
      entries: await caseTimeline(workDeps(), staff, caseId, now),
    }),
  },
  {
    method: "GET",
    path: "org/staff",
    role: "staff",
    run: async ({ staff, now }) => ({ staff: await teamOf(teamDeps(), staff, now) }),
  },
  {
    method: "POST",
    path: "org/staff/handover",
    role: "staff",
    run: async ({ event, staff, now }) => {
      const { from, to } = parseRequest(StaffHandoverSchema(), body(event));
      return handOverStaffCases(teamDeps(), staff, from, to, now);
    },
  },
  {
    method: "GET",
    path: "org/audit",
    role: "staff",
    run: async ({ staff, now }) => ({
      entries: await readOwnAudit({ audit: workDeps().audit }, staff, now),
    }),
  },
  {
    method: "GET",
    path: "ops/audit",
    role: "ops",
    run: async ({ event, caller, now }) => {
      const { organisation } = parseRequest(
        OpsAuditQuerySchema(),
        event.queryStringParameters ?? {},
      );
      return { entries: await readOpsAudit(workDeps(), caller, organisation, now) };
    },
  },
  {
    method: "GET",
    path: "ops/test-reports/:caseId",
    role: "ops",
    run: ({ caseId, now }) => testCaseOutcome(testCaseDeps(), caseId, now),
  },
  {
    method: "POST",
    path: "ops/test-reports/:caseId/remove",
    role: "ops",
    run: async ({ event, caller, caseId, now }) => {
      parseRequest(z.strictObject({}), body(event));
      return removeTestCase(testCaseDeps(), caller, caseId, now);
    },
  },
];
