/**
 * The deployment's secrets: the proof-of-work HMAC key and the receipt hashing keys.
 *
 * The receipt hashing key is versioned and never rotated automatically: every stored receipt
 * digest and link was made with one version, so a new version only serves new receipts while
 * the old ones stay readable (docs/security.md, docs/deploy.md).
 *
 * Two sources, chosen by the environment:
 *
 * - on AWS (`INTAKE_POW_SECRET_ARN` set): Secrets Manager, read at first use and cached for a
 *   few minutes, so a receipt key version that ops add is used
 *   within minutes, without a deploy. The stack generates both secrets at deploy time
 *   (lib/secrets.ts); their values are never in the template or the repository. A function
 *   that is not given the receipt keys' ARN (the challenge) gets no receipt key at all.
 * - locally: JSON in `INTAKE_SECRETS`, which `intake dev` makes (`generateSecretsJson`).
 *
 * The monitor's counters key is a secret of its own, read by functions/adapters/counters-key.ts
 * (locally, `countersHmacKey` of the same JSON).
 *
 * The canary's ops credential is a secret of its own too, `{"token": "intake_…"}`, that ops put
 * in (docs/deploy.md, "The canary"); only the canary's function is given its ARN.
 *
 * Key material is a string of at least 32 printable ASCII characters (Secrets Manager generates
 * 64 letters and digits); its bytes are the string's bytes.
 */

import { randomBytes } from "node:crypto";
import * as z from "zod/mini";
import { ConfigurationError, ENV, requireEnv } from "../../config/environment.ts";
import { COUNTERS_SECRET_FIELD, POW_SECRET_FIELD } from "../../config/resources.ts";
import { onFirstUse } from "../../domain/on-first-use.ts";
import type { ReceiptHashKey, Secrets } from "../ports/crypto.ts";
import { getSecretString } from "./aws-clients.ts";

/** How long a secret read from Secrets Manager is kept in memory before it is read again. */
export const SECRETS_CACHE_SECONDS = 300;

export const MIN_KEY_CHARACTERS = 32;

// Each schema is built when first used (domain/on-first-use.ts): a function reads one or two of
// these secrets, and none at load.
const key = () =>
  z
    .string()
    .check(
      z.minLength(MIN_KEY_CHARACTERS),
      z.maxLength(4096),
      z.regex(/^[\x21-\x7e]+$/, { message: "must be printable ASCII without spaces" }),
    );

const receiptKeys = () =>
  z.record(z.string().check(z.regex(/^[1-9][0-9]*$/)), key()).check(
    z.refine((keys) => Object.keys(keys).length > 0, {
      message: "must hold at least one version",
    }),
  );

/** version → key; the highest version makes new digests, every version still reads */
export const ReceiptKeysSchema = /* @__PURE__ */ onFirstUse(receiptKeys);

/** The proof-of-work secret as Secrets Manager holds it: `{"hmacKey": "…"}`. */
export const PowSecretSchema = /* @__PURE__ */ onFirstUse(() =>
  z.strictObject({ [POW_SECRET_FIELD]: key() }),
);

/** The counters key as Secrets Manager holds it: `{"hmacKey": "…"}`. */
export const CountersKeySecretSchema = /* @__PURE__ */ onFirstUse(() =>
  z.strictObject({ [COUNTERS_SECRET_FIELD]: key() }),
);

const secretsSchema = () =>
  z.strictObject({
    powHmacKey: key(),
    receiptHashKeys: receiptKeys(),
    /**
     * keys the monitor's markers; optional so that a data folder made before it still starts
     * (functions/adapters/counters-key.ts says what such a folder counts with)
     */
    countersHmacKey: z.optional(key()),
  });

/** The local secrets' JSON (`INTAKE_SECRETS`, the data folder of `intake dev`). */
export const SecretsSchema = /* @__PURE__ */ onFirstUse(secretsSchema);

export type SecretsJson = z.infer<ReturnType<typeof secretsSchema>>;

const receiptKeysFrom = (keys: Record<string, string>): ReceiptHashKey[] =>
  Object.entries(keys)
    .map(([version, key]) => ({ version, key: Buffer.from(key, "utf8") }))
    .sort((a, b) => Number(b.version) - Number(a.version));

export function secretsFromJson(json: SecretsJson): Secrets {
  return { powHmacKey: json.powHmacKey, receiptHashKeys: receiptKeysFrom(json.receiptHashKeys) };
}

