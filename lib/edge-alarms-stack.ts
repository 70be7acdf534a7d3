/**
 * The region's third stack, `Intake-<id>-edge-alarms`, in us-east-1: the edge's alarms and
 * their topic (lib/edge-alarms.ts). It is apart from the edge stack because the CloudFront
 * alarm needs the distribution's id, which the region's stack makes, and the region's stack
 * needs the edge stack's web ACL first: edge, then the region, then this (`npm run deploy`
 * deploys the three in that order). The distribution's id crosses as a CDK cross-region
 * reference, like the web ACL's ARN (lib/intake-app.ts). It holds nothing of a report.
 */
import { CfnOutput, Stack, type StackProps } from "aws-cdk-lib";
import type { Construct } from "constructs";
import { STACK_OUTPUTS } from "../config/resources.ts";
import type { Region } from "../domain/region.ts";
import { refuseDeployOfSample } from "./deploy-guard.ts";
import { EdgeAlarms } from "./edge-alarms.ts";

export interface EdgeAlarmsStackProps extends StackProps {
  region: Region;
  distributionId: string;
  webAclMetricName: string;
}

export class EdgeAlarmsStack extends Stack {
  readonly alarms: EdgeAlarms;

  constructor(scope: Construct, id: string, props: EdgeAlarmsStackProps) {
    super(scope, id, props);
    this.alarms = new EdgeAlarms(this, "EdgeAlarms", {
      regionId: props.region.id,
      distributionId: props.distributionId,
      webAclMetricName: props.webAclMetricName,
    });
    refuseDeployOfSample(this, props.region);
    new CfnOutput(this, STACK_OUTPUTS.edgeAlarmTopicArn, {
      value: this.alarms.topic.topicArn,
      description: "Where the edge's alarms go (us-east-1): subscribe on-call to it",
    });
  }
}
