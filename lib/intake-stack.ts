/**
 * One deployment of the intake for one region: its tables, its queues and router, its API
 * and its schedules. Each concern is one construct, exposed here, so hardening (WAF,
 * CloudFront, KMS, alarms, secrets) can be added as constructs that take these as props.
 */
import { CfnOutput, Stack, type StackProps } from "aws-cdk-lib";
import type { Construct } from "constructs";
import type { Region } from "../functions/domain/region.ts";
import { DataTables } from "./data-tables.ts";
import { IntakeApi } from "./intake-api.ts";
import { RoutingPipeline } from "./routing-pipeline.ts";
import { Schedules } from "./schedules.ts";

/** A region's stack name; region ids are short slugs (functions/domain/region.ts). */
export const stackNameOf = (regionId: string) => `Intake-${regionId}`;

export interface IntakeStackProps extends StackProps {
  /** A region as `readRegionFile` returns it: validated, never raw JSON. */
  region: Region;
}

export class IntakeStack extends Stack {
  readonly tables: DataTables;
  readonly routing: RoutingPipeline;
  readonly api: IntakeApi;
  readonly schedules: Schedules;

  constructor(scope: Construct, id: string, props: IntakeStackProps) {
    super(scope, id, props);
    const { region } = props;
    this.tables = new DataTables(this, "Tables");
    this.routing = new RoutingPipeline(this, "Routing", { region, tables: this.tables });
    const routingQueue = this.routing.routingQueue;
    this.api = new IntakeApi(this, "Api", { region, tables: this.tables, routingQueue });
    this.schedules = new Schedules(this, "Schedules", {
      region,
      tables: this.tables,
      routingQueue,
    });
    new CfnOutput(this, "ApiUrl", {
      description: "The API stage's URL; the contract's paths follow it",
      value: this.api.restApi.url,
    });
  }
}
