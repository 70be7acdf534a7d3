/**
 * The environment every function reads, in one place: the CDK stack sets these variables on
 * each Lambda function and `intake dev` sets them in its own process before it loads a handler.
 */
import { TABLES, type TableDeclaration } from "./resources.ts";

export const ENV = {
  /**
   * the region file to read, for the local runtime and the tests (on Lambda the region is the
   * package's `region.json`, written at synth: functions/adapters/region-beside-bundle.ts)
   */
  regionFile: "INTAKE_REGION_FILE",
  /** queue URL = prefix + queue name (names come from resources.ts) */
  queueUrlPrefix: "INTAKE_QUEUE_URL_PREFIX",
  /** on AWS: `arn:aws:sns:<region>:<account>:`; alert topics are named per organisation */
  alertTopicPrefix: "INTAKE_ALERT_TOPIC_PREFIX",
  /** local only: the secrets as JSON (on AWS they come from Secrets Manager) */
  secrets: "INTAKE_SECRETS",
  /** on AWS: the ARN of the secret that holds the proof-of-work HMAC key (`{"hmacKey": …}`) */
  powSecretArn: "INTAKE_POW_SECRET_ARN",
  /** on AWS: the ARN of the secret that holds the versioned receipt hashing keys (`{"1": …}`) */
  receiptKeysSecretArn: "INTAKE_RECEIPT_KEYS_SECRET_ARN",
  /** on AWS: the ARN of the secret that keys the monitor's markers (`{"hmacKey": …}`) */
  countersKeySecretArn: "INTAKE_COUNTERS_KEY_SECRET_ARN",
  /** on AWS, the canary's: the ARN of the secret that holds its ops credential (`{"token": …}`) */
  canaryTokenSecretArn: "INTAKE_CANARY_TOKEN_SECRET_ARN",
  /** the canary's: the site's origin, whose public API it calls as a person does */
  siteUrl: "INTAKE_SITE_URL",
} as const;

export class ConfigurationError extends Error {
  override name = "ConfigurationError";
}

export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new ConfigurationError(`The environment variable ${name} is not set.`);
  return value;
}

export function tableName(id: TableDeclaration["id"]): string {
  const table = TABLES.find((declaration) => declaration.id === id);
  if (!table) throw new ConfigurationError(`No table is declared as ${id}.`);
  return requireEnv(table.envVar);
}

export function queueUrl(queueName: string): string {
  return `${requireEnv(ENV.queueUrlPrefix)}${queueName}`;
}
