import { beforeAll, describe, expect, it } from "vitest";
import { NEVER_AN_ACCOUNT, SAMPLE_RULE_ID, sampleRefusal } from "../../lib/deploy-guard.ts";
import { aRegion } from "../helpers/region-factory.ts";
import { type Synthesized, synthesize } from "../helpers/synth.ts";

let sample: Synthesized;
let real: Synthesized;
beforeAll(() => {
  sample = synthesize();
  real = synthesize(aRegion([], { id: "real" }));
});

describe("a sample region's stacks", () => {
  it.each(["template", "edgeTemplate", "edgeAlarmsTemplate"] as const)(
    "%s: refuse every create and update with a rule whose assertion is false",
    (which) => {
      const rules = sample[which].toJSON().Rules;
      expect(rules[SAMPLE_RULE_ID]).toEqual({
        Assertions: [
          {
            Assert: { "Fn::Equals": [{ Ref: "AWS::AccountId" }, NEVER_AN_ACCOUNT] },
            AssertDescription: sampleRefusal("nl-sample"),
          },
        ],
      });
      // No condition: the rule always applies.
      expect(rules[SAMPLE_RULE_ID].RuleCondition).toBeUndefined();
    },
  );

  it("compare the account with a value no AWS account id can have", () => {
    expect(NEVER_AN_ACCOUNT).not.toMatch(/^\d{12}$/);
    expect(sampleRefusal("nl-sample")).toContain("private keys are public");
  });

  it("are not termination-protected (they are never deployed)", () => {
    expect(sample.stack.terminationProtection).toBe(false);
  });
});

describe("a real region's stacks", () => {
  it.each(["template", "edgeTemplate", "edgeAlarmsTemplate"] as const)(
    "%s: have no refusing rule",
    (which) => {
      expect(real[which].toJSON().Rules?.[SAMPLE_RULE_ID]).toBeUndefined();
    },
  );

  it("are protected from termination", () => {
    expect(real.stack.terminationProtection).toBe(true);
    expect(real.edge.terminationProtection).toBe(true);
    expect(real.edgeAlarms.terminationProtection).toBe(true);
  });
});
