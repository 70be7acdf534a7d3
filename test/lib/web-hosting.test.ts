import { beforeAll, describe, expect, it } from "vitest";
import { edgeStackName, intakeStackName, ORIGIN_HEADER } from "../../config/resources.ts";
import { SECURITY_HEADERS } from "../../config/security-headers.ts";
import { API_STAGE_NAME } from "../../lib/intake-api.ts";
import { acknowledgeNagFindings, NAG_ACKNOWLEDGEMENTS } from "../../lib/nag-acknowledgements.ts";
import {
  API_CACHE_TTL,
  API_FORWARDED_HEADERS,
  API_QUERY_STRINGS,
  indexRewriteCode,
} from "../../lib/web-hosting.ts";
import { logicalId, ref, type Synthesized, sampleRegion, synthesize } from "../helpers/synth.ts";

let synthesized: Synthesized;
beforeAll(() => {
  synthesized = synthesize();
});

/** The API behavior's cache policy, as the template writes it. */
const apiCachePolicy = () =>
  synthesized.template.findResources("AWS::CloudFront::CachePolicy")[
    logicalId(synthesized.stack.web.apiCachePolicy)
  ]?.Properties.CachePolicyConfig;

const distribution = () => {
  const found = Object.values(synthesized.template.findResources("AWS::CloudFront::Distribution"));
  expect(found).toHaveLength(1);
  return found[0]?.Properties.DistributionConfig;
};
const apiBehavior = () => {
  const behaviors = distribution().CacheBehaviors as Record<string, unknown>[];
  const api = behaviors.find((behavior) => behavior.PathPattern === "/api/*");
  if (!api) throw new Error("no /api/* behavior");
  return api;
};
const originOf = (behavior: Record<string, unknown>) => {
  const origin = (distribution().Origins as Record<string, unknown>[]).find(
    (candidate) => candidate.Id === behavior.TargetOriginId,
  );
  if (!origin) throw new Error("no origin");
  return origin;
};

describe("WebHosting: the bucket", () => {
  it("is private, encrypted, TLS only, without ACLs, and kept when the stack goes", () => {
    const { template, stack } = synthesized;
    const bucket = template.findResources("AWS::S3::Bucket")[logicalId(stack.web.bucket)];
    expect(bucket).toMatchObject({
      DeletionPolicy: "Retain",
      Properties: {
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            { ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } },
          ],
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] },
      },
    });
    const [policy] = Object.values(template.findResources("AWS::S3::BucketPolicy"));
    const statements = policy?.Properties.PolicyDocument.Statement as Record<string, unknown>[];
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: "Deny",
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      }),
    );
  });

  it("is read by CloudFront alone, through origin access control of this distribution", () => {
    const { template, stack } = synthesized;
    const [policy] = Object.values(template.findResources("AWS::S3::BucketPolicy"));
    const allows = (
      (policy?.Properties.PolicyDocument.Statement ?? []) as Record<string, unknown>[]
    ).filter((statement) => statement.Effect === "Allow");
    expect(allows).toEqual([
      expect.objectContaining({
        Principal: { Service: "cloudfront.amazonaws.com" },
        Action: "s3:GetObject",
        Condition: {
          StringEquals: {
            "AWS:SourceArn": expect.objectContaining({ "Fn::Join": expect.anything() }),
          },
        },
      }),
    ]);
    expect(JSON.stringify(allows)).toContain(logicalId(stack.web.distribution));
    template.resourceCountIs("AWS::CloudFront::OriginAccessControl", 1);
    template.resourceCountIs("AWS::CloudFront::CloudFrontOriginAccessIdentity", 0);
  });

  it("gets the built site at every deploy, and every deploy invalidates the edges", () => {
    const { template, stack } = synthesized;
    template.hasResourceProperties("Custom::CDKBucketDeployment", {
      DestinationBucketName: ref(stack.web.bucket),
      DistributionId: ref(stack.web.distribution),
      DistributionPaths: ["/*"],
      Prune: true,
    });
  });
});

