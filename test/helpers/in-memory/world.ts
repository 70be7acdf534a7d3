/**
 * Every port in memory at once, and the dependencies of each use case built from them, for the
 * unit tests of test/functions/use-cases/: one `inMemoryWorld()` per test, no emulator, no age,
 * no scrypt. A test arranges a case the way production makes one (`world.takeIn`, then
 * `world.route`), acts through a use case, and asserts on what the stores, queues, alerts and
 * audit trail hold.
 *
 * The region by default: the coordinator `coord`, a shelter, a labour-rights organisation, a
 * legal-aid one, and the police (an authority), each with the public demo keys of a sample
 * organisation; the plain report of report-factory.ts goes to `coord` alone, one in danger to
 * `shelter` (lead) and `coord`, one that lost housing to `shelter` alone.
 */
import { readFileSync } from "node:fs";
import { parseRegion, type Region } from "../../../domain/region.ts";
import type { Report } from "../../../domain/report.ts";
import type { Secrets } from "../../../functions/ports/crypto.ts";
import type { TeamDeps } from "../../../functions/use-cases/assign-case.ts";
import type { WorkDeps } from "../../../functions/use-cases/case-access.ts";
import type { EscalateDeps } from "../../../functions/use-cases/escalate-unclaimed.ts";
import type { FlagDeps } from "../../../functions/use-cases/flag-case.ts";
import { type RouteDeps, routeCase } from "../../../functions/use-cases/route-case.ts";
import {
  type SubmitDeps,
  type SubmitRequest,
  submitReport,
} from "../../../functions/use-cases/submit-report.ts";
import type { SweepDeps } from "../../../functions/use-cases/sweep-stale.ts";
import { anOrganisation, aRegionInput } from "../region-factory.ts";
import { aReport } from "../report-factory.ts";
import { inMemoryAuditLog, inMemoryCredentials } from "./access.ts";
import { inMemoryAlerts } from "./alerts.ts";
import { inMemoryAssignmentStore, inMemoryFlagStore } from "./assignment-store.ts";
import { inMemoryCaseStore } from "./case-store.ts";
import { fakeProof, fakeProofOfWork, fakeReceiptCrypto, fakeSealing } from "./crypto.ts";
import {
  inMemoryProofLedger,
  inMemoryRoutingAttempts,
  inMemorySubmissionLedger,
} from "./ledgers.ts";
import { inMemoryQueues } from "./queues.ts";

/** 3 March 2025, 09:00 UTC: the time a world starts at. */
export const T0 = Date.UTC(2025, 2, 3, 9);
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

const demoKeys = JSON.parse(readFileSync("demo/nl-sample.keys.json", "utf8")) as {
  organisations: Record<string, { recipient: string }[]>;
};
/** Each organisation of the world and the demo organisation whose public keys it borrows. */
const KEYS_OF: Readonly<Record<string, string>> = {
  coord: "coordination-centre",
  shelter: "categorical-shelter",
  labour: "labour-ngo",
  legal: "legal-aid",
  police: "police-trafficking-unit",
};

/** The staff's recipients of an organisation of the world (real X25519 ones: the region checks). */
export const recipientsOf = (organisation: string): string[] =>
  (demoKeys.organisations[KEYS_OF[organisation] ?? organisation] ?? []).map((key) => key.recipient);

/** The default region of a world (see the header). */
export function aWorldRegion(): Region {
  const input = aRegionInput([
    anOrganisation("shelter", {
      needs: ["shelter", "safety"],
      recipients: recipientsOf("shelter"),
    }),
    anOrganisation("labour", {
      needs: ["work", "income", "information"],
      exploitation: ["labour"],
      languages: ["nl", "en", "pl"],
      recipients: recipientsOf("labour"),
    }),
    anOrganisation("legal", {
      needs: ["legal", "residence", "information"],
      recipients: recipientsOf("legal"),
    }),
    anOrganisation("police", {
      kind: "authority",
      needs: ["safety"],
      recipients: recipientsOf("police"),
    }),
  ]);
  return parseRegion({
    ...input,
    organisations: input.organisations.map((organisation) =>
      organisation.id === "coord"
        ? { ...organisation, recipients: recipientsOf("coord") }
        : organisation,
    ),
  });
}

/** The same region with ops' test organisation (`"test": true`) at its end. */
export function aWorldRegionWithTestOrganisation(): Region {
  const region = aWorldRegion();
  const [ops] = parseRegion(
    aRegionInput([
      anOrganisation("ops-test", {
        needs: ["safety", "shelter", "legal", "work", "income"],
        test: true,
        recipients: recipientsOf("ops-test"),
      }),
    ]),
  ).organisations.slice(1);
  return { ...region, organisations: [...region.organisations, ...(ops ? [ops] : [])] };
}

