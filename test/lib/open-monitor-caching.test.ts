/**
 * The open-data monitor at the edge, in the synthesized template: a behaviour of its own only
 * when the region publishes it, keyed on the open view's query strings and nothing of the
 * viewer, kept no longer than the function's max-age; the credentialed view never cached.
 */
import { beforeAll, describe, expect, it } from "vitest";
import {
  CREDENTIALED_MONITOR_CACHE_CONTROL,
  MONITOR_QUERY_STRINGS,
  OPEN_API_PATH_PATTERN,
  OPEN_MONITOR_CACHE_CONTROL,
  OPEN_MONITOR_MAX_AGE_SECONDS,
} from "../../config/monitor-caching.ts";
import { SECURITY_HEADERS } from "../../config/security-headers.ts";
import type { Region } from "../../domain/region.ts";
import { MonitorQuerySchema } from "../../functions/use-cases/read-monitor.ts";
import { logicalId, ref, type Synthesized, sampleRegion, synthesize } from "../helpers/synth.ts";

type Behavior = Record<string, unknown>;

let published: Synthesized;
let unpublished: Synthesized;
/** The sample region, publishing the open view or not. */
const sampleWith = (openData: boolean): Region => {
  const region = sampleRegion();
  return { ...region, monitor: { threshold: 10, ...region.monitor, openData } };
};
beforeAll(() => {
  published = synthesize(sampleWith(true));
  unpublished = synthesize(sampleWith(false));
});

const configOf = (result: Synthesized) =>
  Object.values(result.template.findResources("AWS::CloudFront::Distribution"))[0]?.Properties
    .DistributionConfig as { CacheBehaviors: Behavior[]; Origins: Behavior[] };
const behaviorOf = (result: Synthesized, pattern: string) =>
  configOf(result).CacheBehaviors.find((behavior) => behavior.PathPattern === pattern);
const openCaching = () => {
  const caching = published.stack.web.openMonitor;
  if (!caching) throw new Error("no open monitor caching");
  return caching;
};
const propertiesOf = (type: string, construct: Parameters<typeof logicalId>[0]) =>
  published.template.findResources(type)[logicalId(construct)]?.Properties;
/** The open view's cache policy, as the template writes it. */
const openCachePolicy = () =>
  propertiesOf("AWS::CloudFront::CachePolicy", openCaching().cachePolicy)?.CachePolicyConfig;

describe("the open monitor at the edge: the defaults", () => {
  it("an hour for the open view, private and never stored for the credentialed one", () => {
    expect(OPEN_MONITOR_MAX_AGE_SECONDS).toBe(3600);
    expect(OPEN_MONITOR_CACHE_CONTROL).toBe("public, max-age=3600");
    expect(CREDENTIALED_MONITOR_CACHE_CONTROL).toBe("private, no-store");
    expect(OPEN_API_PATH_PATTERN).toBe("/api/v1/open/*");
  });

  it("keys on exactly the query strings the monitor's function accepts", () => {
    expect(MONITOR_QUERY_STRINGS).toEqual(["from", "to", "format"]);
    expect(Object.keys(MonitorQuerySchema.shape).sort()).toEqual([...MONITOR_QUERY_STRINGS].sort());
  });
});

