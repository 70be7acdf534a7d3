/**
 * The web ACL in front of CloudFront (scope CLOUDFRONT, which AWS accepts in us-east-1 only: it
 * lives in the region's small edge stack, lib/edge-stack.ts). In priority order:
 *
 * 0. `unproven-form-posts`: a form post without a well-formed proof of work (a POST to
 *    /api/v1/reports, urlencoded, whose body has no `proof=` field shaped like a solved
 *    challenge, PROOF_FIELD_PATTERN: the form without JavaScript, contract section 2b) is held
 *    to UNPROVEN_POSTS_PER_WINDOW per viewer address. The intake accepts such a post only when
 *    it has no proof at all (unproven: no SMS alert); a proof that is present but not valid or
 *    already used is refused there (400 `invalid_proof`), well-formed or not. So every report
 *    that is taken in either paid its proof of work or came under this limit;
 * 1. `report-posts`: any POST to /api/v1/reports, REPORT_POSTS_PER_WINDOW per viewer address;
 * 2. `status-posts`: any POST to /api/v1/status or below it (the person coming back with a
 *    receipt, and its steps), STATUS_POSTS_PER_WINDOW per viewer address: whoever guesses
 *    receipts does it here, and the function holds its own limit per keyed address behind it;
 * 3. `organisation-requests`: any request to the organisations' API (/api/v1/org/ and
 *    /api/v1/ops/), ORGANISATION_REQUESTS_PER_WINDOW per viewer address: each call reaches the
 *    function and DynamoDB, token or not; above the five minutes' worth of one token's own
 *    limit (120 a minute), since an organisation's staff share their office's address;
 * 4. `requests`: every request, REQUESTS_PER_WINDOW per viewer address;
 * 5. `aws-common`: the AWS managed common rule set, with its body-size rule
 *    (`SizeRestrictions_BODY`, 8 KB) set to count: a 4,000-character Arabic narrative is more
 *    than 8 KB, and about 24 KB urlencoded. The API refuses bodies over 64 KiB itself (413).
 *    During a region's soak period (`edge.commonRulesCountUntil` in its region file) the whole
 *    rule set only counts (override action count): its first weeks show, in the rule's metrics,
 *    sampled requests and the WAF log (lib/waf-logging.ts), which people's requests it would
 *    refuse, before it refuses any. The mode is decided when the template is synthesized.
 *
 * The rate rules answer 429. Limits count per viewer address over a window of RATE_WINDOW
 * seconds; many people can share one address (carrier-grade NAT on mobile networks, a shelter's
 * Wi-Fi), so the limits are generous: they stop floods, not people.
 *
 * Defaults, each explicit below: default action allow; the body is inspected up to 64 KB
 * (the API's own limit), so a proof placed after a long narrative is still seen; CloudWatch
 * metrics on (counts); sampled requests on for the rules (what they blocked or counted, kept by
 * AWS for three hours: what ops need to tell a flood from people refused by mistake) and off for
 * the web ACL's default action (every other request, the people's ordinary ones).
 */
import { CfnWebACL } from "aws-cdk-lib/aws-wafv2";
import { Construct } from "constructs";
import type { Region } from "../domain/region.ts";
import { ORGANISATION_PATHS, REPORTS_PATH, STATUS_PATH } from "./intake-api.ts";
import { visibility } from "./origin-verification.ts";

/** Seconds over which each rate rule counts a viewer address's requests. */
export const RATE_WINDOW_SECONDS = 300;
/** Form posts without a proof, per address and window: ten (WAF's smallest limit). */
export const UNPROVEN_POSTS_PER_WINDOW = 10;
/** Report posts of any kind, per address and window. */
export const REPORT_POSTS_PER_WINDOW = 100;
/**
 * Posts to the person's status and its steps, per address and window: a person looks once and
 * takes a step or two; a hundred leaves room for a shelter's Wi-Fi, and none for guessing.
 */
export const STATUS_POSTS_PER_WINDOW = 100;
/** Requests to the organisations' API, per address and window (a token's own: 600). */
export const ORGANISATION_REQUESTS_PER_WINDOW = 1000;
/** Requests of any kind (pages, assets, challenges, reports), per address and window. */
export const REQUESTS_PER_WINDOW = 2000;
/**
 * A well-formed proof in a urlencoded body: a `proof` field that is the base64 of a JSON object
 * (`{"` encodes as `eyJ`), base64's letters, digits, `/`, `=` and percent-escapes (`+` is `%2B`)
 * up to the field's end. Only what WAF's PCRE supports: no capturing group, no counted repeat.
 */
export const PROOF_FIELD_PATTERN = "(?:^|&)proof=eyJ[A-Za-z0-9%/=]+(?:&|$)";
/** What the managed common rule set may only count, never block. */
export const COUNTED_MANAGED_RULES = ["SizeRestrictions_BODY"] as const;
/** The web ACL inspects the body up to this (a report body is at most 64 KiB). */
export const BODY_INSPECTION_LIMIT = "KB_64";

const TOO_MANY = { block: { customResponse: { responseCode: 429 } } };

const isPost: CfnWebACL.StatementProperty = {
  byteMatchStatement: {
    fieldToMatch: { method: {} },
    positionalConstraint: "EXACTLY",
    searchString: "POST",
    textTransformations: [{ priority: 0, type: "NONE" }],
  },
};

const reportPosts: CfnWebACL.StatementProperty[] = [
  isPost,
  {
    byteMatchStatement: {
      fieldToMatch: { uriPath: {} },
      positionalConstraint: "EXACTLY",
      searchString: REPORTS_PATH,
      textTransformations: [{ priority: 0, type: "NONE" }],
    },
  },
];

