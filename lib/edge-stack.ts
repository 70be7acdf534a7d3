/**
 * The small companion stack of a region, in us-east-1: CloudFront accepts a web ACL of scope
 * CLOUDFRONT from that AWS region only. It holds that web ACL (lib/edge-protection.ts) and its
 * log (lib/waf-logging.ts), and nothing of a report. The region's stack reads the web ACL's ARN as a CDK cross-region
 * reference (lib/intake-app.ts explains the choice).
 */
import { Stack, type StackProps } from "aws-cdk-lib";
import type { Construct } from "constructs";
import type { Region } from "../domain/region.ts";
import { refuseDeployOfSample } from "./deploy-guard.ts";
import { commonRulesMode, EdgeProtection } from "./edge-protection.ts";
import { WafLogging } from "./waf-logging.ts";

export interface EdgeStackProps extends StackProps {
  region: Region;
  /** when the template is made: it decides the common rule set's mode (its soak period) */
  now: Date;
}

export class EdgeStack extends Stack {
  readonly protection: EdgeProtection;
  readonly logging: WafLogging;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, props);
    this.protection = new EdgeProtection(this, "Protection", {
      regionId: props.region.id,
      commonRules: commonRulesMode(props.region, props.now),
    });
    this.logging = new WafLogging(this, "Logging", {
      webAcl: this.protection.webAcl,
      name: this.protection.metricName,
    });
    refuseDeployOfSample(this, props.region);
  }
}
