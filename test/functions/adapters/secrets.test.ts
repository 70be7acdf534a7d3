import { afterEach, describe, expect, it, vi } from "vitest";
import { ENV } from "../../../config/environment.ts";
import { withoutVariables } from "../../helpers/clean-env.ts";

// Secrets Manager is never called: the call that reads a secret's text is replaced for the whole
// file (test/functions/adapters/aws-requests.test.ts sends it over HTTP to a fake service).
vi.mock("../../../functions/adapters/aws-clients.ts", () => ({ getSecretString: vi.fn() }));

const POW_ARN = "arn:aws:secretsmanager:eu-central-1:111111111111:secret:pow-AbCdEf";
const RECEIPT_ARN = "arn:aws:secretsmanager:eu-central-1:111111111111:secret:receipt-AbCdEf";
const KEY_A = "a".repeat(64);
const KEY_B = "B1".repeat(32);
const KEY_C = "c3".repeat(32);

const VARIABLES = [ENV.secrets, ENV.powSecretArn, ENV.receiptKeysSecretArn] as const;
withoutVariables(VARIABLES);

/** A fresh copy of the module (its caches are per module instance) and the mocked call. */
async function load() {
  vi.resetModules();
  const secrets = await import("../../../functions/adapters/secrets.ts");
  // The error class of the same module instance, for instanceof.
  const { ConfigurationError } = await import("../../../config/environment.ts");
  const { getSecretString } = await import("../../../functions/adapters/aws-clients.ts");
  return { ...secrets, ConfigurationError, getSecret: vi.mocked(getSecretString) };
}

afterEach(() => {
  vi.clearAllMocks();
  vi.restoreAllMocks();
});

/** Secrets Manager's answer: the secret's JSON text. */
const answering = (values: Record<string, unknown>) => async (arn: string) =>
  JSON.stringify(values[arn]);

describe("secretsFromJson", () => {
  it("orders the receipt keys newest first and keeps each key's bytes", async () => {
    const { secretsFromJson } = await load();
    const secrets = secretsFromJson({
      powHmacKey: KEY_A,
      receiptHashKeys: { "1": KEY_A, "10": KEY_C, "2": KEY_B },
    });
    expect(secrets.powHmacKey).toBe(KEY_A);
    expect(secrets.receiptHashKeys.map((key) => key.version)).toEqual(["10", "2", "1"]);
    expect(secrets.receiptHashKeys[1]?.key).toEqual(Buffer.from(KEY_B, "utf8"));
  });
});

describe("SecretsSchema", () => {
  it("accepts what generateSecretsJson makes, and what Secrets Manager generates", async () => {
    const { SecretsSchema, generateSecretsJson } = await load();
    expect(SecretsSchema().safeParse(generateSecretsJson()).success).toBe(true);
    expect(
      SecretsSchema().safeParse({ powHmacKey: KEY_A, receiptHashKeys: { "1": KEY_B } }).success,
    ).toBe(true);
  });

  it("makes a counters key of its own, apart from every other key", async () => {
    const { generateSecretsJson } = await load();
    const made = generateSecretsJson();
    expect(made.countersHmacKey).toBeDefined();
    expect([made.powHmacKey, ...Object.values(made.receiptHashKeys)]).not.toContain(
      made.countersHmacKey,
    );
  });

  it.each([
    ["a key shorter than 32 characters", { powHmacKey: "short", receiptHashKeys: { "1": KEY_A } }],
    ["a key with a space", { powHmacKey: `${KEY_A} x`, receiptHashKeys: { "1": KEY_A } }],
    ["no receipt key", { powHmacKey: KEY_A, receiptHashKeys: {} }],
    ["a version that is not a number", { powHmacKey: KEY_A, receiptHashKeys: { v1: KEY_A } }],
    ["a version 0", { powHmacKey: KEY_A, receiptHashKeys: { "0": KEY_A } }],
    ["an unknown field", { powHmacKey: KEY_A, receiptHashKeys: { "1": KEY_A }, extra: 1 }],
    [
      "a counters key shorter than 32 characters",
      { powHmacKey: KEY_A, receiptHashKeys: { "1": KEY_A }, countersHmacKey: "short" },
    ],
  ])("refuses %s", async (_, value) => {
    const { SecretsSchema } = await load();
    expect(SecretsSchema().safeParse(value).success).toBe(false);
  });
});

describe("loadSecrets, locally", () => {
  it("reads INTAKE_SECRETS once, and never calls Secrets Manager", async () => {
    const { loadSecrets, getSecret } = await load();
    process.env[ENV.secrets] = JSON.stringify({
      powHmacKey: KEY_A,
      receiptHashKeys: { "1": KEY_B, "2": KEY_C },
    });
    const first = await loadSecrets();
    expect(first.receiptHashKeys.map((key) => key.version)).toEqual(["2", "1"]);
    expect(await loadSecrets()).toBe(first);
    expect(getSecret).not.toHaveBeenCalled();
  });

  it("refuses to start without secrets", async () => {
    const { loadSecrets, ConfigurationError } = await load();
    await expect(loadSecrets()).rejects.toThrow(ConfigurationError);
  });

  it("refuses secrets that are not valid, without quoting them", async () => {
    const { loadSecrets, ConfigurationError } = await load();
    process.env[ENV.secrets] = JSON.stringify({ powHmacKey: "tiny-secret", receiptHashKeys: {} });
    const error = await loadSecrets().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(String(error)).not.toContain("tiny-secret");
  });
});

