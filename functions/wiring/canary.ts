/**
 * What the canary works with on AWS: the region inlined in its bundle, the site's public API
 * over HTTPS, the proof-of-work solver, its ops credential from Secrets Manager, the real clock
 * and its metrics. A file of its own, so its bundle carries no table, queue or topic client.
 */
import type { Challenge } from "altcha-lib/v1/types";
import { ENV, requireEnv } from "../../config/environment.ts";
import { canaryResults } from "../adapters/canary-results.ts";
import { currentRegion } from "../adapters/current-region.ts";
import { logger } from "../adapters/logger.ts";
import { solveChallenge } from "../adapters/proof-of-work.ts";
import { publicApi } from "../adapters/public-api.ts";
import { loadCanaryToken } from "../adapters/secrets.ts";
import type { CanaryDeps } from "../use-cases/run-canary.ts";

export const canaryDeps = (): CanaryDeps => ({
  region: currentRegion(),
  api: publicApi(requireEnv(ENV.siteUrl)),
  solver: { solve: async (challenge) => solveChallenge(challenge as Challenge) },
  credential: { opsToken: loadCanaryToken },
  clock: {
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  },
  results: canaryResults,
});

export { logger };