describe("WebHosting: the distribution", () => {
  /** The function's code, run as CloudFront runs it: a viewer-request event in, a request out. */
  const rewriteOf = (locales: readonly string[]) => {
    const handler = new Function(`${indexRewriteCode(locales)}; return handler;`)() as (event: {
      request: { uri: string; headers: Record<string, { value: string }> };
    }) => { uri: string };
    return (uri: string, acceptLanguage?: string) =>
      handler({
        request: {
          uri,
          headers:
            acceptLanguage === undefined ? {} : { "accept-language": { value: acceptLanguage } },
        },
      }).uri;
  };

  it("serves /{locale}/ and /inbox/ as index.html pages", () => {
    expect(distribution().DefaultRootObject).toBe("index.html");
    const uri = rewriteOf(["nl", "en", "ar"]);
    expect(uri("/nl/")).toBe("/nl/index.html");
    expect(uri("/ar/")).toBe("/ar/index.html");
    expect(uri("/assets/form.js")).toBe("/assets/form.js");
    expect(uri("/nl/index.html")).toBe("/nl/index.html");
    // The organisations' inbox: static files of the same site, under the same headers policy.
    expect(uri("/inbox/")).toBe("/inbox/index.html");
    expect(uri("/inbox/inbox.js")).toBe("/inbox/inbox.js");
    // Only `/` depends on the browser's language.
    expect(uri("/nl/", "ar")).toBe("/nl/index.html");
  });

  it.each([
    ["pl-PL,pl;q=0.9,en;q=0.8", "/pl/index.html"],
    ["de-DE,de;q=0.9,ro;q=0.5,en;q=0.7", "/en/index.html"],
    ["ar-MA", "/ar/index.html"],
    ["zh-Hans-CN,zh;q=0.9", "/zh/index.html"],
    ["uk;q=0.2,vi;q=0.8", "/vi/index.html"],
    ["de, fr;q=0", "/nl/index.html"],
    ["*", "/nl/index.html"],
    ["", "/nl/index.html"],
    [undefined, "/nl/index.html"],
    ["en;q=abc, ro", "/ro/index.html"],
  ])(
    "answers / for Accept-Language %j with %s (the region's first language as fallback)",
    (header, page) => {
      const uri = rewriteOf(["nl", "en", "pl", "ro", "uk", "ar", "zh", "vi"]);
      expect(uri("/", header)).toBe(page);
    },
  );

  it("runs the rewrite on viewer requests of the pages, in the JS 2.0 runtime", () => {
    const { template, stack } = synthesized;
    expect(distribution().DefaultCacheBehavior.FunctionAssociations).toEqual([
      {
        EventType: "viewer-request",
        FunctionARN: { "Fn::GetAtt": [logicalId(stack.web.indexRewrite), "FunctionARN"] },
      },
    ]);
    template.hasResourceProperties("AWS::CloudFront::Function", {
      FunctionCode: indexRewriteCode(synthesized.region.locales),
      FunctionConfig: { Runtime: "cloudfront-js-2.0" },
    });
  });

  it("keeps no access logs (they hold every viewer's address)", () => {
    expect(distribution().Logging).toBeUndefined();
    synthesized.template.resourceCountIs("AWS::CloudFront::RealtimeLogConfig", 0);
  });

  it("is behind the edge stack's web ACL, read across regions", () => {
    const webAcl = distribution().WebACLId;
    expect(webAcl["Fn::GetAtt"][0]).toMatch(/^ExportsReader/);
    expect(webAcl["Fn::GetAtt"][1]).toContain("ProtectionWebAcl");
  });

  it("redirects plain HTTP for pages, and uses HTTP/2 and 3 and price class 100", () => {
    expect(distribution()).toMatchObject({
      DefaultCacheBehavior: { ViewerProtocolPolicy: "redirect-to-https" },
      HttpVersion: "http2and3",
      PriceClass: "PriceClass_100",
    });
  });
});