/**
 * A path as API Gateway reads it, whatever way a client spells it: percent-decoded, with
 * `//`, `./` and `../` resolved, in lower case (which can only count more requests, never fewer).
 */
const PATH_TRANSFORMATIONS = [
  { priority: 0, type: "URL_DECODE" },
  { priority: 1, type: "NORMALIZE_PATH" },
  { priority: 2, type: "LOWERCASE" },
];

const pathStartsWith = (prefix: string): CfnWebACL.StatementProperty => ({
  byteMatchStatement: {
    fieldToMatch: { uriPath: {} },
    positionalConstraint: "STARTS_WITH",
    searchString: prefix,
    textTransformations: PATH_TRANSFORMATIONS,
  },
});

/** POST /api/v1/status and every step below it (`/api/v1/status/pin`, …). */
const statusPosts: CfnWebACL.StatementProperty = {
  andStatement: { statements: [isPost, pathStartsWith(STATUS_PATH)] },
};

/** Any request below /api/v1/org/ or /api/v1/ops/. */
const organisationRequests: CfnWebACL.StatementProperty = {
  orStatement: { statements: ORGANISATION_PATHS.map((path) => pathStartsWith(`${path}/`)) },
};

const unprovenFormPosts: CfnWebACL.StatementProperty = {
  andStatement: {
    statements: [
      ...reportPosts,
      {
        byteMatchStatement: {
          fieldToMatch: { singleHeader: { Name: "content-type" } },
          positionalConstraint: "STARTS_WITH",
          searchString: "application/x-www-form-urlencoded",
          textTransformations: [{ priority: 0, type: "LOWERCASE" }],
        },
      },
      {
        notStatement: {
          statement: {
            regexMatchStatement: {
              // A body beyond the inspection limit is over the API's own limit anyway.
              fieldToMatch: { body: { oversizeHandling: "NO_MATCH" } },
              regexString: PROOF_FIELD_PATTERN,
              textTransformations: [{ priority: 0, type: "NONE" }],
            },
          },
        },
      },
    ],
  },
};

/** What the AWS common rule set does with a request it matches. */
export type CommonRulesMode = "count" | "block";

/**
 * `count` while the region's soak period runs (before `edge.commonRulesCountUntil`, UTC), else
 * `block`.
 */
export function commonRulesMode(region: Region, now: Date): CommonRulesMode {
  const until = region.edge?.commonRulesCountUntil;
  if (until === undefined) return "block";
  return now.getTime() < Date.parse(`${until}T00:00:00Z`) ? "count" : "block";
}

export interface EdgeProtectionProps {
  regionId: string;
  commonRules: CommonRulesMode;
}

export class EdgeProtection extends Construct {
  readonly webAcl: CfnWebACL;
  /** The web ACL's CloudWatch metric name (its name too), and its rules' metric names. */
  readonly metricName: string;
  readonly ruleMetricNames: string[];

  constructor(scope: Construct, id: string, props: EdgeProtectionProps) {
    super(scope, id);
    const metrics = `intake-${props.regionId}-edge`;
    this.metricName = metrics;
    const rate = (
      name: string,
      limit: number,
      scopeDownStatement?: CfnWebACL.StatementProperty,
    ) => ({
      name,
      action: TOO_MANY,
      statement: {
        rateBasedStatement: {
          aggregateKeyType: "IP",
          limit,
          evaluationWindowSec: RATE_WINDOW_SECONDS,
          ...(scopeDownStatement ? { scopeDownStatement } : {}),
        },
      },
      visibilityConfig: visibility(`${metrics}-${name}`, { sampled: true }),
    });
    const rules: Omit<CfnWebACL.RuleProperty, "priority">[] = [
      rate("unproven-form-posts", UNPROVEN_POSTS_PER_WINDOW, unprovenFormPosts),
      rate("report-posts", REPORT_POSTS_PER_WINDOW, { andStatement: { statements: reportPosts } }),
      rate("status-posts", STATUS_POSTS_PER_WINDOW, statusPosts),
      rate("organisation-requests", ORGANISATION_REQUESTS_PER_WINDOW, organisationRequests),
      rate("requests", REQUESTS_PER_WINDOW),
      {
        name: "aws-common",
        // `none` leaves each rule of the group its own action (block); `count` counts them all.
        overrideAction: props.commonRules === "count" ? { count: {} } : { none: {} },
        statement: {
          managedRuleGroupStatement: {
            vendorName: "AWS",
            name: "AWSManagedRulesCommonRuleSet",
            ruleActionOverrides: COUNTED_MANAGED_RULES.map((name) => ({
              name,
              actionToUse: { count: {} },
            })),
          },
        },
        visibilityConfig: visibility(`${metrics}-aws-common`, { sampled: true }),
      },
    ];
    this.ruleMetricNames = rules.map((rule) => `${metrics}-${rule.name}`);
    this.webAcl = new CfnWebACL(this, "WebAcl", {
      name: metrics,
      scope: "CLOUDFRONT",
      description: `intake ${props.regionId}: in front of CloudFront`,
      defaultAction: { allow: {} },
      visibilityConfig: visibility(metrics),
      associationConfig: {
        requestBody: { CLOUDFRONT: { defaultSizeInspectionLimit: BODY_INSPECTION_LIMIT } },
      },
      rules: rules.map((rule, priority) => ({ ...rule, priority })),
    });
  }
}