/** Fresh random secrets, for a local run (`intake dev`) and the tests. */
export function generateSecretsJson(): SecretsJson {
  const key = () => randomBytes(32).toString("base64");
  return { powHmacKey: key(), receiptHashKeys: { "1": key() }, countersHmacKey: key() };
}

let local: Promise<SecretsJson> | undefined;

/** `INTAKE_SECRETS`, parsed once: the local runtime's and the tests' secrets. */
export function localSecretsJson(): Promise<SecretsJson> {
  local ??= (async () => {
    const json = process.env[ENV.secrets];
    if (!json) throw new ConfigurationError(`The environment variable ${ENV.secrets} is not set.`);
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch {
      // JSON.parse quotes its input: the message is not passed on.
      throw new ConfigurationError("The secrets are not JSON.");
    }
    const parsed = SecretsSchema().safeParse(value);
    if (!parsed.success) throw new ConfigurationError("The secrets are not valid.");
    return parsed.data;
  })();
  return local;
}

let localSecrets: Promise<Secrets> | undefined;

function loadLocalSecrets(): Promise<Secrets> {
  localSecrets ??= localSecretsJson().then(secretsFromJson);
  return localSecrets;
}

/** The parsed secrets of the last values read, so a cached read is not parsed again. */
let parsedFrom: { pow: unknown; receipt: unknown; secrets: Secrets } | undefined;

/** Each secret's parsed value while it is fresh: one read per secret per few minutes. */
const secretCache = new Map<string, { value: Promise<unknown>; until: number }>();

export function readSecret(arn: string): Promise<unknown> {
  const cached = secretCache.get(arn);
  if (cached && cached.until > Date.now()) return cached.value;
  const value = getSecretString(arn).then((text) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      // JSON.parse's message quotes the text: it must not reach a log.
      throw new ConfigurationError("A secret of this function is not JSON.");
    }
  });
  secretCache.set(arn, { value, until: Date.now() + SECRETS_CACHE_SECONDS * 1000 });
  // A failed read is not kept: the next call tries again.
  value.catch(() => secretCache.delete(arn));
  return value;
}

async function loadAwsSecrets(powArn: string): Promise<Secrets> {
  const receiptArn = process.env[ENV.receiptKeysSecretArn];
  const [pow, receipt] = await Promise.all([
    readSecret(powArn),
    receiptArn ? readSecret(receiptArn) : undefined,
  ]);
  if (parsedFrom && parsedFrom.pow === pow && parsedFrom.receipt === receipt) {
    return parsedFrom.secrets;
  }
  // The messages name the variable, never a value of the secret.
  const powParsed = PowSecretSchema().safeParse(pow);
  if (!powParsed.success) {
    throw new ConfigurationError(`The secret that ${ENV.powSecretArn} names is not valid.`);
  }
  let receiptHashKeys: ReceiptHashKey[] = [];
  if (receiptArn) {
    const receiptParsed = ReceiptKeysSchema().safeParse(receipt);
    if (!receiptParsed.success) {
      throw new ConfigurationError(
        `The secret that ${ENV.receiptKeysSecretArn} names is not valid.`,
      );
    }
    receiptHashKeys = receiptKeysFrom(receiptParsed.data);
  }
  const secrets = { powHmacKey: powParsed.data[POW_SECRET_FIELD], receiptHashKeys };
  parsedFrom = { pow, receipt, secrets };
  return secrets;
}

/**
 * The secrets this function may read: from Secrets Manager when the stack gave it their ARNs,
 * else from `INTAKE_SECRETS` (the local runtime and the tests).
 */
export function loadSecrets(): Promise<Secrets> {
  const powArn = process.env[ENV.powSecretArn];
  return powArn ? loadAwsSecrets(powArn) : loadLocalSecrets();
}

/** The canary's secret as Secrets Manager holds it: an ops token (`intake ops token issue`). */
export const CanaryTokenSchema = /* @__PURE__ */ onFirstUse(() =>
  z.strictObject({ token: z.string().check(z.regex(/^intake_[A-Za-z0-9_-]{43}$/)) }),
);

/** The canary's ops credential, read from Secrets Manager (cached like the other secrets). */
export async function loadCanaryToken(): Promise<string> {
  const parsed = CanaryTokenSchema().safeParse(
    await readSecret(requireEnv(ENV.canaryTokenSecretArn)),
  );
  // The message names the variable, never a value of the secret.
  if (!parsed.success)
    throw new ConfigurationError(
      `The secret that ${ENV.canaryTokenSecretArn} names holds no ops token.`,
    );
  return parsed.data.token;
}
