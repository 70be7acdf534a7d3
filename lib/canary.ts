/**
 * The canary (docs/deploy.md, "The canary"): a function that the schedule runs every
 * `canary.everyMinutes` of the region file (CANARY_DEFAULTS: every hour), which does what a
 * person does over the public HTTPS API (a challenge, its proof, a report, marked `test` and
 * sent with an ops credential), checks through the ops API that the case reached every
 * organisation the policy chose, and removes it (functions/use-cases/run-canary.ts). With
 * `"canary": { "enabled": false }` none of this is made.
 *
 * Defaults, each explicit below:
 * - its ops credential is in a secret of its own, declared empty (ops put the token in, the
 *   template never owns it), encrypted with the AWS managed key of Secrets Manager: the
 *   region's data key would make the canary's role a user of the key of every table;
 * - its role may read that secret and write its log group, nothing else: no table, queue, topic
 *   or key. Everything it checks it asks the API, as ops would;
 * - one run at a time (reserved concurrency 1), no retry by EventBridge or Lambda (the next
 *   tick is the retry), a timeout well inside the shortest tick;
 * - `canary failed`: its `CanaryFailures` metric summed over two ticks, paging on one failure
 *   and on no data at all (the canary did not run, or died before it reported), on the
 *   region's alarm topic.
 */
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import { type Alarm, type CfnAlarm, Metric, TreatMissingData } from "aws-cdk-lib/aws-cloudwatch";
import { Rule, Schedule } from "aws-cdk-lib/aws-events";
import { LambdaFunction } from "aws-cdk-lib/aws-events-targets";
import { type CfnSecret, Secret } from "aws-cdk-lib/aws-secretsmanager";
import type { Topic } from "aws-cdk-lib/aws-sns";
import { Construct } from "constructs";
import { ENV } from "../config/environment.ts";
import { CANARY_METRICS, type CanarySettings, canaryOf } from "../domain/canary.ts";
import type { Region } from "../domain/region.ts";
import { alarmOnTopic } from "./alarm-topic.ts";
import { RESERVED_CONCURRENCY } from "./capacity.ts";
import type { DataTables } from "./data-tables.ts";
import { IntakeFunction } from "./intake-function.ts";
import { DISPOSABLE_IDS, pinLogicalId } from "./stateful-ids.ts";

/** A run: a challenge, a proof, a post, up to 90 s of routing, a removal; inside any tick. */
export const CANARY_TIMEOUT = Duration.minutes(3);

export interface CanaryProps {
  region: Region;
  tables: DataTables;
  /** the site's origin (`https://…/`): the canary goes through CloudFront, as people do */
  siteUrl: string;
  /** the region's alarm topic */
  alarmTopic: Topic;
}

export class Canary extends Construct {
  readonly settings: CanarySettings;
  readonly token: Secret;
  readonly runner: IntakeFunction;
  readonly rule: Rule;
  readonly alarm: Alarm;

  constructor(scope: Construct, id: string, props: CanaryProps) {
    super(scope, id);
    const { region } = props;
    this.settings = canaryOf(region);
    const every = Duration.minutes(this.settings.everyMinutes);

    this.token = new Secret(this, "Token", {
      description: `intake ${region.id}: the canary's ops credential, {"token": "intake_…"} (docs/deploy.md, "The canary")`,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Declared without a value: ops issue the token and put it in; CDK would generate one.
    (this.token.node.defaultChild as CfnSecret).addPropertyDeletionOverride("GenerateSecretString");
    pinLogicalId(this.token, DISPOSABLE_IDS.canaryToken);

    this.runner = new IntakeFunction(this, "Runner", {
      entry: "functions/run-canary.ts",
      region,
      tables: props.tables,
      timeout: CANARY_TIMEOUT,
      reservedConcurrency: RESERVED_CONCURRENCY.canary,
      description:
        "The canary: sends a test report through the public API and checks it was routed",
      environment: {
        [ENV.siteUrl]: props.siteUrl,
        [ENV.canaryTokenSecretArn]: this.token.secretArn,
      },
    });
    this.token.grantRead(this.runner.role);

    const target = this.runner.live;
    // An event older than a tick is dropped (Lambda keeps one at most 6 hours anyway).
    const maxEventAge = Duration.minutes(Math.min(this.settings.everyMinutes, 360));
    target.configureAsyncInvoke({ retryAttempts: 0, maxEventAge });
    this.rule = new Rule(this, "Schedule", {
      description: `intake ${region.id}: the canary, every ${this.settings.everyMinutes} minutes`,
      schedule: Schedule.rate(every),
      targets: [new LambdaFunction(target, { retryAttempts: 0 })],
    });

    // Two ticks: a window always holds a run, so no data means no run.
    const period = every.plus(every);
    this.alarm = alarmOnTopic(this, props.alarmTopic, region.id)(
      "canary failed",
      "The canary's test report did not reach its organisations, or the canary did not run",
      new Metric({
        namespace: CANARY_METRICS.namespace,
        metricName: CANARY_METRICS.failures,
        dimensionsMap: { service: CANARY_METRICS.service },
        period,
        statistic: "Sum",
      }),
      1,
    );
    (this.alarm.node.defaultChild as CfnAlarm).treatMissingData = TreatMissingData.BREACHING;
  }
}
