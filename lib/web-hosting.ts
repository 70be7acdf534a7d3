/**
 * The reporter's one origin: a CloudFront distribution that serves the static form from a
 * private S3 bucket and forwards `/api/*` to the API's stage, so the browser talks to one host
 * only (docs/report-contract.md, section 1).
 *
 * Defaults, each explicit below:
 * - a private bucket (all public access blocked, TLS only, S3-managed encryption, ACLs off),
 *   read by CloudFront alone through origin access control; retained when the stack goes (it
 *   holds public files only, and a bucket with files in it cannot be deleted by CloudFormation);
 * - pages: a CloudFront Function rewrites a path ending in `/` to `…/index.html` (locale pages
 *   live at `/{locale}/index.html`, the organisations' inbox at `/inbox/index.html`), cached at
 *   the edge, invalidated by every deploy;
 * - `/api/v1/open/*`, when the region publishes the open-data monitor: cached as
 *   lib/open-monitor-caching.ts says, ahead of `/api/*`;
 * - `/api/*`: the API's stage (`/live` as the origin path), HTTPS only, every method (the form
 *   posts), nothing cached, and of the viewer's request only what the handlers read: the
 *   `Content-Type`, `Accept` and `If-None-Match` headers, the `Authorization` header (the
 *   organisations' bearer tokens) and the query strings of API_QUERY_STRINGS; no Host (API Gateway needs its own), no
 *   cookies, no other header. The body always goes. CloudFront adds the origin secret header
 *   (lib/origin-verification.ts);
 * - every answer, pages and API alike, gets the security headers of config/security-headers.ts
 *   (the same ones `intake dev` sends): a strict Content-Security-Policy, HSTS,
 *   `Referrer-Policy: no-referrer`, `Cache-Control: no-store`, a restrictive Permissions-Policy;
 * - CloudFront access logs off: they hold every viewer's address;
 * - the CLOUDFRONT-scope web ACL of the edge stack (lib/edge-protection.ts);
 * - price class 100 (edges in Europe and North America), HTTP/2 and HTTP/3;
 * - the default `*.cloudfront.net` certificate, whose minimum TLS version CloudFront fixes (it
 *   accepts TLS 1.0), unless the region file names a domain of its own: then that name as the
 *   distribution's alias, its ACM certificate (in us-east-1, where CloudFront reads
 *   certificates), SNI, and TLSv1.2_2021 as the minimum (TLS 1.2 with forward-secret ciphers).
 *   The DNS record that points the name at the distribution is the region's own
 *   (docs/deploy.md, "Custom domain").
 */

import { Duration, RemovalPolicy } from "aws-cdk-lib";
import type { RestApi } from "aws-cdk-lib/aws-apigateway";
import { Certificate } from "aws-cdk-lib/aws-certificatemanager";
import {
  AllowedMethods,
  CacheCookieBehavior,
  CacheHeaderBehavior,
  CachePolicy,
  CacheQueryStringBehavior,
  Distribution,
  Function as EdgeFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HttpVersion,
  OriginRequestCookieBehavior,
  OriginRequestHeaderBehavior,
  OriginRequestPolicy,
  OriginRequestQueryStringBehavior,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  SSLMethod,
  ViewerProtocolPolicy,
} from "aws-cdk-lib/aws-cloudfront";
import { RestApiOrigin, S3BucketOrigin } from "aws-cdk-lib/aws-cloudfront-origins";
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from "aws-cdk-lib/aws-s3";
import { BucketDeployment, Source } from "aws-cdk-lib/aws-s3-deployment";
import type { ISecret } from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import { OPEN_API_PATH_PATTERN } from "../config/monitor-caching.ts";
import { ORIGIN_HEADER } from "../config/resources.ts";
import { SECURITY_HEADERS } from "../config/security-headers.ts";
import { bestLocale } from "../domain/accept-language.ts";
import { OpenMonitorCaching } from "./open-monitor-caching.ts";
import { originSecretReference } from "./origin-verification.ts";
import { responseHeadersFrom } from "./response-headers.ts";

export const API_PATH_PATTERN = "/api/*";
/**
 * The viewer's headers that reach the API: what the handlers read, and nothing else. Besides the
 * viewer's own two, `CloudFront-Viewer-Address` (`ip:port`), which CloudFront writes itself: the
 * status function counts calls per address (an HMAC of it, two minutes) against guessing
 * receipts, and `X-Forwarded-For`, which CloudFront always sends, begins with whatever the
 * viewer wrote.
 */
