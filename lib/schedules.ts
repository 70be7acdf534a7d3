/**
 * What runs on a clock: the sweeper, which enqueues again the cases that a failed enqueue or
 * an interrupted router left waiting (functions/use-cases/sweep-stale.ts); later, the
 * escalations of unclaimed cases.
 *
 * Defaults, each explicit below: every minute (SWEEP_EVERY); no retry of a failed run, neither
 * by EventBridge nor by Lambda's asynchronous invocation, and an event older than one tick is
 * dropped: the next tick is the retry, and runs must not pile up.
 */
import { Duration } from "aws-cdk-lib";
import { Rule, Schedule } from "aws-cdk-lib/aws-events";
import { LambdaFunction } from "aws-cdk-lib/aws-events-targets";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import type { Region } from "../functions/domain/region.ts";
import type { DataTables } from "./data-tables.ts";
import { IntakeFunction } from "./intake-function.ts";

export const SWEEP_EVERY = Duration.minutes(1);

export interface SchedulesProps {
  region: Region;
  tables: DataTables;
  routingQueue: IQueue;
}

export class Schedules extends Construct {
  readonly sweeper: IntakeFunction;
  readonly sweepRule: Rule;

  constructor(scope: Construct, id: string, props: SchedulesProps) {
    super(scope, id);
    this.sweeper = new IntakeFunction(this, "Sweeper", {
      entry: "functions/sweep-stale.ts",
      region: props.region,
      tables: props.tables,
      description: "Enqueues again the cases left waiting",
    });
    const sweeper = this.sweeper.function;
    sweeper.configureAsyncInvoke({ retryAttempts: 0, maxEventAge: SWEEP_EVERY });
    this.sweepRule = new Rule(this, "Sweep", {
      schedule: Schedule.rate(SWEEP_EVERY),
      // No retries of a failed run: the next tick is the retry, and runs must not pile up.
      targets: [new LambdaFunction(sweeper, { retryAttempts: 0 })],
    });
    // It queries the sparse waiting indexes; it never reads or writes an item.
    props.tables.grantQueryWaiting(sweeper, "reports");
    props.tables.grantQueryWaiting(sweeper, "assignments");
    props.routingQueue.grantSendMessages(sweeper);
  }
}
