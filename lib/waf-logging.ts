/**
 * The edge web ACL's log (lib/edge-protection.ts), kept so that it holds as little of a person
 * as WAF allows, for as short a time as CloudWatch Logs allows:
 *
 * - only what a rule blocked or counted is written (a logging filter: the default is to drop);
 *   a request the web ACL let through by its default action, a person's ordinary request, is
 *   never logged;
 * - redacted: the query string, and each header that carries an address, a credential or a
 *   fingerprint (REDACTED_HEADERS). WAF logs no request body at all;
 * - WAF cannot redact the viewer's address (`httpRequest.clientIp`): the log group's data
 *   protection policy masks every IP address in it, for anyone without `logs:Unmask`, which
 *   this stack grants to nobody; the log group keeps its events WAF_LOG_RETENTION (one day).
 *
 * The log group's name starts with `aws-waf-logs-`, as WAF requires, and it lives beside the
 * web ACL in us-east-1. WAF adds the log group's resource policy for its log delivery itself
 * when it is first configured (`delivery.logs.amazonaws.com`).
 */
import { ArnFormat, RemovalPolicy, Stack } from "aws-cdk-lib";
import {
  DataIdentifier,
  DataProtectionPolicy,
  LogGroup,
  RetentionDays,
} from "aws-cdk-lib/aws-logs";
import { CfnLoggingConfiguration, type CfnWebACL } from "aws-cdk-lib/aws-wafv2";
import { Construct } from "constructs";

/** How long the log keeps an event: CloudWatch Logs' shortest retention. */
export const WAF_LOG_RETENTION = RetentionDays.ONE_DAY;

/**
 * Headers the log never shows: those that carry the viewer's address (set by the viewer, a
 * proxy or a CDN in front), the staff's bearer token, and what fingerprints a device.
 */
export const REDACTED_HEADERS = [
  "authorization",
  "cookie",
  "x-forwarded-for",
  "forwarded",
  "x-real-ip",
  "true-client-ip",
  "x-client-ip",
  "cf-connecting-ip",
  "cloudfront-viewer-address",
  "user-agent",
  "referer",
] as const;

/** The rule actions whose requests are logged; every other request is dropped from the log. */
export const LOGGED_ACTIONS = ["BLOCK", "COUNT"] as const;

export interface WafLoggingProps {
  webAcl: CfnWebACL;
  /** the web ACL's name: the log group is `aws-waf-logs-<name>` */
  name: string;
}

export class WafLogging extends Construct {
  readonly logGroup: LogGroup;
  readonly configuration: CfnLoggingConfiguration;

  constructor(scope: Construct, id: string, props: WafLoggingProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const logGroupName = `aws-waf-logs-${props.name}`;
    this.logGroup = new LogGroup(this, "LogGroup", {
      logGroupName,
      retention: WAF_LOG_RETENTION,
      // A day's blocked requests: nothing here is worth keeping once the stack lets it go.
      removalPolicy: RemovalPolicy.DESTROY,
      dataProtectionPolicy: new DataProtectionPolicy({
        name: "mask-addresses",
        description: "Masks the viewer's address, which WAF cannot redact",
        identifiers: [DataIdentifier.IPADDRESS],
      }),
    });
    this.configuration = new CfnLoggingConfiguration(this, "Configuration", {
      resourceArn: props.webAcl.attrArn,
      // WAF takes the log group's ARN without the `:*` that CloudFormation's Arn attribute ends in.
      logDestinationConfigs: [
        stack.formatArn({
          service: "logs",
          resource: "log-group",
          resourceName: logGroupName,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
      redactedFields: [
        { queryString: {} },
        ...REDACTED_HEADERS.map((name) => ({ singleHeader: { Name: name } })),
      ],
      loggingFilter: {
        DefaultBehavior: "DROP",
        Filters: [
          {
            Behavior: "KEEP",
            Requirement: "MEETS_ANY",
            Conditions: LOGGED_ACTIONS.map((action) => ({ ActionCondition: { Action: action } })),
          },
        ],
      },
    });
    this.configuration.node.addDependency(this.logGroup);
  }
}