export const API_FORWARDED_HEADERS = [
  "Content-Type",
  "Accept",
  "CloudFront-Viewer-Address",
  // The inbox polls its list with the tag it last saw (functions/http/etag.ts): the API answers
  // 304 itself. CloudFront passes conditional requests on while no cookie is forwarded.
  "If-None-Match",
] as const;
/**
 * What else of the viewer's request the API reads: the organisations' bearer token, and the
 * inbox's filters (`/api/v1/org/cases?state=&urgency=&hidden=&need=&claimed=`,
 * `/api/v1/ops/audit?organisation=`).
 * CloudFront forwards `Authorization` only as part of a cache policy's key (an origin request
 * policy may not name it), and takes no header into the key of a policy whose every TTL is 0.
 */
export const API_AUTHORIZATION_HEADER = "Authorization";
export const API_QUERY_STRINGS = [
  "state",
  "urgency",
  "hidden",
  "need",
  "claimed",
  "organisation",
] as const;
/**
 * The API's cache policy: nothing is cached by default (TTL 0), every answer of the API says
 * `Cache-Control: no-store` (which CloudFront honours with a minimum TTL of 0), and an answer that
 * asked for more would be kept one second at most, under the token that asked for it.
 */
export const API_CACHE_TTL = {
  min: Duration.seconds(0),
  default: Duration.seconds(0),
  max: Duration.seconds(1),
} as const;
export const DEFAULT_ROOT_OBJECT = "index.html";

/**
 * viewer-request: `/` → the best of the region's locales for the browser's Accept-Language
 * (domain/accept-language.ts, its source run as is), then `/nl/` →
 * `/nl/index.html` (the default root object covers `/` only). The rewrite happens before the
 * cache lookup, so each locale's page is cached under its own path.
 */
export function indexRewriteCode(locales: readonly string[]): string {
  return `var LOCALES = ${JSON.stringify(locales)};
${bestLocale.toString()}
function handler(event) {
  var request = event.request;
  if (request.uri === "/") {
    var header = request.headers["accept-language"];
    request.uri = "/" + bestLocale(header ? header.value : "", LOCALES) + "/";
  }
  if (request.uri.endsWith("/")) request.uri += "${DEFAULT_ROOT_OBJECT}";
  return request;
}`;
}

export interface WebHostingProps {
  regionId: string;
  /** The region's locales, its first language first: `/` answers in the best of them. */
  locales: readonly string[];
  /** The folder of built static files: `/index.html`, `/{locale}/index.html`, the assets. */
  webRoot: string;
  restApi: RestApi;
  /** `{"value": …}` (lib/secrets.ts): sent to the API as the origin header. */
  originSecret: ISecret;
  /** The CLOUDFRONT-scope web ACL (lib/edge-protection.ts, in us-east-1). */
  webAclArn: string;
  /**
   * Set during a rotation of the origin secret (docs/deploy.md): written into the
   * distribution's comment, it changes the distribution, so that CloudFormation resolves the
   * secret's reference again and the edges send the new value.
   * @default none
   */
  originSecretRotation?: string;
  /**
   * Whether the region publishes the open-data monitor (`monitor.openData`): then CloudFront
   * keeps its answers (lib/open-monitor-caching.ts).
   * @default false: `/api/v1/open/*` is one more path of `/api/*`, never cached
   */
  openMonitor?: boolean;
  /** @default PriceClass.PRICE_CLASS_100 */
  priceClass?: PriceClass;
  /**
   * The region's own domain (the region file's `domain`).
   * @default none: the `*.cloudfront.net` name and certificate
   */
  domain?: { name: string; certificateArn: string } | undefined;
}

