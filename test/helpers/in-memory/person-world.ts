/**
 * The person's side of an in-memory world (world.ts): the dependencies of the status use cases
 * (receipt access, the status page, the PIN, replies, withdrawal, check-ins, sharing later)
 * over the same stores, with the PIN ledger and later consents of ledgers.ts, a receipt crypto
 * that counts each derivation (so a test can see that a miss does the work of a hit), and the
 * steps organisations take that a person's test starts from (claim, write, close).
 */
import type { Region } from "../../../domain/region.ts";
import type { ReceiptCrypto } from "../../../functions/ports/crypto.ts";
import { changeState, claimCase } from "../../../functions/use-cases/change-state.ts";
import { messagePerson } from "../../../functions/use-cases/message-person.ts";
import type { StatusDeps } from "../../../functions/use-cases/receipt-access.ts";
import type { ShareLaterDeps } from "../../../functions/use-cases/share-later.ts";
import { submitReport } from "../../../functions/use-cases/submit-report.ts";
import { inMemoryLaterConsents, inMemoryPinAttempts } from "./ledgers.ts";
import { inMemoryWorld, SECRETS } from "./world.ts";

export type CryptoCalls = Record<keyof ReceiptCrypto, number>;

/** The receipt crypto, counting each call. */
function counting(crypto: ReceiptCrypto): { crypto: ReceiptCrypto; calls: CryptoCalls } {
  const calls: CryptoCalls = { newReceipt: 0, newSalt: 0, digest: 0, personKeys: 0 };
  const counted =
    <Name extends keyof ReceiptCrypto>(name: Name) =>
    (...args: Parameters<ReceiptCrypto[Name]>) => {
      calls[name]++;
      return (crypto[name] as (...given: typeof args) => ReturnType<ReceiptCrypto[Name]>)(...args);
    };
  return {
    calls,
    crypto: {
      newReceipt: counted("newReceipt"),
      newSalt: counted("newSalt"),
      digest: counted("digest"),
      personKeys: counted("personKeys"),
    },
  };
}

export function personWorld(region?: Region) {
  const world = inMemoryWorld(region);
  const pinAttempts = inMemoryPinAttempts();
  const consents = inMemoryLaterConsents(world.stored.rows);
  const { crypto, calls } = counting(world.receipts);
  const status: StatusDeps = {
    region: world.region,
    receiptKeys: SECRETS.receiptHashKeys,
    crypto,
    sealing: world.sealing,
    cases: world.stored.cases,
    links: world.stored.links,
    assignments: world.assigned.assignments,
    delivery: world.queues.delivery,
    alerts: world.told.alerts,
    audit: world.audit,
    pinAttempts,
    submitFollowUp: (report, id, secret, now) =>
      submitReport(world.deps.submit, {
        report,
        source: "check_in",
        now,
        submission: { id, secret },
      }),
  };
  const share: ShareLaterDeps = { ...status, consents, routing: world.queues.routing };
  const staff = (organisation: string) => ({ organisation, name: `${organisation}-staff` });

  return {
    ...world,
    pinAttempts,
    consents,
    /** how often each receipt derivation ran since the world began (snapshot it to compare) */
    calls,
    status,
    share,
    staff,
    /** A report taken in and routed: its case id and the receipt as the person was shown it. */
    async reported(changes: Parameters<typeof world.routedCase>[0] = {}) {
      const { caseId, answer } = await world.routedCase(changes);
      return { caseId, receipt: answer.receipt };
    },
    /** An organisation writes to the person (sealed to the person's key, as its staff would). */
    async message(caseId: string, organisation: string, text: string, now = world.clock.now) {
      const recipient = world.stored.row(caseId).person?.recipient ?? "";
      const sealed = world.sealing.armor(await world.sealing.seal([recipient], text));
      return messagePerson(world.deps.work, staff(organisation), caseId, sealed, now);
    },
    /** Every organisation on the case claims it and closes it, helped. */
    async close(caseId: string, now = world.clock.now) {
      for (const { organisation } of await world.assigned.assignments.ofCase(caseId)) {
        await claimCase(world.deps.work, staff(organisation), caseId, now);
        await changeState(
          world.deps.work,
          staff(organisation),
          caseId,
          { state: "closed_helped", outcome: "safe_place_found" },
          now,
        );
      }
    },
  };
}

export type PersonWorld = ReturnType<typeof personWorld>;
