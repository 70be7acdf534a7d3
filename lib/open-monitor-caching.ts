/**
 * The open-data monitor at the edge: when the region publishes it (`monitor.openData`),
 * CloudFront keeps `GET /api/v1/open/monitor…` as the monitor's function allows
 * (config/monitor-caching.ts), so that a public figure read by many costs one call an hour.
 *
 * Defaults, each explicit below:
 * - one behaviour for `/api/v1/open/*`, ahead of `/api/*`, to the same API origin (with its
 *   origin header): GET and HEAD only (CloudFront's narrowest choice; the API answers GET
 *   alone), HTTPS only;
 * - the cache key (and so all that reaches the function) is the path and the `from`, `to` and
 *   `format` query strings: no header (no `Authorization`, no `Accept`, no viewer address), no
 *   cookie, no other query string. No origin request policy: nothing else is forwarded;
 * - TTLs: minimum and default 0, so an answer that says `no-store` (every error of the function:
 *   400, 404, 405) or nothing at all is not kept; maximum the open view's max-age (an hour), so
 *   nothing is kept longer than that, whatever an answer says;
 * - compressed at the edge (gzip and Brotli in the key: a cheap phone gets the smaller copy);
 * - the security headers of config/security-headers.ts as on every answer, but the origin's
 *   `Cache-Control` kept: the open view's `public, max-age=3600` reaches browsers, an error's
 *   `no-store` too, and a response without one still gets `no-store`.
 *
 * The figures kept are the published ones, after disclosure control: a cell suppressed at the
 * origin is suppressed in the copy. The credentialed `/api/v1/monitor…` stays under `/api/*`,
 * which keys on the token and keeps nothing.
 */
import { Duration } from "aws-cdk-lib";
import {
  AllowedMethods,
  type BehaviorOptions,
  CacheCookieBehavior,
  CachedMethods,
  CacheHeaderBehavior,
  CachePolicy,
  CacheQueryStringBehavior,
  type IOrigin,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from "aws-cdk-lib/aws-cloudfront";
import { Construct } from "constructs";
import { MONITOR_QUERY_STRINGS, OPEN_MONITOR_MAX_AGE_SECONDS } from "../config/monitor-caching.ts";
import { SECURITY_HEADERS } from "../config/security-headers.ts";
import { responseHeadersFrom } from "./response-headers.ts";

export const OPEN_MONITOR_CACHE_TTL = {
  min: Duration.seconds(0),
  default: Duration.seconds(0),
  max: Duration.seconds(OPEN_MONITOR_MAX_AGE_SECONDS),
} as const;

/** The headers whose value the open view's function decides. */
export const OPEN_MONITOR_ORIGIN_HEADERS = ["Cache-Control"] as const;

export interface OpenMonitorCachingProps {
  regionId: string;
}

export class OpenMonitorCaching extends Construct {
  readonly cachePolicy: CachePolicy;
  readonly responseHeadersPolicy: ResponseHeadersPolicy;

  constructor(scope: Construct, id: string, props: OpenMonitorCachingProps) {
    super(scope, id);
    this.cachePolicy = new CachePolicy(this, "Cache", {
      comment: `intake ${props.regionId}: the open monitor, an hour, keyed on ${MONITOR_QUERY_STRINGS.join(", ")}`,
      minTtl: OPEN_MONITOR_CACHE_TTL.min,
      defaultTtl: OPEN_MONITOR_CACHE_TTL.default,
      maxTtl: OPEN_MONITOR_CACHE_TTL.max,
      headerBehavior: CacheHeaderBehavior.none(),
      queryStringBehavior: CacheQueryStringBehavior.allowList(...MONITOR_QUERY_STRINGS),
      cookieBehavior: CacheCookieBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    const { securityHeadersBehavior, customHeaders } = responseHeadersFrom(
      SECURITY_HEADERS,
      OPEN_MONITOR_ORIGIN_HEADERS,
    );
    this.responseHeadersPolicy = new ResponseHeadersPolicy(this, "Headers", {
      comment: `intake ${props.regionId}: config/security-headers.ts, the origin's Cache-Control`,
      securityHeadersBehavior,
      customHeadersBehavior: { customHeaders },
    });
  }

  /** The behaviour of `/api/v1/open/*`, to the API's origin. */
  behavior(apiOrigin: IOrigin): BehaviorOptions {
    return {
      origin: apiOrigin,
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
      cachedMethods: CachedMethods.CACHE_GET_HEAD,
      cachePolicy: this.cachePolicy,
      responseHeadersPolicy: this.responseHeadersPolicy,
      compress: true,
    };
  }
}
