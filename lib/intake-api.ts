/**
 * The reporter's API (docs/report-contract.md, section 1): a regional REST API with Lambda
 * proxy integrations (payload format 1.0, the only one REST APIs have). CloudFront will
 * forward `/api/*` to this stage, so the contract's paths are the API's own paths.
 */
import type { Duration } from "aws-cdk-lib";
import { EndpointType, LambdaIntegration, RestApi } from "aws-cdk-lib/aws-apigateway";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import type { Region } from "../functions/domain/region.ts";
import type { DataTables } from "./data-tables.ts";
import { IntakeFunction, type IntakeFunctionProps } from "./intake-function.ts";

export const API_STAGE_NAME = "live";
export const CHALLENGE_PATH = "/api/v1/challenge";
export const REPORTS_PATH = "/api/v1/reports";

export interface ApiThrottling {
  /** steady requests per second, for the whole stage */
  rateLimit: number;
  /** requests above the rate that the token bucket absorbs at once */
  burstLimit: number;
}

/**
 * Well below the account's regional quota (10,000 rps), which every API of the account
 * shares: a flood against the intake must not starve anything else. A person sends one
 * report after seconds of proof of work, so honest traffic stays far below this.
 */
export const DEFAULT_THROTTLING: ApiThrottling = { rateLimit: 50, burstLimit: 100 };

/** submit-report runs scrypt (receipt hashing): memory buys the CPU it needs. */
export const INTAKE_MEMORY_MB = 1024;

export interface IntakeApiProps {
  region: Region;
  tables: DataTables;
  routingQueue: IQueue;
  /** @default DEFAULT_THROTTLING */
  throttling?: ApiThrottling;
  /** @default FUNCTION_DEFAULTS.timeout, for both functions */
  timeout?: Duration;
}

export class IntakeApi extends Construct {
  readonly restApi: RestApi;
  /** GET /api/v1/challenge: touches no table and no queue. */
  readonly challenge: IntakeFunction;
  /** POST /api/v1/reports: writes a case and its receipt link, and enqueues the case id. */
  readonly intake: IntakeFunction;

  constructor(scope: Construct, id: string, props: IntakeApiProps) {
    super(scope, id);
    const throttling = props.throttling ?? DEFAULT_THROTTLING;
    this.restApi = new RestApi(this, "RestApi", {
      restApiName: `intake-${props.region.id}`,
      description: "Anonymous self-report intake",
      endpointConfiguration: { types: [EndpointType.REGIONAL] },
      // The CloudWatch role is one per account and region (AWS::ApiGateway::Account): a
      // stack that owns it breaks every other stack that does too. Access logs come later.
      cloudWatchRole: false,
      deployOptions: {
        stageName: API_STAGE_NAME,
        throttlingRateLimit: throttling.rateLimit,
        throttlingBurstLimit: throttling.burstLimit,
      },
    });

    const common = { region: props.region, tables: props.tables, timeout: props.timeout };
    this.challenge = this.route("GET", CHALLENGE_PATH, "Challenge", {
      ...common,
      entry: "functions/get-challenge.ts",
      description: "GET /api/v1/challenge: a proof-of-work challenge",
    });
    this.intake = this.route("POST", REPORTS_PATH, "Intake", {
      ...common,
      entry: "functions/submit-report.ts",
      memorySize: INTAKE_MEMORY_MB,
      description: "POST /api/v1/reports: takes a report in",
    });

    const intake = this.intake.function;
    // Conditional puts of new cases and receipt links; it never reads a case back.
    props.tables.table("reports").grantWriteData(intake);
    // Powertools idempotency records (read, write, delete) and spent proof-of-work challenges.
    props.tables.table("idempotency").grantReadWriteData(intake);
    props.routingQueue.grantSendMessages(intake);
  }

  private route(
    method: "GET" | "POST",
    path: string,
    id: string,
    props: IntakeFunctionProps,
  ): IntakeFunction {
    const handler = new IntakeFunction(this, id, props);
    this.restApi.root
      .resourceForPath(path)
      // Proxy integration; no permission for the console's test invocations.
      .addMethod(method, new LambdaIntegration(handler.function, { allowTestInvoke: false }));
    return handler;
  }
}