describe("loadSecrets, on AWS", () => {
  const secretValues: Record<string, unknown> = {
    [POW_ARN]: { hmacKey: KEY_A },
    [RECEIPT_ARN]: { "1": KEY_B, "2": KEY_C },
  };

  it("reads both secrets from Secrets Manager as JSON, cached for a few minutes", async () => {
    const { loadSecrets, getSecret, SECRETS_CACHE_SECONDS } = await load();
    getSecret.mockImplementation(answering(secretValues));
    process.env[ENV.powSecretArn] = POW_ARN;
    process.env[ENV.receiptKeysSecretArn] = RECEIPT_ARN;
    // Even with local secrets present, the ARNs decide.
    process.env[ENV.secrets] = JSON.stringify({
      powHmacKey: KEY_C,
      receiptHashKeys: { "9": KEY_C },
    });

    const secrets = await loadSecrets();
    expect(secrets.powHmacKey).toBe(KEY_A);
    expect(secrets.receiptHashKeys).toEqual([
      { version: "2", key: Buffer.from(KEY_C) },
      { version: "1", key: Buffer.from(KEY_B) },
    ]);
    expect(getSecret.mock.calls).toEqual([[POW_ARN], [RECEIPT_ARN]]);
    await loadSecrets();
    expect(getSecret).toHaveBeenCalledTimes(2); // cached
    expect(SECRETS_CACHE_SECONDS).toBeGreaterThanOrEqual(60);
    expect(SECRETS_CACHE_SECONDS).toBeLessThanOrEqual(600);
  });

  it("reads again when the cache expires, so a new key version is picked up without a deploy", async () => {
    const { loadSecrets, getSecret, SECRETS_CACHE_SECONDS } = await load();
    const values: Record<string, unknown> = { ...secretValues, [RECEIPT_ARN]: { "1": KEY_B } };
    getSecret.mockImplementation(answering(values));
    process.env[ENV.powSecretArn] = POW_ARN;
    process.env[ENV.receiptKeysSecretArn] = RECEIPT_ARN;

    const start = Date.now();
    const before = await loadSecrets();
    values[RECEIPT_ARN] = { "1": KEY_B, "2": KEY_C }; // ops added version 2
    expect(await loadSecrets()).toBe(before); // within the cache: not read, not parsed again
    vi.spyOn(Date, "now").mockReturnValue(start + SECRETS_CACHE_SECONDS * 1000 + 1);
    const after = await loadSecrets();
    expect(after.receiptHashKeys.map((key) => key.version)).toEqual(["2", "1"]);
    expect(getSecret).toHaveBeenCalledTimes(4);
  });

  it("refuses a secret that is not JSON without quoting it, and reads it again next time", async () => {
    const { loadSecrets, getSecret, ConfigurationError } = await load();
    getSecret.mockResolvedValueOnce(`not json ${KEY_A}`);
    process.env[ENV.powSecretArn] = POW_ARN;
    const error = await loadSecrets().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(String(error)).not.toContain(KEY_A);
    getSecret.mockImplementation(answering(secretValues));
    expect((await loadSecrets()).powHmacKey).toBe(KEY_A);
  });

  it("gives a function without the receipt keys' ARN the proof-of-work key only", async () => {
    const { loadSecrets, getSecret } = await load();
    getSecret.mockImplementation(answering(secretValues));
    process.env[ENV.powSecretArn] = POW_ARN;

    expect(await loadSecrets()).toEqual({ powHmacKey: KEY_A, receiptHashKeys: [] });
    expect(getSecret).toHaveBeenCalledTimes(1);
    expect(getSecret).toHaveBeenCalledWith(POW_ARN);
  });

  it.each([
    ["a proof-of-work secret without hmacKey", { value: KEY_A }, { "1": KEY_B }, ENV.powSecretArn],
    [
      "a proof-of-work key that is too short",
      { hmacKey: "short" },
      { "1": KEY_B },
      ENV.powSecretArn,
    ],
    ["receipt keys without a version", { hmacKey: KEY_A }, {}, ENV.receiptKeysSecretArn],
    ["a receipt key that is too short", { hmacKey: KEY_A }, { "1": "x" }, ENV.receiptKeysSecretArn],
  ])("refuses %s, naming the variable and no value", async (_, pow, receipt, variable) => {
    const { loadSecrets, getSecret, ConfigurationError } = await load();
    getSecret.mockImplementation(answering({ [POW_ARN]: pow, [RECEIPT_ARN]: receipt }));
    process.env[ENV.powSecretArn] = POW_ARN;
    process.env[ENV.receiptKeysSecretArn] = RECEIPT_ARN;

    const error = await loadSecrets().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(String(error)).toContain(variable);
    expect(String(error)).not.toContain(KEY_A);
    expect(String(error)).not.toContain("short");
  });

  it("passes a failure of Secrets Manager on, for the handler to answer 500", async () => {
    const { loadSecrets, getSecret } = await load();
    getSecret.mockRejectedValue(new Error("AccessDeniedException"));
    process.env[ENV.powSecretArn] = POW_ARN;
    await expect(loadSecrets()).rejects.toThrow("AccessDeniedException");
  });
});
