/** A proof-of-work challenge, signed with this deployment's key (adapters/proof-of-work.ts). */
import { logger } from "../adapters/logger.ts";
import { issueChallenge } from "../adapters/proof-of-work.ts";
import { loadSecrets } from "../adapters/secrets.ts";

export async function newChallenge(now: number) {
  const { powHmacKey } = await loadSecrets();
  return issueChallenge(powHmacKey, now);
}

export { logger };
