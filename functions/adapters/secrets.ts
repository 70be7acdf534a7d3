/**
 * The deployment's secrets: the proof-of-work HMAC key and the receipt hashing keys.
 *
 * The receipt hashing key is versioned and never rotated automatically: every stored receipt
 * digest and link was made with one version, so a new version only serves new receipts while
 * the old ones stay readable (docs/security.md). Locally the secrets come as JSON in an
 * environment variable that `intake dev` makes; on AWS from Secrets Manager.
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { ConfigurationError, ENV } from "./environment.ts";

const KEY = z.base64().refine((value) => Buffer.from(value, "base64").length >= 32, {
  message: "must be at least 32 bytes",
});

export const SecretsSchema = z.strictObject({
  powHmacKey: KEY,
  /** version → key; the highest version makes new digests, every version still reads */
  receiptHashKeys: z
    .record(z.string().regex(/^[1-9][0-9]*$/), KEY)
    .refine((keys) => Object.keys(keys).length > 0, { message: "must hold at least one version" }),
});

export type SecretsJson = z.infer<typeof SecretsSchema>;

export interface ReceiptHashKey {
  version: string;
  key: Buffer;
}

export interface Secrets {
  powHmacKey: string;
  /** newest first */
  receiptHashKeys: ReceiptHashKey[];
}

export function secretsFromJson(json: SecretsJson): Secrets {
  const receiptHashKeys = Object.entries(json.receiptHashKeys)
    .map(([version, key]) => ({ version, key: Buffer.from(key, "base64") }))
    .sort((a, b) => Number(b.version) - Number(a.version));
  return { powHmacKey: json.powHmacKey, receiptHashKeys };
}

/** Fresh random secrets, for a local run (`intake dev`) and the tests. */
export function generateSecretsJson(): SecretsJson {
  const key = () => randomBytes(32).toString("base64");
  return { powHmacKey: key(), receiptHashKeys: { "1": key() } };
}

let loaded: Promise<Secrets> | undefined;

export function loadSecrets(): Promise<Secrets> {
  loaded ??= (async () => {
    const local = process.env[ENV.secrets];
    if (!local) throw new ConfigurationError(`The environment variable ${ENV.secrets} is not set.`);
    const parsed = SecretsSchema.safeParse(JSON.parse(local));
    if (!parsed.success) throw new ConfigurationError("The secrets are not valid.");
    return secretsFromJson(parsed.data);
  })();
  return loaded;
}
