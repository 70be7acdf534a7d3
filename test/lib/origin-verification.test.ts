import { beforeAll, describe, expect, it } from "vitest";
import { ORIGIN_HEADER } from "../../config/resources.ts";
import { logicalId, ref, referencedIds, type Synthesized, synthesize } from "../helpers/synth.ts";

let synthesized: Synthesized;
let rotating: Synthesized;
beforeAll(() => {
  synthesized = synthesize();
  rotating = synthesize(undefined, { originSecretRotation: "2026-05-04" });
});

const regionalAcl = (of: Synthesized) =>
  of.template.findResources("AWS::WAFv2::WebACL")[logicalId(of.stack.originVerification.webAcl)]
    ?.Properties;

const reference = (of: Synthesized, stage = "") => ({
  "Fn::Join": [
    "",
    ["{{resolve:secretsmanager:", ref(of.stack.secrets.origin), `:SecretString:value:${stage}:}}`],
  ],
});

const headerMatch = (value: unknown) => ({
  ByteMatchStatement: {
    FieldToMatch: { SingleHeader: { Name: ORIGIN_HEADER } },
    PositionalConstraint: "EXACTLY",
    SearchString: value,
    TextTransformations: [{ Priority: 0, Type: "NONE" }],
  },
});

describe("OriginVerification", () => {
  it("is a REGIONAL web ACL that blocks by default and lets in the origin header only", () => {
    const acl = regionalAcl(synthesized);
    expect(acl).toMatchObject({ Scope: "REGIONAL", DefaultAction: { Block: {} } });
    expect(acl.Rules).toEqual([
      expect.objectContaining({
        Name: "came-through-cloudfront",
        Priority: 0,
        Action: { Allow: {} },
        Statement: headerMatch(reference(synthesized)),
      }),
    ]);
  });

  it("checks the very header CloudFront sends, with the same secret", () => {
    const [distribution] = Object.values(
      synthesized.template.findResources("AWS::CloudFront::Distribution"),
    );
    const sent = JSON.stringify(distribution?.Properties.DistributionConfig.Origins);
    expect(sent).toContain(
      JSON.stringify({ HeaderName: ORIGIN_HEADER, HeaderValue: reference(synthesized) }),
    );
  });

  it("guards the API's stage, once the stage exists", () => {
    const { template, stack } = synthesized;
    const [association] = Object.values(template.findResources("AWS::WAFv2::WebACLAssociation"));
    expect(referencedIds(association?.Properties.WebACLArn)).toEqual(
      new Set([logicalId(stack.originVerification.webAcl)]),
    );
    expect(JSON.stringify(association?.Properties.ResourceArn)).toContain(
      logicalId(stack.api.restApi),
    );
    expect(JSON.stringify(association?.Properties.ResourceArn)).toContain("/stages/");
    expect(association?.DependsOn).toContain(logicalId(stack.api.restApi.deploymentStage));
  });

  it("during a rotation also lets the previous value in, and CloudFront takes the new one", () => {
    const acl = regionalAcl(rotating);
    expect(acl.Rules[0].Statement).toEqual({
      OrStatement: {
        Statements: [
          headerMatch(reference(rotating)),
          headerMatch(reference(rotating, "AWSPREVIOUS")),
        ],
      },
    });
    const [distribution] = Object.values(
      rotating.template.findResources("AWS::CloudFront::Distribution"),
    );
    expect(distribution?.Properties.DistributionConfig.Comment).toBe(
      "intake nl-sample (origin secret rotation 2026-05-04)",
    );
  });

  it("changes the edges only after the API's web ACL accepts the new value", () => {
    const { template, stack } = synthesized;
    const distribution = template.findResources("AWS::CloudFront::Distribution")[
      logicalId(stack.web.distribution)
    ];
    expect(distribution?.DependsOn).toContain(logicalId(stack.originVerification.association));
  });
});
