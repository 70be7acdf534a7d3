/**
 * The monitor on AWS (docs/report-contract.md, section 10): its API is one more route of the
 * region's REST API with a function of its own, and the functions of the pipeline may add to
 * the counters table.
 *
 * - `GET /api/v1/monitor` and `/api/v1/monitor/{proxy+}`: the coordinator's staff and ops, with
 *   their bearer tokens; `GET /api/v1/open/monitor…`: the open-data view, which the function
 *   answers only when the region publishes it. GET only: nothing is ever written through it.
 * - The monitor's function may query the counters table (never write it), and read a
 *   credential and count its requests in the access table, as the organisations' API does.
 * - The router, the organisations' API, the escalation and the person's status update counters
 *   (`dynamodb:UpdateItem` only: no read, no delete, no scan), and read the counters key, which
 *   keys the markers (functions/adapters/counters-key.ts): a secret of its own, so that counting
 *   gives no function the receipt keys. The monitor's own function reads no secret.
 */
import { LambdaIntegration, type RestApi } from "aws-cdk-lib/aws-apigateway";
import type { ISecret } from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import { ENV } from "../config/environment.ts";
import type { Region } from "../domain/region.ts";
import type { DataTables } from "./data-tables.ts";
import { IntakeFunction } from "./intake-function.ts";

export const MONITOR_PATHS = ["/api/v1/monitor", "/api/v1/open/monitor"] as const;

export interface MonitorProps {
  region: Region;
  tables: DataTables;
  restApi: RestApi;
  /** `{"hmacKey": …}` (lib/secrets.ts): the counting functions' only secret for counting. */
  countersKey: ISecret;
  /** the functions whose steps are counted */
  counting: readonly IntakeFunction[];
}

export class Monitor extends Construct {
  readonly api: IntakeFunction;

  constructor(scope: Construct, id: string, props: MonitorProps) {
    super(scope, id);
    const { tables } = props;
    this.api = new IntakeFunction(this, "Api", {
      region: props.region,
      tables,
      entry: "functions/monitor-api.ts",
      description: "GET /api/v1/monitor: the region's counts, after disclosure control",
    });
    const integration = new LambdaIntegration(this.api.live, { allowTestInvoke: false });
    for (const path of MONITOR_PATHS) {
      const resource = props.restApi.root.resourceForPath(path);
      resource.addMethod("GET", integration);
      resource.addResource("{proxy+}").addMethod("GET", integration);
    }
    // The counts of the months asked for; a credential and its per-minute counter.
    tables.grantQuery(this.api.function, "counters", ["table"]);
    tables.grantItems(this.api.function, "access", ["dynamodb:GetItem", "dynamodb:UpdateItem"]);

    for (const counting of props.counting) {
      tables.grantItems(counting.function, "counters", ["dynamodb:UpdateItem"]);
      props.countersKey.grantRead(counting.function);
      counting.function.addEnvironment(ENV.countersKeySecretArn, props.countersKey.secretArn);
    }
  }
}
