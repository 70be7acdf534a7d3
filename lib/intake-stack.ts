/**
 * One deployment of the intake for one region: its data, its secrets, its queues and router,
 * the organisations' alerts, its API (the reporter's and the organisations') and what guards
 * it, its web hosting, its schedules (sweep, escalate), what watches it and its canary. Each concern
 * is one construct; this stack only wires them together and names what ops need in its
 * outputs. The CloudFront web ACL lives in the region's edge stack (lib/edge-stack.ts), in
 * us-east-1, and reaches this stack as a cross-region reference (lib/intake-app.ts).
 */
import { CfnOutput, Stack, type StackProps } from "aws-cdk-lib";
import type { Construct } from "constructs";
import { intakeStackName, STACK_OUTPUTS } from "../config/resources.ts";
import { canaryOf } from "../domain/canary.ts";
import type { Region } from "../domain/region.ts";
import { OrganisationAlerts } from "./alerts.ts";
import { Canary } from "./canary.ts";
import { DataTables } from "./data-tables.ts";
import { refuseDeployOfSample } from "./deploy-guard.ts";
import { GradualDeployments } from "./gradual-deployments.ts";
import { IntakeApi } from "./intake-api.ts";
import { Monitor } from "./monitor.ts";
import { Observability, type WatchedWebAcl } from "./observability.ts";
import { OriginVerification } from "./origin-verification.ts";
import { RoutingPipeline } from "./routing-pipeline.ts";
import { Schedules } from "./schedules.ts";
import { IntakeSecrets } from "./secrets.ts";
import { WebHosting } from "./web-hosting.ts";

/** A region's stack name; region ids are short slugs (domain/region.ts). */
export const stackNameOf = intakeStackName;

export interface IntakeStackProps extends StackProps {
  /** A region as `readRegionFile` returns it: validated, never raw JSON. */
  region: Region;
  /** The folder of built static files the distribution serves. */
  webRoot: string;
  /** The CLOUDFRONT-scope web ACL's ARN (the edge stack's). */
  edgeWebAcl: { arn: string; metrics: Omit<WatchedWebAcl, "title"> };
  /**
   * Set for the first of the two deploys of an origin secret rotation (docs/deploy.md): the
   * API's web ACL also accepts the previous value, and CloudFront takes the new one.
   * @default none
   */
  originSecretRotation?: string;
}

export class IntakeStack extends Stack {
  readonly tables: DataTables;
  readonly secrets: IntakeSecrets;
  readonly alerts: OrganisationAlerts;
  readonly routing: RoutingPipeline;
  readonly api: IntakeApi;
  readonly originVerification: OriginVerification;
  readonly web: WebHosting;
  readonly schedules: Schedules;
  readonly monitor: Monitor;
  readonly observability: Observability;
  readonly deployments: GradualDeployments;
  /** the scheduled end-to-end check (lib/canary.ts), unless the region file turns it off */
  readonly canary: Canary | undefined;

  constructor(scope: Construct, id: string, props: IntakeStackProps) {
    super(scope, id, props);
    const { region } = props;
    const regionId = region.id;
    this.tables = new DataTables(this, "Tables", { regionId });
    this.secrets = new IntakeSecrets(this, "Secrets", {
      regionId,
      encryptionKey: this.tables.key,
    });
    this.alerts = new OrganisationAlerts(this, "Alerts", { region });
    const { alerts } = this;
    this.routing = new RoutingPipeline(this, "Routing", { region, tables: this.tables, alerts });
    const routing = this.routing;
    this.api = new IntakeApi(this, "Api", {
      region,
      tables: this.tables,
      routing,
      alerts,
      secrets: this.secrets,
    });
    this.originVerification = new OriginVerification(this, "OriginVerification", {
      regionId,
      stage: this.api.restApi.deploymentStage,
      originSecret: this.secrets.origin,
      acceptPreviousSecret: props.originSecretRotation !== undefined,
    });
    this.web = new WebHosting(this, "Web", {
      locales: region.locales,
      regionId,
      webRoot: props.webRoot,
      restApi: this.api.restApi,
      originSecret: this.secrets.origin,
      webAclArn: props.edgeWebAcl.arn,
      domain: region.domain,
      openMonitor: region.monitor?.openData ?? false,
      ...(props.originSecretRotation ? { originSecretRotation: props.originSecretRotation } : {}),
    });
    // In a rotation, the API's web ACL accepts the new value before the edges send it.
    this.web.distribution.node.addDependency(this.originVerification.association);
    this.schedules = new Schedules(this, "Schedules", {
      region,
      tables: this.tables,
      routing,
      alerts,
    });
    this.monitor = new Monitor(this, "Monitor", {
      region,
      tables: this.tables,
      restApi: this.api.restApi,
      countersKey: this.secrets.countersKey,
      counting: [
        this.routing.router,
        this.api.organisations,
        this.api.status,
        this.schedules.escalator,
      ],
    });
    this.observability = new Observability(this, "Observability", {
      region,
      alertTopics: alerts.topics,
      queues: this.routing.queues,
      restApi: this.api.restApi,
      functions: [
        { name: "challenge", function: this.api.challenge.function },
        { name: "intake", function: this.api.intake.function },
        { name: "router", function: this.routing.router.function },
        { name: "sweeper", function: this.schedules.sweeper.function },
        { name: "org api", function: this.api.organisations.function },
        { name: "status", function: this.api.status.function },
        { name: "escalation", function: this.schedules.escalator.function },
        { name: "monitor", function: this.monitor.api.function },
      ],
      webAcls: [
        { title: "CloudFront web ACL", ...props.edgeWebAcl.metrics },
        {
          title: "API web ACL (requests that skipped CloudFront)",
          metricName: this.originVerification.metricName,
          ruleMetricNames: [],
          region: this.region,
          regionDimension: this.region,
        },
      ],
    });
    this.canary = canaryOf(region).enabled
      ? new Canary(this, "Canary", {
          region,
          tables: this.tables,
          siteUrl: `https://${this.web.distribution.distributionDomainName}/`,
          alarmTopic: this.observability.topic,
        })
      : undefined;
    this.deployments = this.gradualDeployments(region.id);
    refuseDeployOfSample(this, region);
    this.outputs();
  }