export class WebHosting extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  readonly responseHeadersPolicy: ResponseHeadersPolicy;
  readonly apiOriginRequestPolicy: OriginRequestPolicy;
  readonly apiCachePolicy: CachePolicy;
  readonly indexRewrite: EdgeFunction;
  /** The open monitor's cache and headers policies, when the region publishes it. */
  readonly openMonitor: OpenMonitorCaching | undefined;
  readonly deployment: BucketDeployment;
  /** The region's own domain name, when it has one. */
  readonly domainName: string | undefined;

  constructor(scope: Construct, id: string, props: WebHostingProps) {
    super(scope, id);
    this.bucket = new Bucket(this, "Site", {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: false,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const { securityHeadersBehavior, customHeaders } = responseHeadersFrom(SECURITY_HEADERS);
    this.responseHeadersPolicy = new ResponseHeadersPolicy(this, "SecurityHeaders", {
      comment: `intake ${props.regionId}: config/security-headers.ts`,
      securityHeadersBehavior,
      customHeadersBehavior: { customHeaders },
    });

    this.apiOriginRequestPolicy = new OriginRequestPolicy(this, "ApiOriginRequests", {
      comment: `intake ${props.regionId}: the API gets the body and ${API_FORWARDED_HEADERS.join(", ")}`,
      headerBehavior: OriginRequestHeaderBehavior.allowList(...API_FORWARDED_HEADERS),
      cookieBehavior: OriginRequestCookieBehavior.none(),
      queryStringBehavior: OriginRequestQueryStringBehavior.none(),
    });
    // What the key holds is forwarded too: the token and the filters reach the API this way.
    this.apiCachePolicy = new CachePolicy(this, "ApiCache", {
      comment: `intake ${props.regionId}: /api/* is not cached; the token and the filters reach the API`,
      minTtl: API_CACHE_TTL.min,
      defaultTtl: API_CACHE_TTL.default,
      maxTtl: API_CACHE_TTL.max,
      headerBehavior: CacheHeaderBehavior.allowList(API_AUTHORIZATION_HEADER),
      queryStringBehavior: CacheQueryStringBehavior.allowList(...API_QUERY_STRINGS),
      cookieBehavior: CacheCookieBehavior.none(),
      enableAcceptEncodingGzip: false,
      enableAcceptEncodingBrotli: false,
    });

    this.indexRewrite = new EdgeFunction(this, "IndexRewrite", {
      comment: "/ to the browser's language; /{locale}/ and /inbox/ to their index.html",
      runtime: FunctionRuntime.JS_2_0,
      code: FunctionCode.fromInline(indexRewriteCode(props.locales)),
    });

    const rotation = props.originSecretRotation
      ? ` (origin secret rotation ${props.originSecretRotation})`
      : "";
    this.domainName = props.domain?.name;
    const ownDomain = props.domain
      ? {
          domainNames: [props.domain.name],
          certificate: Certificate.fromCertificateArn(
            this,
            "Certificate",
            props.domain.certificateArn,
          ),
          minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          sslSupportMethod: SSLMethod.SNI,
        }
      : {};
    const apiOrigin = new RestApiOrigin(props.restApi, {
      customHeaders: { [ORIGIN_HEADER]: originSecretReference(props.originSecret) },
    });
    this.openMonitor = props.openMonitor
      ? new OpenMonitorCaching(this, "OpenMonitor", { regionId: props.regionId })
      : undefined;
    this.distribution = new Distribution(this, "Distribution", {
      ...ownDomain,
      comment: `intake ${props.regionId}${rotation}`,
      defaultRootObject: DEFAULT_ROOT_OBJECT,
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: props.priceClass ?? PriceClass.PRICE_CLASS_100,
      enableLogging: false,
      enableIpv6: true,
      webAclId: props.webAclArn,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        compress: true,
        responseHeadersPolicy: this.responseHeadersPolicy,
        functionAssociations: [
          { function: this.indexRewrite, eventType: FunctionEventType.VIEWER_REQUEST },
        ],
      },
      // In this order: CloudFront takes the first pattern that matches.
      additionalBehaviors: {
        ...(this.openMonitor
          ? { [OPEN_API_PATH_PATTERN]: this.openMonitor.behavior(apiOrigin) }
          : {}),
        [API_PATH_PATTERN]: {
          origin: apiOrigin,
          // A redirect would turn a POST into a GET: plain HTTP is refused instead.
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: this.apiCachePolicy,
          originRequestPolicy: this.apiOriginRequestPolicy,
          responseHeadersPolicy: this.responseHeadersPolicy,
          compress: true,
        },
      },
    });

    this.deployment = new BucketDeployment(this, "Files", {
      sources: [Source.asset(props.webRoot)],
      destinationBucket: this.bucket,
      // Files the new build no longer has are removed; every deploy invalidates the edges.
      prune: true,
      distribution: this.distribution,
      distributionPaths: ["/*"],
      memoryLimit: 256,
    });
  }
}
