/**
 * Only requests that came through the region's CloudFront distribution reach the API: CloudFront
 * adds a secret header to every request it forwards (lib/web-hosting.ts), and a REGIONAL web ACL
 * on the API's stage lets in the requests that carry it and blocks every other one with 403
 * (someone calling the `execute-api` address directly skips CloudFront's web ACL and its rate
 * limits). No function code is involved.
 *
 * The secret's value reaches CloudFront and this web ACL through CloudFormation dynamic
 * references (`{{resolve:secretsmanager:…}}`), resolved by CloudFormation at deploy time: the
 * template, the cloud assembly and the repository hold only the reference. CloudFormation
 * resolves a reference again only when the resource that holds it changes, so a rotation
 * (docs/deploy.md) redeploys with `acceptPreviousSecret` first, which both changes this web ACL
 * and lets the previous value in while CloudFront's edges take the new one.
 *
 * API Gateway passes the header on to the functions with the rest of the request: it sits in
 * their events' memory, like every header, and the functions never log an event.
 *
 * Defaults, each explicit below: default action block; no WAF logging and no sampled requests
 * (both would keep viewers' addresses); CloudWatch metrics on (counts only).
 */
import { SecretValue } from "aws-cdk-lib";
import type { Stage } from "aws-cdk-lib/aws-apigateway";
import type { ISecret } from "aws-cdk-lib/aws-secretsmanager";
import { CfnWebACL, CfnWebACLAssociation } from "aws-cdk-lib/aws-wafv2";
import { Construct } from "constructs";
import { ORIGIN_HEADER, ORIGIN_SECRET_FIELD } from "../config/resources.ts";

/**
 * A dynamic reference to the origin secret's value: `AWSCURRENT` unless a stage is named
 * (`AWSPREVIOUS` exists only after the secret's first rotation).
 */
export function originSecretReference(
  secret: ISecret,
  versionStage?: "AWSCURRENT" | "AWSPREVIOUS",
): string {
  return SecretValue.secretsManager(secret.secretArn, {
    jsonField: ORIGIN_SECRET_FIELD,
    ...(versionStage ? { versionStage } : {}),
  }).unsafeUnwrap();
}

/** CloudWatch metrics (counts per rule) without sampled requests, which keep addresses. */
/**
 * A web ACL's or a rule's CloudWatch metrics (counts only), and its sampled requests when asked:
 * AWS keeps a sample of the matching requests, their address and headers included, for three
 * hours, readable in the console by whoever may call `wafv2:GetSampledRequests`.
 */
export const visibility = (
  metricName: string,
  { sampled = false }: { sampled?: boolean } = {},
): CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  metricName,
  sampledRequestsEnabled: sampled,
});

const headerEquals = (value: string): CfnWebACL.StatementProperty => ({
  byteMatchStatement: {
    fieldToMatch: { singleHeader: { Name: ORIGIN_HEADER } },
    positionalConstraint: "EXACTLY",
    searchString: value,
    textTransformations: [{ priority: 0, type: "NONE" }],
  },
});

export interface OriginVerificationProps {
  regionId: string;
  /** The API's stage, which the web ACL is associated with. */
  stage: Stage;
  /** `{"value": …}` (lib/secrets.ts). */
  originSecret: ISecret;
  /**
   * During a rotation of the origin secret only: also let in the previous value, while
   * CloudFront's edges still send it.
   * @default false
   */
  acceptPreviousSecret?: boolean;
}

export class OriginVerification extends Construct {
  readonly webAcl: CfnWebACL;
  /** The web ACL's CloudWatch metric name (its name too). */
  readonly metricName: string;
  readonly association: CfnWebACLAssociation;

  constructor(scope: Construct, id: string, props: OriginVerificationProps) {
    super(scope, id);
    const current = headerEquals(originSecretReference(props.originSecret));
    const statement = props.acceptPreviousSecret
      ? {
          orStatement: {
            statements: [
              current,
              headerEquals(originSecretReference(props.originSecret, "AWSPREVIOUS")),
            ],
          },
        }
      : current;
    const metrics = `intake-${props.regionId}-origin`;
    this.metricName = metrics;
    this.webAcl = new CfnWebACL(this, "WebAcl", {
      name: metrics,
      scope: "REGIONAL",
      description: `intake ${props.regionId}: the API answers requests that came through CloudFront only`,
      defaultAction: { block: {} },
      visibilityConfig: visibility(metrics),
      rules: [
        {
          name: "came-through-cloudfront",
          priority: 0,
          action: { allow: {} },
          statement,
          visibilityConfig: visibility(`${metrics}-cloudfront`),
        },
      ],
    });
    this.association = new CfnWebACLAssociation(this, "Association", {
      resourceArn: props.stage.stageArn,
      webAclArn: this.webAcl.attrArn,
    });
    // The stage's ARN is a name, not a reference: without this, CloudFormation could try to
    // associate the web ACL before the stage exists.
    this.association.node.addDependency(props.stage);
  }
}
