import { beforeAll, describe, expect, it } from "vitest";
import { ENV } from "../../config/environment.ts";
import { generatedJsonField } from "../../lib/secrets.ts";
import { arnOf, logicalId, type Synthesized, synthesize } from "../helpers/synth.ts";

let synthesized: Synthesized;
beforeAll(() => {
  synthesized = synthesize();
});

const SECRETS = [
  { name: "pow", field: "hmacKey", retained: false },
  { name: "receiptKeys", field: "1", retained: true },
  { name: "origin", field: "value", retained: false },
  { name: "countersKey", field: "hmacKey", retained: true },
] as const;
/** Declared without a value: `npm run deploy` gives them their first one, once. */
const FILLED_BY_DEPLOY = ["receiptKeys", "countersKey"] as const;

const secretResource = (name: (typeof SECRETS)[number]["name"]) =>
  synthesized.template.findResources("AWS::SecretsManager::Secret")[
    logicalId(synthesized.stack.secrets[name])
  ];

describe("IntakeSecrets", () => {
  it("makes exactly four secrets, beside the canary's token (test/lib/canary.test.ts)", () => {
    synthesized.template.resourceCountIs("AWS::SecretsManager::Secret", SECRETS.length + 1);
  });

  it.each(
    SECRETS.filter((secret) => !(FILLED_BY_DEPLOY as readonly string[]).includes(secret.name)),
  )(
    '$name: generated at deploy time as {"$field": 64 letters and digits}, never in the template',
    ({ name, field }) => {
      const { Properties } = secretResource(name) ?? {};
      expect(Properties.SecretString).toBeUndefined();
      expect(Properties.GenerateSecretString).toEqual({
        SecretStringTemplate: "{}",
        GenerateStringKey: field,
        PasswordLength: 64,
        ExcludePunctuation: true,
        IncludeSpace: false,
      });
      expect(generatedJsonField(field)).toMatchObject({ generateStringKey: field });
    },
  );

  it.each([
    ["receiptKeys", "receipt hashing keys"],
    ["countersKey", "counters HMAC key"],
  ] as const)(
    "%s: declared without a value, so no template change can regenerate it",
    (name, words) => {
      // `npm run deploy` puts the first value in once (test/scripts/deploy-state.test.ts).
      const { Properties } = secretResource(name) ?? {};
      expect(Properties.SecretString).toBeUndefined();
      expect(Properties.GenerateSecretString).toBeUndefined();
      expect(Properties.Description).toContain(words);
      expect(FILLED_BY_DEPLOY).toContain(name);
    },
  );

  it.each(SECRETS)("$name: encrypted with the region's data key", ({ name }) => {
    expect(secretResource(name)?.Properties.KmsKeyId).toEqual(arnOf(synthesized.stack.tables.key));
  });

  it.each(SECRETS)("$name: kept with the data only if it reads the data", ({ name, retained }) => {
    expect(secretResource(name)?.DeletionPolicy).toBe(retained ? "Retain" : "Delete");
  });

  it("are never rotated automatically (the receipt keys must keep their versions)", () => {
    synthesized.template.resourceCountIs("AWS::SecretsManager::RotationSchedule", 0);
  });

  it("names the secrets' environment variables for the functions", () => {
    expect(ENV.powSecretArn).toBe("INTAKE_POW_SECRET_ARN");
    expect(ENV.receiptKeysSecretArn).toBe("INTAKE_RECEIPT_KEYS_SECRET_ARN");
    expect(ENV.countersKeySecretArn).toBe("INTAKE_COUNTERS_KEY_SECRET_ARN");
  });

  it("grants the origin secret to no function (CloudFront and WAF get it at deploy)", () => {
    const text = JSON.stringify(synthesized.template.findResources("AWS::IAM::Policy"));
    expect(text).not.toContain(logicalId(synthesized.stack.secrets.origin));
  });
});
