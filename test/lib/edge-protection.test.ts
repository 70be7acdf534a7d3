import { beforeAll, describe, expect, it } from "vitest";
import type { Region } from "../../domain/region.ts";
import { issueChallenge, solveChallenge } from "../../functions/adapters/proof-of-work.ts";
import {
  BODY_INSPECTION_LIMIT,
  commonRulesMode,
  ORGANISATION_REQUESTS_PER_WINDOW,
  PROOF_FIELD_PATTERN,
  RATE_WINDOW_SECONDS,
  REPORT_POSTS_PER_WINDOW,
  REQUESTS_PER_WINDOW,
  STATUS_POSTS_PER_WINDOW,
  UNPROVEN_POSTS_PER_WINDOW,
} from "../../lib/edge-protection.ts";
import { ORGANISATION_PATHS, REPORTS_PATH, STATUS_PATH } from "../../lib/intake-api.ts";
import { type Synthesized, sampleRegion, synthesize } from "../helpers/synth.ts";

let synthesized: Synthesized;
beforeAll(() => {
  synthesized = synthesize();
});

interface Rule {
  Name: string;
  Priority: number;
  Action?: Record<string, unknown>;
  OverrideAction?: Record<string, unknown>;
  // biome-ignore lint/suspicious/noExplicitAny: WAF statements nest deeply; the tests read them as JSON
  Statement: Record<string, any>;
  VisibilityConfig: { SampledRequestsEnabled: boolean; CloudWatchMetricsEnabled: boolean };
}

const webAcl = () => {
  const acls = Object.values(synthesized.edgeTemplate.findResources("AWS::WAFv2::WebACL"));
  expect(acls).toHaveLength(1);
  return acls[0]?.Properties;
};
const rule = (name: string): Rule => {
  const found = (webAcl().Rules as Rule[]).find((candidate) => candidate.Name === name);
  if (!found) throw new Error(`No rule ${name}`);
  return found;
};

/** The rule's test of a urlencoded body as WAF runs it (the pattern means the same in JS). */
const hasProof = (body: string) => new RegExp(PROOF_FIELD_PATTERN).test(body);

/** A solved proof of a real challenge, in a form post as a client would encode it. */
let solved: string;
beforeAll(async () => {
  const challenge = await issueChallenge("a key", Date.now());
  solved = new URLSearchParams({ proof: solveChallenge(challenge) }).toString();
});

describe("the edge stack", () => {
  it("is in us-east-1, and holds the CLOUDFRONT web ACL and nothing of a report", () => {
    const { edge, edgeTemplate } = synthesized;
    expect(edge.region).toBe("us-east-1");
    expect(webAcl().Scope).toBe("CLOUDFRONT");
    const types = new Set(
      Object.values(edgeTemplate.toJSON().Resources as Record<string, { Type: string }>).map(
        (resource) => resource.Type,
      ),
    );
    for (const type of types) {
      expect(type).toMatch(
        /^(AWS::WAFv2::WebACL|AWS::WAFv2::LoggingConfiguration|AWS::Logs::LogGroup|Custom::CrossRegionExportWriter|AWS::IAM::Role|AWS::Lambda::Function)$/,
      );
    }
  });
});