describe("the open monitor at the edge, when the region publishes it", () => {
  it("has a behaviour of its own, ahead of /api/*, to the same API origin", () => {
    const patterns = configOf(published).CacheBehaviors.map((behavior) => behavior.PathPattern);
    expect(patterns.indexOf(OPEN_API_PATH_PATTERN)).toBeGreaterThanOrEqual(0);
    expect(patterns.indexOf(OPEN_API_PATH_PATTERN)).toBeLessThan(patterns.indexOf("/api/*"));
    const open = behaviorOf(published, OPEN_API_PATH_PATTERN);
    expect(open?.TargetOriginId).toBe(behaviorOf(published, "/api/*")?.TargetOriginId);
    // The bucket and the API: the open view adds no origin (and keeps the origin header).
    expect(configOf(published).Origins).toHaveLength(2);
  });

  it("takes GET and HEAD over HTTPS only, compressed, with nothing forwarded beyond its key", () => {
    expect(behaviorOf(published, OPEN_API_PATH_PATTERN)).toEqual({
      PathPattern: OPEN_API_PATH_PATTERN,
      TargetOriginId: expect.any(String),
      ViewerProtocolPolicy: "https-only",
      AllowedMethods: ["GET", "HEAD"],
      CachedMethods: ["GET", "HEAD"],
      CachePolicyId: ref(openCaching().cachePolicy),
      ResponseHeadersPolicyId: ref(openCaching().responseHeadersPolicy),
      Compress: true,
    });
  });

  it("keys on the path and from, to, format: no header (Authorization, Accept, address), no cookie", () => {
    const config = openCachePolicy();
    expect(config?.ParametersInCacheKeyAndForwardedToOrigin).toEqual({
      HeadersConfig: { HeaderBehavior: "none" },
      QueryStringsConfig: {
        QueryStringBehavior: "whitelist",
        QueryStrings: ["from", "to", "format"],
      },
      CookiesConfig: { CookieBehavior: "none" },
      EnableAcceptEncodingGzip: true,
      EnableAcceptEncodingBrotli: true,
    });
  });

  it("keeps an answer only as long as it says, an hour at most, and no-store answers not at all", () => {
    const config = openCachePolicy();
    expect(config).toMatchObject({
      MinTTL: 0,
      DefaultTTL: 0,
      MaxTTL: OPEN_MONITOR_MAX_AGE_SECONDS,
    });
  });

  it("sends the security headers, but leaves Cache-Control to the function", () => {
    const config = propertiesOf(
      "AWS::CloudFront::ResponseHeadersPolicy",
      openCaching().responseHeadersPolicy,
    )?.ResponseHeadersPolicyConfig;
    const custom = config.CustomHeadersConfig.Items as {
      Header: string;
      Value: string;
      Override: boolean;
    }[];
    expect(custom.filter((item) => !item.Override).map((item) => item.Header)).toEqual([
      "Cache-Control",
    ]);
    expect(custom.find((item) => item.Header === "Cache-Control")?.Value).toBe(
      SECURITY_HEADERS["Cache-Control"],
    );
    // The typed security headers, the same as the pages' policy.
    const pages = published.template.findResources("AWS::CloudFront::ResponseHeadersPolicy")[
      logicalId(published.stack.web.responseHeadersPolicy)
    ]?.Properties.ResponseHeadersPolicyConfig;
    expect(config.SecurityHeadersConfig).toEqual(pages.SecurityHeadersConfig);
  });

  it("leaves the credentialed monitor under /api/*, keyed on the token and never kept", () => {
    const api = behaviorOf(published, "/api/*");
    expect(api?.CachePolicyId).toEqual(ref(published.stack.web.apiCachePolicy));
    const config = propertiesOf(
      "AWS::CloudFront::CachePolicy",
      published.stack.web.apiCachePolicy,
    )?.CachePolicyConfig;
    expect(config).toMatchObject({ MinTTL: 0, DefaultTTL: 0, MaxTTL: 1 });
    expect(config.ParametersInCacheKeyAndForwardedToOrigin.HeadersConfig.Headers).toEqual([
      "Authorization",
    ]);
    // No pattern but the open one is cached: /api/v1/monitor matches only /api/*.
    const patterns = configOf(published).CacheBehaviors.map((behavior) => behavior.PathPattern);
    expect(patterns).toEqual([OPEN_API_PATH_PATTERN, "/api/*"]);
  });
});

describe("the open monitor at the edge, when the region does not publish it", () => {
  it("adds no behaviour and no policy: /api/v1/open/* is one more path of /api/*", () => {
    expect(unpublished.stack.web.openMonitor).toBeUndefined();
    expect(behaviorOf(unpublished, OPEN_API_PATH_PATTERN)).toBeUndefined();
    expect(configOf(unpublished).CacheBehaviors.map((behavior) => behavior.PathPattern)).toEqual([
      "/api/*",
    ]);
    unpublished.template.resourceCountIs("AWS::CloudFront::CachePolicy", 1);
    unpublished.template.resourceCountIs("AWS::CloudFront::ResponseHeadersPolicy", 1);
    published.template.resourceCountIs("AWS::CloudFront::CachePolicy", 2);
    published.template.resourceCountIs("AWS::CloudFront::ResponseHeadersPolicy", 2);
  });
});