describe("WebHosting: /api/*", () => {
  it("goes to the API's own stage path, over HTTPS with TLS 1.2", () => {
    const origin = originOf(apiBehavior());
    const serialized = JSON.stringify(origin);
    expect(serialized).toContain(logicalId(synthesized.stack.api.restApi));
    expect(serialized).toContain(".execute-api.");
    expect(origin.CustomOriginConfig).toEqual({
      OriginProtocolPolicy: "https-only",
      OriginSSLProtocols: ["TLSv1.2"],
    });
    // `/live`: the third part of the stage URL, so /api/v1/reports reaches /live/api/v1/reports.
    expect(JSON.stringify(origin.OriginPath)).toContain(
      logicalId(synthesized.stack.api.restApi.deploymentStage),
    );
    const stage =
      synthesized.template.findResources("AWS::ApiGateway::Stage")[
        logicalId(synthesized.stack.api.restApi.deploymentStage)
      ];
    expect(stage?.Properties.StageName).toBe(API_STAGE_NAME);
  });

  it("takes every method (the form posts), caches nothing, and refuses plain HTTP", () => {
    expect(apiBehavior()).toMatchObject({
      AllowedMethods: expect.arrayContaining(["GET", "POST", "PUT", "DELETE", "PATCH"]),
      CachePolicyId: ref(synthesized.stack.web.apiCachePolicy),
      ViewerProtocolPolicy: "https-only",
    });
    // TTL 0 unless an answer asks for more, and then one second at most: every API answer says
    // `Cache-Control: no-store`, which CloudFront honours with a minimum TTL of 0.
    expect(apiCachePolicy()).toMatchObject({ MinTTL: 0, DefaultTTL: 0, MaxTTL: 1 });
    expect(API_CACHE_TTL.max.toSeconds()).toBeLessThanOrEqual(1);
  });

  it("forwards the Authorization header (bearer tokens), keyed, so no token sees another's answer", () => {
    expect(apiCachePolicy().ParametersInCacheKeyAndForwardedToOrigin).toEqual({
      HeadersConfig: { HeaderBehavior: "whitelist", Headers: ["Authorization"] },
      QueryStringsConfig: {
        QueryStringBehavior: "whitelist",
        QueryStrings: ["state", "urgency", "hidden", "need", "claimed", "organisation"],
      },
      CookiesConfig: { CookieBehavior: "none" },
      EnableAcceptEncodingGzip: false,
      EnableAcceptEncodingBrotli: false,
    });
    // The inbox's filters: /api/v1/org/cases?state=&urgency=&hidden=&need=&claimed=,
    // /api/v1/ops/audit?organisation=
    expect(API_QUERY_STRINGS).toEqual([
      "state",
      "urgency",
      "hidden",
      "need",
      "claimed",
      "organisation",
    ]);
  });

  it("forwards Content-Type, Accept, If-None-Match and CloudFront's viewer address from its origin request policy: no Host, no cookies", () => {
    const { template, stack } = synthesized;
    expect(apiBehavior().OriginRequestPolicyId).toEqual(ref(stack.web.apiOriginRequestPolicy));
    const policy = template.findResources("AWS::CloudFront::OriginRequestPolicy")[
      logicalId(stack.web.apiOriginRequestPolicy)
    ]?.Properties.OriginRequestPolicyConfig;
    expect(policy).toMatchObject({
      HeadersConfig: {
        HeaderBehavior: "whitelist",
        Headers: ["Content-Type", "Accept", "CloudFront-Viewer-Address", "If-None-Match"],
      },
      CookiesConfig: { CookieBehavior: "none" },
      QueryStringsConfig: { QueryStringBehavior: "none" },
    });
    expect(API_FORWARDED_HEADERS.map((header) => header.toLowerCase())).not.toContain("host");
  });

  it("adds the origin header, whose value is a dynamic reference to the origin secret", () => {
    const headers = originOf(apiBehavior()).OriginCustomHeaders as Record<string, unknown>[];
    expect(headers).toEqual([
      {
        HeaderName: ORIGIN_HEADER,
        HeaderValue: {
          "Fn::Join": [
            "",
            [
              "{{resolve:secretsmanager:",
              ref(synthesized.stack.secrets.origin),
              ":SecretString:value::}}",
            ],
          ],
        },
      },
    ]);
  });
});

