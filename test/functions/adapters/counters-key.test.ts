/**
 * The monitor's counters key: its own secret on AWS (and no other), `countersHmacKey` locally,
 * and for a local data folder made before it, the key its markers were made with.
 */
import { createHmac } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ENV } from "../../../config/environment.ts";
import { withoutVariables } from "../../helpers/clean-env.ts";

// Secrets Manager is never called: the call that reads a secret's text is replaced for the whole
// file (test/functions/adapters/aws-requests.test.ts sends it over HTTP to a fake service).
vi.mock("../../../functions/adapters/aws-clients.ts", () => ({ getSecretString: vi.fn() }));

const COUNTERS_ARN = "arn:aws:secretsmanager:eu-central-1:111111111111:secret:counters-AbCdEf";
const KEY_A = "a".repeat(64);
const KEY_B = "B1".repeat(32);
const KEY_C = "c3".repeat(32);

const VARIABLES = [
  ENV.secrets,
  ENV.powSecretArn,
  ENV.receiptKeysSecretArn,
  ENV.countersKeySecretArn,
] as const;
withoutVariables(VARIABLES);

/** What the markers are keyed with, for a key. */
const markersKeyOf = (key: string) =>
  createHmac("sha256", Buffer.from(key, "utf8")).update("intake monitor events v1").digest();

/** A fresh copy of the modules (their caches are per module instance) and the mocked call. */
async function load() {
  vi.resetModules();
  const { countersMarkersKey } = await import("../../../functions/adapters/counters-key.ts");
  const { ConfigurationError } = await import("../../../config/environment.ts");
  const { getSecretString } = await import("../../../functions/adapters/aws-clients.ts");
  return { countersMarkersKey, ConfigurationError, getSecret: vi.mocked(getSecretString) };
}

afterEach(() => {
  vi.clearAllMocks();
});

describe("countersMarkersKey, locally", () => {
  it("keys the markers with countersHmacKey, not with a receipt key", async () => {
    const { countersMarkersKey, getSecret } = await load();
    process.env[ENV.secrets] = JSON.stringify({
      powHmacKey: KEY_A,
      receiptHashKeys: { "1": KEY_B },
      countersHmacKey: KEY_C,
    });
    const key = await countersMarkersKey();
    expect(key).toEqual(markersKeyOf(KEY_C));
    expect(key).not.toEqual(markersKeyOf(KEY_B));
    expect(getSecret).not.toHaveBeenCalled();
  });

  it("keys a data folder made before the counters key as its markers were: the oldest receipt key", async () => {
    const { countersMarkersKey } = await load();
    process.env[ENV.secrets] = JSON.stringify({
      powHmacKey: KEY_A,
      receiptHashKeys: { "2": KEY_C, "1": KEY_B },
    });
    expect(await countersMarkersKey()).toEqual(markersKeyOf(KEY_B));
  });

  it("says which variable is missing when there are no secrets at all", async () => {
    const { countersMarkersKey, ConfigurationError } = await load();
    await expect(countersMarkersKey()).rejects.toThrow(ConfigurationError);
    await expect(countersMarkersKey()).rejects.toThrow(ENV.secrets);
  });
});

describe("countersMarkersKey, on AWS", () => {
  it("reads the counters key's secret alone, cached as the other secrets", async () => {
    const { countersMarkersKey, getSecret } = await load();
    process.env[ENV.countersKeySecretArn] = COUNTERS_ARN;
    getSecret.mockResolvedValue(JSON.stringify({ hmacKey: KEY_C }));
    expect(await countersMarkersKey()).toEqual(markersKeyOf(KEY_C));
    expect(await countersMarkersKey()).toEqual(markersKeyOf(KEY_C));
    expect(getSecret.mock.calls).toEqual([[COUNTERS_ARN]]);
  });

  it.each([
    ["a key shorter than 32 characters", { hmacKey: "short" }],
    ["another field", { value: KEY_C }],
    ["a receipt keys' shape", { "1": KEY_C }],
    ["no JSON object", "plain"],
  ])("refuses %s, naming the variable and never the value", async (_, value) => {
    const { countersMarkersKey, getSecret, ConfigurationError } = await load();
    process.env[ENV.countersKeySecretArn] = COUNTERS_ARN;
    getSecret.mockResolvedValue(JSON.stringify(value));
    const error = await countersMarkersKey().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain(ENV.countersKeySecretArn);
    expect((error as Error).message).not.toContain(KEY_C);
  });

  it("passes Secrets Manager's refusal on (a function without the grant)", async () => {
    const { countersMarkersKey, getSecret } = await load();
    process.env[ENV.countersKeySecretArn] = COUNTERS_ARN;
    getSecret.mockRejectedValue(new Error("AccessDeniedException"));
    await expect(countersMarkersKey()).rejects.toThrow("AccessDeniedException");
  });
});
