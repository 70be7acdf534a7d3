/**
 * How much of the account's Lambda concurrency each function may take. A region's functions
 * share one account-wide pool (1,000 by default, 10 in a new account until AWS raises it): a
 * flood of reports, or another stack of the account, must not leave the router, which moves
 * every case to its organisations, or the escalation, which tells the coordinator of an
 * unclaimed emergency, with nothing to run on.
 *
 * - the intake is capped (a flood beyond it gets 429 from API Gateway, and the person's page
 *   says to try again, with the emergency number) and so cannot take the router's share;
 * - the router has a share reserved for it, and the routing event source scales to at most
 *   ROUTER_MAX_CONCURRENCY of it (SQS's `MaximumConcurrency`, so messages wait on the queue
 *   instead of being throttled and counted as receives towards the dead-letter queue);
 * - the escalation runs one at a time, every five minutes;
 * - the canary runs one at a time (lib/canary.ts): a slow run never overlaps the next.
 *
 * `npm run deploy` checks that the account's quota leaves AWS's minimum of 100 unreserved
 * beside these (scripts/deploy.ts).
 */
export const RESERVED_CONCURRENCY = {
  intake: 50,
  router: 10,
  escalator: 1,
  canary: 1,
} as const;

/** SQS event source maximum concurrency: 2 to 1,000, and below the router's reservation. */
export const ROUTER_MAX_CONCURRENCY = 5;

/** What Lambda keeps unreserved in every account: reservations may not go below it. */
export const LAMBDA_UNRESERVED_MINIMUM = 100;

/** The account quota a region needs: its reservations and Lambda's unreserved minimum. */
export const requiredConcurrencyQuota = (): number =>
  Object.values(RESERVED_CONCURRENCY).reduce((sum, value) => sum + value, 0) +
  LAMBDA_UNRESERVED_MINIMUM;