describe("WebHosting: the security headers", () => {
  const policyConfig = () => {
    const { template, stack } = synthesized;
    return template.findResources("AWS::CloudFront::ResponseHeadersPolicy")[
      logicalId(stack.web.responseHeadersPolicy)
    ]?.Properties.ResponseHeadersPolicyConfig;
  };

  it("apply to the pages and to the API's answers alike", () => {
    const policy = ref(synthesized.stack.web.responseHeadersPolicy);
    expect(distribution().DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual(policy);
    expect(apiBehavior().ResponseHeadersPolicyId).toEqual(policy);
  });

  it("are exactly config/security-headers.ts, every one overriding the origin's", () => {
    const config = policyConfig();
    const security = config.SecurityHeadersConfig;
    const sent: Record<string, string> = {
      "Content-Security-Policy": security.ContentSecurityPolicy.ContentSecurityPolicy,
      "Strict-Transport-Security": `max-age=${security.StrictTransportSecurity.AccessControlMaxAgeSec}${
        security.StrictTransportSecurity.IncludeSubdomains ? "; includeSubDomains" : ""
      }${security.StrictTransportSecurity.Preload ? "; preload" : ""}`,
      "Referrer-Policy": security.ReferrerPolicy.ReferrerPolicy,
      "X-Content-Type-Options": "nosniff",
      "X-Frame-Options": security.FrameOptions.FrameOption,
      ...Object.fromEntries(
        (config.CustomHeadersConfig.Items as { Header: string; Value: string }[]).map((item) => [
          item.Header,
          item.Value,
        ]),
      ),
    };
    expect(sent).toEqual(SECURITY_HEADERS);
    const overrides = [
      ...Object.values<{ Override?: boolean }>(security).map((header) => header.Override),
      ...(config.CustomHeadersConfig.Items as { Override: boolean }[]).map((item) => item.Override),
    ];
    expect(overrides.every((override) => override === true)).toBe(true);
  });

  it("hold a strict CSP, HSTS, no referrer, no-store and a restrictive Permissions-Policy", () => {
    const config = policyConfig();
    const csp = config.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy as string;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).not.toContain("unsafe-eval");
    expect(
      config.SecurityHeadersConfig.StrictTransportSecurity.AccessControlMaxAgeSec,
    ).toBeGreaterThanOrEqual(31_536_000);
    expect(config.SecurityHeadersConfig.ReferrerPolicy.ReferrerPolicy).toBe("no-referrer");
    const custom = Object.fromEntries(
      (config.CustomHeadersConfig.Items as { Header: string; Value: string }[]).map((item) => [
        item.Header,
        item.Value,
      ]),
    );
    expect(custom["Cache-Control"]).toBe("no-store");
    for (const feature of ["camera", "microphone", "geolocation"]) {
      expect(custom["Permissions-Policy"]).toContain(`${feature}=()`);
    }
  });
});

describe("WebHosting: the template holds no secret", () => {
  it("refers to the origin secret only through dynamic references", () => {
    const { template } = synthesized;
    const text = JSON.stringify(template.toJSON());
    const references = text.match(/\{\{resolve:secretsmanager:/g) ?? [];
    // CloudFront's origin header and the API web ACL's rule.
    expect(references).toHaveLength(2);
    const secrets = template.findResources("AWS::SecretsManager::Secret");
    for (const secret of Object.values(secrets)) {
      expect(secret.Properties.SecretString).toBeUndefined();
    }
  });
});

describe("WebHosting: the certificate", () => {
  const DOMAIN = {
    name: "report.example.org",
    certificateArn:
      "arn:aws:acm:us-east-1:111111111111:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d",
  };
  const CFR4 = NAG_ACKNOWLEDGEMENTS.find((entry) => entry.ruleId === "AwsSolutions-CFR4");
  /** The resources the CFR4 acknowledgement lands on in a region's stacks. */
  const cfr4AcknowledgedIn = (result: Synthesized) =>
    acknowledgeNagFindings(
      [result.edge, result.stack],
      { intake: intakeStackName(result.region.id), edge: edgeStackName(result.region.id) },
      CFR4 ? [CFR4] : [],
    ).get(CFR4 as never) ?? [];

  let withDomain: Synthesized;
  beforeAll(() => {
    withDomain = synthesize({ ...sampleRegion(), domain: DOMAIN });
  });
  const configOf = (result: Synthesized) =>
    Object.values(result.template.findResources("AWS::CloudFront::Distribution"))[0]?.Properties
      .DistributionConfig;

  it("without a domain: the default certificate, and CFR4 acknowledged with that reason", () => {
    expect(configOf(synthesized).Aliases).toBeUndefined();
    expect(configOf(synthesized).ViewerCertificate).toBeUndefined();
    expect(CFR4?.reason).toMatch(/still accepts TLS 1\.0.*sets `domain`/);
    expect(cfr4AcknowledgedIn(synthesized).map((resource) => resource.node.path)).toEqual([
      `${intakeStackName(synthesized.region.id)}/Web/Distribution/Resource`,
    ]);
  });

  it("with a domain: its name as the alias, its us-east-1 certificate, SNI, TLSv1.2_2021", () => {
    expect(configOf(withDomain).Aliases).toEqual([DOMAIN.name]);
    expect(configOf(withDomain).ViewerCertificate).toEqual({
      AcmCertificateArn: DOMAIN.certificateArn,
      MinimumProtocolVersion: "TLSv1.2_2021",
      SslSupportMethod: "sni-only",
    });
    expect(withDomain.stack.web.domainName).toBe(DOMAIN.name);
  });

  it("with a domain: no CFR4 acknowledgement (nothing left to acknowledge)", () => {
    expect(cfr4AcknowledgedIn(withDomain)).toEqual([]);
  });
});