  /** Which alias goes how fast, and which alarm rolls it back (lib/gradual-deployments.ts). */
  private gradualDeployments(regionId: string): GradualDeployments {
    const paced = [
      ["challenge", this.api.challenge, "canary"],
      ["intake", this.api.intake, "canary"],
      ["status", this.api.status, "canary"],
      ["org api", this.api.organisations, "canary"],
      ["monitor", this.monitor.api, "canary"],
      ["router", this.routing.router, "allAtOnce"],
      ["sweeper", this.schedules.sweeper, "allAtOnce"],
      ["escalation", this.schedules.escalator, "allAtOnce"],
    ] as const;
    return new GradualDeployments(this, "Deployments", {
      regionId,
      functions: paced.map(([name, fn, pace]) => {
        const errors = this.observability.errorAlarms.get(name);
        if (!errors) throw new Error(`No errors alarm of ${name}`);
        return { name, alias: fn.live, pace, errors };
      }),
    });
  }

  private outputs() {
    const output = (id: string, value: string, description: string) =>
      new CfnOutput(this, id, { value, description });
    output(
      STACK_OUTPUTS.siteUrl,
      `https://${this.web.distribution.distributionDomainName}/`,
      "The form, and the contract's paths under /api/",
    );
    output(
      STACK_OUTPUTS.apiUrl,
      this.api.restApi.url,
      "The API stage's own URL: it answers 403 to anything that did not come through CloudFront",
    );
    output(
      STACK_OUTPUTS.queueUrlPrefix,
      `https://sqs.${this.region}.${this.urlSuffix}/${this.account}/`,
      "A queue's URL is this prefix and its name (config/resources.ts)",
    );
    for (const { declaration, table } of this.tables.all()) {
      output(STACK_OUTPUTS.table(declaration.id), table.tableName, declaration.purpose);
    }
    output(STACK_OUTPUTS.alarmTopicArn, this.observability.topic.topicArn, "Subscribe ops here");
    output(STACK_OUTPUTS.dashboard, this.observability.dashboard.dashboardName, "CloudWatch");
    output(STACK_OUTPUTS.powSecretArn, this.secrets.pow.secretArn, "The proof-of-work key");
    output(
      STACK_OUTPUTS.receiptKeysSecretArn,
      this.secrets.receiptKeys.secretArn,
      "The receipt hashing keys, one per version: never rotate, add a version",
    );
    output(
      STACK_OUTPUTS.originSecretArn,
      this.secrets.origin.secretArn,
      "CloudFront's origin header",
    );
    output(
      STACK_OUTPUTS.countersKeySecretArn,
      this.secrets.countersKey.secretArn,
      "The monitor's counters key: never rotate",
    );
    if (this.canary)
      output(
        STACK_OUTPUTS.canaryTokenSecretArn,
        this.canary.token.secretArn,
        "Put the canary's ops token here (docs/deploy.md, 'The canary')",
      );
    for (const { declaration, key, draining, consumerAccount } of this.routing.deliveryQueues()) {
      if (!key || !declaration.organisation) continue;
      output(
        STACK_OUTPUTS.deliveryKey(declaration.organisation),
        key.keyArn,
        draining
          ? `The key of what waits on ${declaration.name} from before its access was taken back (draining)`
          : `The key of ${declaration.name}, which account ${consumerAccount} may decrypt with`,
      );
    }
  }
}