describe("EdgeProtection: the CLOUDFRONT web ACL", () => {
  it("allows by default, in the order: unproven form posts, report posts, status posts, organisations' requests, requests, managed rules", () => {
    expect(webAcl().DefaultAction).toEqual({ Allow: {} });
    expect(
      (webAcl().Rules as Rule[]).map((candidate) => [candidate.Priority, candidate.Name]),
    ).toEqual([
      [0, "unproven-form-posts"],
      [1, "report-posts"],
      [2, "status-posts"],
      [3, "organisation-requests"],
      [4, "requests"],
      [5, "aws-common"],
    ]);
  });

  it("runs the AWS common rule set, with its 8 KB body-size rule only counting", () => {
    const common = rule("aws-common");
    expect(common.OverrideAction).toEqual({ None: {} });
    expect(common.Statement.ManagedRuleGroupStatement).toEqual({
      VendorName: "AWS",
      Name: "AWSManagedRulesCommonRuleSet",
      RuleActionOverrides: [{ Name: "SizeRestrictions_BODY", ActionToUse: { Count: {} } }],
    });
  });

  it("inspects bodies up to 64 KB, so a proof after a long narrative is still seen", () => {
    expect(webAcl().AssociationConfig).toEqual({
      RequestBody: { CLOUDFRONT: { DefaultSizeInspectionLimit: BODY_INSPECTION_LIMIT } },
    });
    // 4,000 Arabic characters, two UTF-8 bytes each, each byte urlencoded as %XX.
    const narrative = encodeURIComponent("ع".repeat(4000));
    expect(narrative.length).toBeGreaterThan(8 * 1024);
    expect(narrative.length).toBeLessThan(64 * 1024);
  });

  it.each([
    ["unproven-form-posts", UNPROVEN_POSTS_PER_WINDOW],
    ["report-posts", REPORT_POSTS_PER_WINDOW],
    ["status-posts", STATUS_POSTS_PER_WINDOW],
    ["organisation-requests", ORGANISATION_REQUESTS_PER_WINDOW],
    ["requests", REQUESTS_PER_WINDOW],
  ] as const)("%s: limits each viewer address, answering 429", (name, limit) => {
    const found = rule(name);
    expect(found.Action).toEqual({ Block: { CustomResponse: { ResponseCode: 429 } } });
    expect(found.Statement.RateBasedStatement).toMatchObject({
      AggregateKeyType: "IP",
      Limit: limit,
      EvaluationWindowSec: RATE_WINDOW_SECONDS,
    });
  });

  it("holds posts without a proof to the tighter limit", () => {
    expect(UNPROVEN_POSTS_PER_WINDOW).toBeLessThan(REPORT_POSTS_PER_WINDOW);
    expect(REPORT_POSTS_PER_WINDOW).toBeLessThan(REQUESTS_PER_WINDOW);
  });

  it("holds the person's status to fewer posts than all requests, and above a person's few", () => {
    expect(STATUS_POSTS_PER_WINDOW).toBeLessThan(REQUESTS_PER_WINDOW);
    // WAF's smallest rate limit is 10; a person looks, chooses a PIN, replies, checks in.
    expect(STATUS_POSTS_PER_WINDOW).toBeGreaterThanOrEqual(10);
    // A token's own limit is 120 a minute, 600 a window: an office shares one address.
    expect(ORGANISATION_REQUESTS_PER_WINDOW).toBeGreaterThan(600);
    expect(ORGANISATION_REQUESTS_PER_WINDOW).toBeLessThan(REQUESTS_PER_WINDOW);
  });

  /** A path statement as the rules build it: decoded, normalised and lower-cased first. */
  const startsWith = (prefix: string) => ({
    ByteMatchStatement: {
      FieldToMatch: { UriPath: {} },
      PositionalConstraint: "STARTS_WITH",
      SearchString: prefix,
      TextTransformations: [
        { Priority: 0, Type: "URL_DECODE" },
        { Priority: 1, Type: "NORMALIZE_PATH" },
        { Priority: 2, Type: "LOWERCASE" },
      ],
    },
  });

  it("counts as a status post: POST to /api/v1/status or any step below it, however spelt", () => {
    const [method, path] =
      rule("status-posts").Statement.RateBasedStatement.ScopeDownStatement.AndStatement.Statements;
    expect(method.ByteMatchStatement).toMatchObject({
      FieldToMatch: { Method: {} },
      PositionalConstraint: "EXACTLY",
      SearchString: "POST",
    });
    expect(path).toEqual(startsWith(STATUS_PATH));
    expect(STATUS_PATH).toBe("/api/v1/status");
  });

  it("counts as an organisations' request: any method below /api/v1/org/ or /api/v1/ops/", () => {
    const scope = rule("organisation-requests").Statement.RateBasedStatement.ScopeDownStatement;
    expect(scope.OrStatement.Statements).toEqual(
      ORGANISATION_PATHS.map((prefix) => startsWith(`${prefix}/`)),
    );
  });

  it("counts as unproven: POST to /api/v1/reports, urlencoded, with no well-formed proof field", () => {
    const [method, path, contentType, noProof] =
      rule("unproven-form-posts").Statement.RateBasedStatement.ScopeDownStatement.AndStatement
        .Statements;
    expect(method.ByteMatchStatement).toMatchObject({
      FieldToMatch: { Method: {} },
      PositionalConstraint: "EXACTLY",
      SearchString: "POST",
    });
    expect(path.ByteMatchStatement).toMatchObject({
      FieldToMatch: { UriPath: {} },
      PositionalConstraint: "EXACTLY",
      SearchString: REPORTS_PATH,
    });
    expect(contentType.ByteMatchStatement).toMatchObject({
      FieldToMatch: { SingleHeader: { Name: "content-type" } },
      PositionalConstraint: "STARTS_WITH",
      SearchString: "application/x-www-form-urlencoded",
      TextTransformations: [{ Priority: 0, Type: "LOWERCASE" }],
    });
    expect(noProof.NotStatement.Statement.RegexMatchStatement).toMatchObject({
      FieldToMatch: { Body: { OversizeHandling: "NO_MATCH" } },
      RegexString: PROOF_FIELD_PATTERN,
    });
  });

  it.each([
    ["a solved proof first", (proof: string) => `${proof}&locale=nl`, true],
    [
      "a solved proof after the narrative",
      (proof: string) => `locale=nl&narrative=x%20y&${proof}`,
      true,
    ],
    ["a proof shaped like one, not solved", () => "proof=eyJhbGc%3D&locale=nl", true],
    ["an empty proof field (no JavaScript)", () => "locale=nl&proof=&narrative=x", false],
    ["no proof field", () => "locale=nl&narrative=x", false],
    ["a made-up proof", () => "locale=nl&proof=x&narrative=y", false],
    ["a proof that is not base64 JSON", () => "proof=bm90IEpTT04&locale=nl", false],
    ["a proof with a raw +, read as a space", () => "proof=eyJh+bGc&locale=nl", false],
    ["a proof after its field ended", () => "locale=nl&narrative=proof=eyJhbGc", false],
    ["a field that only ends in proof", () => "locale=nl&noproof=eyJhbGc", false],
  ])("reads %s as well-formed: %s", (_, body, wellFormed) => {
    expect(hasProof(body(solved))).toBe(wellFormed);
  });

  it("writes the pattern in what WAF's PCRE takes: no capturing group, no counted repeat", () => {
    expect(PROOF_FIELD_PATTERN).not.toMatch(/\((?!\?:)/);
    expect(PROOF_FIELD_PATTERN).not.toMatch(/\{\d/);
  });

  it("samples what its rules block or count, and never a request let through by default", () => {
    expect(webAcl().VisibilityConfig).toEqual({
      SampledRequestsEnabled: false,
      CloudWatchMetricsEnabled: true,
      MetricName: synthesized.edge.protection.metricName,
    });
    for (const candidate of webAcl().Rules as Rule[]) {
      expect(candidate.VisibilityConfig).toMatchObject({
        SampledRequestsEnabled: true,
        CloudWatchMetricsEnabled: true,
      });
    }
  });

  it("keeps no sampled requests of the API's own web ACL (only calls that skipped CloudFront)", () => {
    synthesized.template.resourceCountIs("AWS::WAFv2::LoggingConfiguration", 0);
    for (const acl of Object.values(synthesized.template.findResources("AWS::WAFv2::WebACL"))) {
      for (const config of [
        acl.Properties.VisibilityConfig,
        ...(acl.Properties.Rules as Rule[]).map((candidate) => candidate.VisibilityConfig),
      ]) {
        expect(config.SampledRequestsEnabled).toBe(false);
      }
    }
  });
});

describe("the AWS common rule set's soak period (edge.commonRulesCountUntil)", () => {
  const UNTIL = "2026-12-20";
  const soaking = { ...sampleRegion(), edge: { commonRulesCountUntil: UNTIL } };
  const overrideAt = (region: Region, now: string) => {
    const acls = synthesize(region, { now: new Date(now) }).edgeTemplate.findResources(
      "AWS::WAFv2::WebACL",
    );
    const rules = Object.values(acls)[0]?.Properties.Rules as Rule[];
    return rules.find((candidate) => candidate.Name === "aws-common")?.OverrideAction;
  };

  it.each([
    ["a region without a soak period", false, "2026-12-01T12:00:00Z", { None: {} }],
    ["before the date", true, "2026-12-01T12:00:00Z", { Count: {} }],
    ["the last moment before the date (UTC)", true, "2026-12-19T23:59:59Z", { Count: {} }],
    ["on the date", true, "2026-12-20T00:00:00Z", { None: {} }],
    ["after the date", true, "2027-01-10T00:00:00Z", { None: {} }],
  ])("%s: the synthesized rule set has override action %j", (_, soak, now, expected) => {
    expect(overrideAt(soak ? soaking : sampleRegion(), now)).toEqual(expected);
  });

  it.each([
    ["2026-12-19T23:59:59Z", "count"],
    ["2026-12-20T00:00:00Z", "block"],
  ] as const)("commonRulesMode at %s: %s", (now, mode) => {
    expect(commonRulesMode(soaking, new Date(now))).toBe(mode);
    expect(commonRulesMode(sampleRegion(), new Date(now))).toBe("block");
  });
});
