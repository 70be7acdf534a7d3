/**
 * The key of the monitor's idempotency markers (functions/adapters/dynamo-counters.ts): a
 * secret of its own, so that the functions that count need no receipt key for it, and a
 * function that counts nothing gets neither.
 *
 * - On AWS (`INTAKE_COUNTERS_KEY_SECRET_ARN` set, by lib/monitor.ts on the counting functions
 *   only): Secrets Manager, `{"hmacKey": "…"}`, read at first use and cached like the other
 *   secrets (functions/adapters/secrets.ts).
 * - Locally: `countersHmacKey` of `INTAKE_SECRETS`, which `intake dev` makes. A data folder made
 *   before that key existed has none: its markers were keyed with the oldest receipt key, so
 *   such a folder goes on counting with that one (the same derivation, the same markers), and
 *   its counts stay exactly once. A new folder never does.
 *
 * The markers' key is an HMAC of a fixed label under the key, never the key itself.
 */
import { createHmac } from "node:crypto";
import { ConfigurationError, ENV } from "../../config/environment.ts";
import { COUNTERS_SECRET_FIELD } from "../../config/resources.ts";
import {
  CountersKeySecretSchema,
  localSecretsJson,
  readSecret,
  secretsFromJson,
} from "./secrets.ts";

const MARKERS_LABEL = "intake monitor events v1";

const markersKey = (key: Buffer) => createHmac("sha256", key).update(MARKERS_LABEL).digest();

async function awsCountersKey(arn: string): Promise<Buffer> {
  const parsed = CountersKeySecretSchema().safeParse(await readSecret(arn));
  // The message names the variable, never a value of the secret.
  if (!parsed.success)
    throw new ConfigurationError(`The secret that ${ENV.countersKeySecretArn} names is not valid.`);
  return Buffer.from(parsed.data[COUNTERS_SECRET_FIELD], "utf8");
}

async function localCountersKey(): Promise<Buffer> {
  const json = await localSecretsJson();
  if (json.countersHmacKey) return Buffer.from(json.countersHmacKey, "utf8");
  // A data folder from before the counters key: the key its markers were made with.
  const keys = secretsFromJson(json).receiptHashKeys;
  const oldest = keys[keys.length - 1];
  if (!oldest) throw new ConfigurationError("The local secrets hold no counters key.");
  return oldest.key;
}

/** The markers' HMAC key: from the counters key's secret on AWS, else from INTAKE_SECRETS. */
export async function countersMarkersKey(): Promise<Buffer> {
  const arn = process.env[ENV.countersKeySecretArn];
  return markersKey(arn ? await awsCountersKey(arn) : await localCountersKey());
}
