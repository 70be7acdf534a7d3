/**
 * What runs on a clock:
 *
 * - the sweeper, every minute (SWEEP_EVERY), which enqueues again the cases that a failed
 *   enqueue or an interrupted router left waiting (functions/use-cases/sweep-stale.ts);
 * - the escalation, every five minutes (ESCALATE_EVERY), which hands the emergency and high
 *   cases nobody claimed in time to the coordinator (functions/use-cases/escalate-unclaimed.ts):
 *   a notice on its queue, an alert, an `Escalations` metric that an ops alarm watches.
 *
 * Defaults, each explicit below: no retry of a failed run, neither by EventBridge nor by Lambda's
 * asynchronous invocation, and an event older than one tick is dropped: the next tick is the
 * retry, and runs must not pile up (the escalation's timeout is shorter than its tick, so two
 * runs never overlap).
 */

import { Duration } from "aws-cdk-lib";
import { Rule, Schedule } from "aws-cdk-lib/aws-events";
import { LambdaFunction } from "aws-cdk-lib/aws-events-targets";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { Construct } from "constructs";
import { ENV } from "../config/environment.ts";
import type { Region } from "../domain/region.ts";
import type { OrganisationAlerts } from "./alerts.ts";
import { RESERVED_CONCURRENCY } from "./capacity.ts";
import type { DataTables } from "./data-tables.ts";
import { IntakeFunction } from "./intake-function.ts";
import type { RoutingPipeline } from "./routing-pipeline.ts";

export const SWEEP_EVERY = Duration.minutes(1);
export const ESCALATE_EVERY = Duration.minutes(5);
/**
 * Up to 100 cases of each escalating urgency a run, a dozen calls each: a minute is plenty, and
 * well inside the tick.
 */
export const ESCALATION_TIMEOUT = Duration.minutes(1);

export interface SchedulesProps {
  region: Region;
  tables: DataTables;
  /** The routing queue, and the coordinator's delivery queue for the escalation's notices. */
  routing: RoutingPipeline;
  /** The organisations' alert topics: an escalation alerts the coordinator. */
  alerts: OrganisationAlerts;
}

export class Schedules extends Construct {
  readonly sweeper: IntakeFunction;
  readonly sweepRule: Rule;
  readonly escalator: IntakeFunction;
  readonly escalateRule: Rule;

  constructor(scope: Construct, id: string, props: SchedulesProps) {
    super(scope, id);
    const { region, tables, routing, alerts } = props;
    this.sweeper = new IntakeFunction(this, "Sweeper", {
      entry: "functions/sweep-stale.ts",
      region,
      tables,
      description: "Enqueues again the cases left waiting",
    });
    const sweeper = this.sweeper.function;
    this.sweepRule = this.everyTick("Sweep", this.sweeper.live, SWEEP_EVERY);
    // It queries the sparse waiting indexes; it never reads or writes an item.
    tables.grantQueryWaiting(sweeper, "reports");
    tables.grantQueryWaiting(sweeper, "assignments");
    routing.routingQueue.grantSendMessages(sweeper);

    this.escalator = new IntakeFunction(this, "Escalator", {
      entry: "functions/escalate-unclaimed.ts",
      region,
      tables,
      timeout: ESCALATION_TIMEOUT,
      description: "Escalates the urgent cases nobody claimed in time to the coordinator",
      reservedConcurrency: RESERVED_CONCURRENCY.escalator,
      environment: { [ENV.alertTopicPrefix]: alerts.topicArnPrefix },
    });
    const escalator = this.escalator.function;
    this.escalateRule = this.everyTick("Escalate", this.escalator.live, ESCALATE_EVERY);
    // The cases waiting for a first claim (the waiting index, `unclaimed#<urgency>`); each one
    // is read, marked escalated and, if the coordinator was not on it, routed again.
    tables.grantQueryWaiting(escalator, "reports");
    tables.grantItems(escalator, "reports", ["dynamodb:GetItem", "dynamodb:UpdateItem"]);
    // The coordinator's assignment, marked escalated; the router makes a missing one.
    tables.grantItems(escalator, "assignments", ["dynamodb:GetItem", "dynamodb:UpdateItem"]);
    tables.grantItems(escalator, "audit", ["dynamodb:PutItem"]);
    routing.grantSend(escalator, routing.routing);
    routing.grantNotices(escalator, region.coordinator);
    alerts.grantPublish(escalator, [region.coordinator]);
  }

  /** A rule that invokes the function every tick, with no retries by anyone. */
  private everyTick(id: string, target: IFunction, every: Duration): Rule {
    target.configureAsyncInvoke({ retryAttempts: 0, maxEventAge: every });
    return new Rule(this, id, {
      schedule: Schedule.rate(every),
      // No retries of a failed run: the next tick is the retry, and runs must not pile up.
      targets: [new LambdaFunction(target, { retryAttempts: 0 })],
    });
  }
}
