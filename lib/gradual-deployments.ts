/**
 * New code reaches people gradually and goes back by itself when it fails: CodeDeploy shifts
 * each function's `live` alias (lib/intake-function.ts) from the version it runs to the new one
 * that a deploy publishes, and shifts it back when the function's `errors` alarm
 * (lib/observability.ts) fires while it does, or when the deployment fails or is stopped.
 * CloudFormation waits for the shift (the alias's UpdatePolicy): a rolled-back shift fails the
 * stack update, which CloudFormation then rolls back too (docs/deploy.md, "Roll back").
 *
 * How fast, by function (DEPLOYMENT_CONFIGS):
 * - the functions behind the API (challenge, intake, status, organisations' API, monitor):
 *   10 % of calls for 5 minutes, then all (`Canary10Percent5Minutes`): a failing version
 *   reaches one call in ten until its alarm fires;
 * - the router (driven by the routing queue), the sweeper (every minute) and the escalation
 *   (every 5 minutes): all at once. A canary of 10 % over 5 minutes is five or fewer runs of a
 *   schedule, and for the router a handful of batches: the new version would most likely never
 *   run before the shift completes, so a canary only delays, it proves nothing. A failure there
 *   waits on the queue and is retried (the dead-letter queue and `routing stuck` alarms watch
 *   it); their `errors` alarms still page ops, and rolling back is the runbook's.
 */

import type { IAlarm } from "aws-cdk-lib/aws-cloudwatch";
import {
  LambdaApplication,
  LambdaDeploymentConfig,
  LambdaDeploymentGroup,
} from "aws-cdk-lib/aws-codedeploy";
import { Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import type { Alias } from "aws-cdk-lib/aws-lambda";
import { Construct } from "constructs";

export const DEPLOYMENT_CONFIGS = {
  canary: LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES,
  allAtOnce: LambdaDeploymentConfig.ALL_AT_ONCE,
} as const;

export interface DeployedFunction {
  /** its name in the alarms (`intake`, `router`) */
  name: string;
  alias: Alias;
  pace: keyof typeof DEPLOYMENT_CONFIGS;
  /** the function's `errors` alarm */
  errors: IAlarm;
}

export interface GradualDeploymentsProps {
  regionId: string;
  functions: readonly DeployedFunction[];
}

export class GradualDeployments extends Construct {
  readonly application: LambdaApplication;
  readonly role: Role;
  readonly groups = new Map<string, LambdaDeploymentGroup>();

  constructor(scope: Construct, id: string, props: GradualDeploymentsProps) {
    super(scope, id);
    this.application = new LambdaApplication(this, "Application", {
      applicationName: `intake-${props.regionId}`,
    });
    // One role for every group: CodeDeploy's own, with its AWS managed policy (cdk-nag's IAM4 is
    // acknowledged on it, lib/nag-acknowledgements.ts).
    this.role = new Role(this, "Role", {
      assumedBy: new ServicePrincipal("codedeploy.amazonaws.com"),
      description: "CodeDeploy: shifts the functions' live aliases, and back",
    });
    for (const fn of props.functions) {
      this.groups.set(
        fn.name,
        new LambdaDeploymentGroup(this, fn.name, {
          application: this.application,
          role: this.role,
          alias: fn.alias,
          deploymentConfig: DEPLOYMENT_CONFIGS[fn.pace],
          alarms: [fn.errors],
          autoRollback: {
            failedDeployment: true,
            stoppedDeployment: true,
            deploymentInAlarm: true,
          },
        }),
      );
    }
  }
}
