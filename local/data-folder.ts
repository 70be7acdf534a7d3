/**
 * What `intake dev --data DIR` keeps beside DynamoDB's files: the local secrets (the
 * proof-of-work key, the receipt key and the monitor's counters key), so that receipts given
 * before a restart still open their case after it, and counted steps are not counted again. A
 * file made before the counters key is used as it is (functions/adapters/counters-key.ts). The file is the owner's alone (0600, in a 0700 folder); one that others
 * may read is refused rather than used, since its keys may have been read.
 */
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigurationError } from "../config/environment.ts";
import {
  generateSecretsJson,
  type SecretsJson,
  SecretsSchema,
} from "../functions/adapters/secrets.ts";

export const SECRETS_FILE = "secrets.json";

/** The data folder's secrets, made (owner-only) the first time. */
export function dataFolderSecrets(dataDir: string): SecretsJson {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, SECRETS_FILE);
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    const made = generateSecretsJson();
    // `wx`: never over a file another start made meanwhile.
    writeFileSync(file, `${JSON.stringify(made, null, 2)}\n`, { mode: 0o600, flag: "wx" });
    chmodSync(file, 0o600); // whatever the umask
    return made;
  }
  if ((mode & 0o077) !== 0)
    throw new ConfigurationError(
      `${file} may be read by others than its owner: make new secrets (remove it, and every receipt given so far stops working) or, if nobody else could read it, chmod 600 it.`,
    );
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    throw new ConfigurationError(`${file} is not JSON.`);
  }
  const parsed = SecretsSchema().safeParse(value);
  if (!parsed.success) throw new ConfigurationError(`${file} does not hold valid secrets.`);
  return parsed.data;
}
