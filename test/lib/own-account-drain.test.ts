/**
 * Taking an organisation's own-account access back, in two deploys (docs/deploy.md, section 8):
 * `awsAccountDraining` first (the queues leave the key, the key and the account's access stay
 * for what was sent under it), then the region file without `awsAccountId` (the key goes).
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Region } from "../../domain/region.ts";
import { anOrganisation, aRegion } from "../helpers/region-factory.ts";
import {
  logicalId,
  referencedIds,
  roleOf,
  type Synthesized,
  statementsOfRole,
  synthesize,
} from "../helpers/synth.ts";

const ORG_ACCOUNT = "123456789012";
const regionWith = (organisation: Record<string, unknown>): Region =>
  aRegion([anOrganisation("ngo", organisation), anOrganisation("other", {})], { id: "drain" });

const stages = {
  granted: regionWith({ awsAccountId: ORG_ACCOUNT }),
  draining: regionWith({ awsAccountId: ORG_ACCOUNT, awsAccountDraining: true }),
  taken: regionWith({}),
};
const synthesized = {} as Record<keyof typeof stages, Synthesized>;
beforeAll(() => {
  for (const [stage, region] of Object.entries(stages))
    synthesized[stage as keyof typeof stages] = synthesize(region);
}, 120_000);

const queueOf = (stage: keyof typeof stages) => {
  const found = synthesized[stage].stack.routing.deliveryQueueOf("ngo");
  return { ...found, ids: [logicalId(found.queue), logicalId(found.deadLetterQueue)] };
};
const resources = (stage: keyof typeof stages, type: string) =>
  synthesized[stage].template.findResources(type);
/** The statements of a resource policy that name the organisation's account. */
const namingAccount = (policy: { Statement: { Principal?: unknown }[] }) =>
  policy.Statement.filter((statement) => JSON.stringify(statement.Principal).includes(ORG_ACCOUNT));

describe("taking own-account access back: while draining", () => {
  it("puts the queue and its dead-letter queue on SQS-managed encryption: no new envelope needs the key", () => {
    const queues = resources("draining", "AWS::SQS::Queue");
    for (const id of queueOf("draining").ids) {
      expect(queues[id]?.Properties.SqsManagedSseEnabled).toBe(true);
      expect(queues[id]?.Properties.KmsMasterKeyId).toBeUndefined();
    }
  });

  it("keeps the very key the earlier envelopes were sent under, with its deletion window", () => {
    const before = queueOf("granted").key;
    const during = queueOf("draining").key;
    if (!before || !during) throw new Error("no key");
    expect(logicalId(during)).toBe(logicalId(before));
    expect(resources("draining", "AWS::KMS::Key")[logicalId(during)]).toEqual(
      resources("granted", "AWS::KMS::Key")[logicalId(before)],
    );
  });

  it("lets the account still read the queue and decrypt with the key, as before", () => {
    const keyId = logicalId(queueOf("draining").key ?? queueOf("draining").queue);
    const keyPolicy = (stage: keyof typeof stages) =>
      namingAccount(resources(stage, "AWS::KMS::Key")[keyId]?.Properties.KeyPolicy);
    expect(keyPolicy("draining")).toEqual(keyPolicy("granted"));
    expect(keyPolicy("draining")).toHaveLength(1);
    const queuePolicies = (stage: keyof typeof stages) =>
      Object.values(resources(stage, "AWS::SQS::QueuePolicy")).flatMap((policy) =>
        namingAccount(policy.Properties.PolicyDocument),
      );
    expect(queuePolicies("draining")).toEqual(queuePolicies("granted"));
    expect(queuePolicies("draining")).toHaveLength(1);
  });

  it("gives the senders no use of the key any more: they send under SQS-managed encryption", () => {
    const key = queueOf("draining").key;
    if (!key) throw new Error("no key");
    const { stack, template } = synthesized.draining;
    for (const sender of [stack.routing.router, stack.api.status, stack.api.organisations]) {
      const onKey = statementsOfRole(template, roleOf(sender.function)).filter((statement) =>
        referencedIds(statement.Resource).has(logicalId(key)),
      );
      expect(onKey).toEqual([]);
    }
  });

  it("still names the key in the outputs, as draining", () => {
    const output = synthesized.draining.template.toJSON().Outputs.DeliveryKeyNgo;
    expect(output?.Description).toContain("draining");
  });
});

describe("taking own-account access back: the deploy after the drain", () => {
  it("keeps the queues, by the same ids, and removes the key and every mention of the account", () => {
    expect(queueOf("taken").ids).toEqual(queueOf("draining").ids);
    expect(queueOf("taken").key).toBeUndefined();
    expect(Object.keys(resources("taken", "AWS::KMS::Key"))).not.toContain(
      logicalId(queueOf("draining").key ?? queueOf("draining").queue),
    );
    expect(JSON.stringify(synthesized.taken.template.toJSON())).not.toContain(ORG_ACCOUNT);
  });
});
