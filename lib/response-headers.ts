/**
 * CloudFront's response headers policies are built from config/security-headers.ts: the pages',
 * the API's and the open monitor's (lib/web-hosting.ts, lib/open-monitor-caching.ts).
 */
import { Duration } from "aws-cdk-lib";
import {
  HeadersFrameOption,
  HeadersReferrerPolicy,
  type ResponseCustomHeader,
  type ResponseSecurityHeadersBehavior,
} from "aws-cdk-lib/aws-cloudfront";

export class UnmappedSecurityHeaderError extends Error {
  override name = "UnmappedSecurityHeaderError";
}

/** CloudFront's typed security headers, and the custom headers for everything else. */
export interface ResponseHeaders {
  securityHeadersBehavior: ResponseSecurityHeadersBehavior;
  customHeaders: ResponseCustomHeader[];
}

const REFERRER_POLICIES = new Set<string>(Object.values(HeadersReferrerPolicy));
const FRAME_OPTIONS = new Set<string>(Object.values(HeadersFrameOption));

/**
 * The response headers policy's headers, built from config/security-headers.ts, never restated:
 * the headers CloudFront handles as security headers go there, every other one is a custom
 * header, and all of them override what the origin sent, but for the custom headers named in
 * `originDecides`, which CloudFront adds only to an answer that has none. A header CloudFront
 * would refuse as a custom one but that cannot be mapped here stops synth rather than being
 * dropped.
 */
export function responseHeadersFrom(
  headers: Readonly<Record<string, string>>,
  originDecides: readonly string[] = [],
): ResponseHeaders {
  const decided = new Set(originDecides.map((name) => name.toLowerCase()));
  const security: {
    -readonly [K in keyof ResponseSecurityHeadersBehavior]: ResponseSecurityHeadersBehavior[K];
  } = {};
  const customHeaders: ResponseCustomHeader[] = [];
  const unmapped = (name: string, value: string) =>
    new UnmappedSecurityHeaderError(`CloudFront cannot send ${name}: ${value}`);
  for (const [name, value] of Object.entries(headers)) {
    switch (name.toLowerCase()) {
      case "content-security-policy":
        security.contentSecurityPolicy = { contentSecurityPolicy: value, override: true };
        break;
      case "strict-transport-security": {
        const maxAge = /(?:^|;)\s*max-age=(\d+)\s*(?:;|$)/i.exec(value)?.[1];
        if (maxAge === undefined) throw unmapped(name, value);
        security.strictTransportSecurity = {
          accessControlMaxAge: Duration.seconds(Number(maxAge)),
          includeSubdomains: /(?:^|;)\s*includeSubDomains\s*(?:;|$)/i.test(value),
          preload: /(?:^|;)\s*preload\s*(?:;|$)/i.test(value),
          override: true,
        };
        break;
      }
      case "referrer-policy":
        if (!REFERRER_POLICIES.has(value)) throw unmapped(name, value);
        security.referrerPolicy = {
          referrerPolicy: value as HeadersReferrerPolicy,
          override: true,
        };
        break;
      case "x-content-type-options":
        if (value !== "nosniff") throw unmapped(name, value);
        security.contentTypeOptions = { override: true };
        break;
      case "x-frame-options":
        if (!FRAME_OPTIONS.has(value)) throw unmapped(name, value);
        security.frameOptions = { frameOption: value as HeadersFrameOption, override: true };
        break;
      case "x-xss-protection":
        throw unmapped(name, value);
      default:
        customHeaders.push({ header: name, value, override: !decided.has(name.toLowerCase()) });
    }
  }
  return { securityHeadersBehavior: security, customHeaders };
}