export const SECRETS: Secrets = {
  powHmacKey: "test-pow-key",
  receiptHashKeys: [{ version: "2", key: Buffer.from("receipt-key-two") }],
};

export function inMemoryWorld(region: Region = aWorldRegion()) {
  /** what the ledgers that read the clock read: `world.clock.now`, moved by the test */
  const clock = { now: T0 };
  const stored = inMemoryCaseStore();
  const assigned = inMemoryAssignmentStore();
  const queues = inMemoryQueues();
  const told = inMemoryAlerts();
  const audit = inMemoryAuditLog();
  const proofs = inMemoryProofLedger(() => clock.now);
  const submissions = inMemorySubmissionLedger(() => clock.now);
  const sealing = fakeSealing();
  const receipts = fakeReceiptCrypto();
  const proofOfWork = fakeProofOfWork();
  const attempts = inMemoryRoutingAttempts(stored.rows);
  const flags = inMemoryFlagStore(stored.rows, assigned.rows);

  const work: WorkDeps = {
    region,
    cases: stored.cases,
    assignments: assigned.assignments,
    audit,
    routing: queues.routing,
    delivery: queues.delivery,
    alerts: told.alerts,
    metrics: told.metrics,
    sealing,
  };
  const credentials = inMemoryCredentials();
  const deps = {
    work,
    flag: { ...work, flags } satisfies FlagDeps,
    team: { ...work, roster: credentials } satisfies TeamDeps,
    route: {
      region,
      cases: stored.cases,
      links: stored.links,
      assignments: assigned.assignments,
      delivery: queues.delivery,
      alerts: told.alerts,
      attempts,
      metrics: told.metrics,
    } satisfies RouteDeps,
    sweep: {
      cases: stored.cases,
      assignments: assigned.assignments,
      routing: queues.routing,
    } satisfies SweepDeps,
    escalate: {
      region,
      cases: stored.cases,
      assignments: assigned.assignments,
      routing: queues.routing,
      delivery: queues.delivery,
      alerts: told.alerts,
      metrics: told.metrics,
      audit,
    } satisfies EscalateDeps,
    submit: {
      region,
      secrets: SECRETS,
      cases: stored.cases,
      links: stored.links,
      proofs,
      submissions,
      routing: queues.routing,
      sealing,
      receipts,
      proofOfWork,
    } satisfies SubmitDeps,
  };

  let proofsMade = 0;
  const world = {
    region,
    clock,
    deps,
    /** the case store's rows and links (case-store.ts) */
    stored,
    /** the assignments' rows (assignment-store.ts) */
    assigned,
    queues,
    /** alerts sent and metrics counted */
    told,
    audit,
    /** the credentials: issue one to put a staff member on their organisation's roster */
    credentials,
    proofs,
    sealing,
    receipts,
    attempts,
    /** A fresh proof the fake checker accepts. */
    aProof: () => fakeProof(`challenge-${++proofsMade}`, { hmacKey: SECRETS.powHmacKey }),
    /**
     * Takes a report in as a JSON post with a fresh proof (or as `request` says), and returns
     * the new case's id (the last one enqueued) and the answer.
     */
    async takeIn(
      changes: Partial<Report> = {},
      request: Partial<Omit<SubmitRequest, "report">> = {},
    ) {
      const answer = await submitReport(deps.submit, {
        report: aReport({ proof: world.aProof(), ...changes }),
        source: "json",
        now: clock.now,
        ...request,
      });
      const caseId = queues.enqueued.at(-1) ?? stored.rows.keys().next().value;
      if (!caseId) throw new Error("No case was taken in.");
      return { caseId, answer };
    },
    /** Routes a case as the router does on its queue message. */
    route: (caseId: string, now = clock.now) => routeCase(deps.route, caseId, now),
    /** Takes a report in and routes it: a case in the inboxes of its organisations. */
    async routedCase(changes: Partial<Report> = {}) {
      const { caseId, answer } = await world.takeIn(changes);
      await world.route(caseId);
      return { caseId, answer, record: stored.row(caseId) };
    },
    /**
     * What a person's withdrawal leaves (use-cases/withdraw-case.ts): the case emptied and every
     * assignment `withdrawn`.
     */
    async withdraw(caseId: string, kind: "consent" | "delete" = "consent", now = clock.now) {
      await stored.cases.withdraw(caseId, { kind, at: now }, Math.floor(now / 1000) + 90 * 86_400);
      for (const assignment of await assigned.assignments.ofCase(caseId))
        await assigned.assignments.move(
          caseId,
          assignment.organisation,
          assignment.state,
          "withdrawn",
          {},
          now,
        );
    },
  };
  return world;
}

export type InMemoryWorld = ReturnType<typeof inMemoryWorld>;
