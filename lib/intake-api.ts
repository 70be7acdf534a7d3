/**
 * The API (docs/report-contract.md, sections 1 and 7): a regional REST API with Lambda proxy
 * integrations (payload format 1.0, the only one REST APIs have). CloudFront forwards `/api/*`
 * to this stage (lib/web-hosting.ts), so the contract's paths are the API's own paths; the API
 * answers only requests that came through CloudFront (lib/origin-verification.ts).
 *
 * Two APIs in one: the reporter's (`GET /api/v1/challenge`, `POST /api/v1/reports`, anonymous;
 * `POST /api/v1/status` and `POST /api/v1/status/{proxy+}`, where the person comes back with
 * the receipt in the body, which is the credential) and the organisations'
 * (`ANY /api/v1/org/{proxy+}` and `ANY /api/v1/ops/{proxy+}`, one function that authenticates
 * the bearer token itself, finds the route and limits each credential's rate: no API Gateway
 * authorizer, which would cache its decisions and let a revoked token in until its cache
 * expired).
 *
 * Defaults, each explicit below:
 * - regional endpoint, stage `live`, every method throttled to DEFAULT_THROTTLING (API Gateway
 *   applies a stage's limits to each method: the organisations' methods never spend the
 *   reporters' budget, nor the reverse);
 * - access logs in JSON, kept a month, with the fields of ACCESS_LOG_FIELDS only: no source
 *   address, no user agent, no raw path, no query string and no body;
 * - no execution logs and no X-Ray tracing: both record request headers, and CloudFront's
 *   `X-Forwarded-For` and `CloudFront-Viewer-Address` carry the viewer's address;
 * - each function's role holds the least its use cases need, granted line by line below
 *   (test/lib/intake-api.test.ts pins every action): only the organisations' function reads
 *   the audit trail, and no function issues or revokes a credential (the command line does,
 *   with ops's own AWS credentials).
 */

import { type Duration, RemovalPolicy } from "aws-cdk-lib";
import {
  AccessLogFormat,
  EndpointType,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  RestApi,
} from "aws-cdk-lib/aws-apigateway";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { ENV } from "../config/environment.ts";
import type { Region } from "../domain/region.ts";
import type { OrganisationAlerts } from "./alerts.ts";
import { RESERVED_CONCURRENCY } from "./capacity.ts";
import type { DataTables, ItemAction } from "./data-tables.ts";
import { IntakeFunction, type IntakeFunctionProps } from "./intake-function.ts";
import type { RoutingPipeline } from "./routing-pipeline.ts";
import type { IntakeSecrets } from "./secrets.ts";

export const API_STAGE_NAME = "live";

/** What powertools idempotency does to its records: read, write, complete, and delete a failed one. */
const IDEMPOTENCY_ACTIONS: readonly ItemAction[] = [
  "dynamodb:GetItem",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
];
export const CHALLENGE_PATH = "/api/v1/challenge";
export const REPORTS_PATH = "/api/v1/reports";
/** The person's status, and its steps below it (`/pin`, `/reply`, `/withdraw`, `/check-in`). */
export const STATUS_PATH = "/api/v1/status";
/** The organisations' API and ops' part of it: every path below each, one function. */
export const ORGANISATION_PATHS = ["/api/v1/org", "/api/v1/ops"] as const;

export interface ApiThrottling {
  /** steady requests per second, for each method of the stage */
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

/**
 * submit-report runs scrypt (receipt hashing): memory buys the CPU it needs. The person's status
 * runs the same digest and a key derivation on every call, and gets the same.
 */
export const INTAKE_MEMORY_MB = 1024;

/**
 * The access log's fields, and nothing else: enough to count, time and trace a request by its
 * id, never enough to tell who sent it or what it said. `resourcePath` is the API's declared
 * resource (`/api/v1/reports`), not the path the client sent.
 */
export const ACCESS_LOG_FIELDS: Readonly<Record<string, string>> = {
  requestId: "$context.requestId",
  requestTime: "$context.requestTimeEpoch",
  httpMethod: "$context.httpMethod",
  resourcePath: "$context.resourcePath",
  status: "$context.status",
  responseLength: "$context.responseLength",
  responseLatency: "$context.responseLatency",
  integrationLatency: "$context.integrationLatency",
  integrationStatus: "$context.integration.status",
  errorType: "$context.error.responseType",
  wafResponseCode: "$context.wafResponseCode",
};

/** A month of access logs: enough to investigate an incident, not a record of every report. */
export const ACCESS_LOG_RETENTION = RetentionDays.ONE_MONTH;

export interface IntakeApiProps {
  region: Region;
  tables: DataTables;
  /** The routing queue, and the coordinator's delivery queue for notices. */
  routing: RoutingPipeline;
  /** The organisations' alert topics: a decline alerts the coordinator. */
  alerts: OrganisationAlerts;
  secrets: IntakeSecrets;
  /** @default DEFAULT_THROTTLING */
  throttling?: ApiThrottling;
  /** @default FUNCTION_DEFAULTS.timeout, for every function */
  timeout?: Duration;
}

export class IntakeApi extends Construct {
  readonly restApi: RestApi;
  readonly accessLogs: LogGroup;
  /** GET /api/v1/challenge: touches no table and no queue. */
  readonly challenge: IntakeFunction;
  /** POST /api/v1/reports: writes a case and its receipt link, and enqueues the case id. */
  readonly intake: IntakeFunction;
  /** /api/v1/org/… and /api/v1/ops/…: the organisations' inbox, their work, the audit trail. */
  readonly organisations: IntakeFunction;
  /** POST /api/v1/status and its steps: the person comes back with their receipt. */
  readonly status: IntakeFunction;

  constructor(scope: Construct, id: string, props: IntakeApiProps) {
    super(scope, id);
    const throttling = props.throttling ?? DEFAULT_THROTTLING;
    this.accessLogs = new LogGroup(this, "AccessLogs", {
      retention: ACCESS_LOG_RETENTION,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.restApi = new RestApi(this, "RestApi", {
      restApiName: `intake-${props.region.id}`,
      description: "Anonymous self-report intake",
      endpointConfiguration: { types: [EndpointType.REGIONAL] },
      // Access logs need the account's API Gateway CloudWatch role (AWS::ApiGateway::Account,
      // one setting per account and region). Retained, so that deleting one region's stack
      // never takes the role that another region's API in the same account still logs with.
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
      deployOptions: {
        stageName: API_STAGE_NAME,
        throttlingRateLimit: throttling.rateLimit,
        throttlingBurstLimit: throttling.burstLimit,
        accessLogDestination: new LogGroupLogDestination(this.accessLogs),
        accessLogFormat: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
        loggingLevel: MethodLoggingLevel.OFF,
        dataTraceEnabled: false,
        tracingEnabled: false,
        // The stage's own metrics (count, 4XX, 5XX, latency) are free; per-method ones are not.
        metricsEnabled: false,
      },
    });

    const common = { region: props.region, tables: props.tables, timeout: props.timeout };
    const { pow, receiptKeys } = props.secrets;
    this.challenge = this.route("GET", CHALLENGE_PATH, "Challenge", {
      ...common,
      entry: "functions/get-challenge.ts",
      description: "GET /api/v1/challenge: a proof-of-work challenge",
      environment: { [ENV.powSecretArn]: pow.secretArn },
    });
    this.intake = this.route("POST", REPORTS_PATH, "Intake", {
      ...common,
      entry: "functions/submit-report.ts",
      memorySize: INTAKE_MEMORY_MB,
      reservedConcurrency: RESERVED_CONCURRENCY.intake,
      description: "POST /api/v1/reports: takes a report in",
      environment: {
        [ENV.powSecretArn]: pow.secretArn,
        [ENV.receiptKeysSecretArn]: receiptKeys.secretArn,
      },
    });
    pow.grantRead(this.challenge.function);

    const intake = this.intake.function;
    pow.grantRead(intake);
    receiptKeys.grantRead(intake);
    // Conditional puts of new cases and receipt links; it never reads a case back.
    props.tables.grantItems(intake, "reports", ["dynamodb:PutItem"]);
    // Powertools idempotency records (read, write, delete) and spent proof-of-work challenges.
    props.tables.grantItems(intake, "idempotency", IDEMPOTENCY_ACTIONS);
    // A test report's ops credential: read it and count its requests (never issue or revoke).
    props.tables.grantItems(intake, "access", ["dynamodb:GetItem", "dynamodb:UpdateItem"]);
    props.routing.routingQueue.grantSendMessages(intake);

    this.organisations = new IntakeFunction(this, "Organisations", {
      ...common,
      entry: "functions/organisation-api.ts",
      description: "/api/v1/org/ and /api/v1/ops/: the organisations' inbox and the audit trail",
      environment: { [ENV.alertTopicPrefix]: props.alerts.topicArnPrefix },
    });
    const organisations = new LambdaIntegration(this.organisations.live, {
      allowTestInvoke: false,
    });
    for (const path of ORGANISATION_PATHS) {
      // `{proxy+}` with ANY: the function routes, and answers 404 and 405 in the contract's shape.
      this.restApi.root
        .resourceForPath(path)
        .addProxy({ anyMethod: true, defaultIntegration: organisations });
    }
    this.grantOrganisationWork(props);

    this.status = new IntakeFunction(this, "Status", {
      ...common,
      entry: "functions/person-status.ts",
      // One receipt digest per key version and one key derivation on every call, like the intake.
      memorySize: INTAKE_MEMORY_MB,
      description: "POST /api/v1/status: the person comes back with their receipt",
      environment: {
        [ENV.powSecretArn]: pow.secretArn,
        [ENV.receiptKeysSecretArn]: receiptKeys.secretArn,
        [ENV.alertTopicPrefix]: props.alerts.topicArnPrefix,
      },
    });
    const status = new LambdaIntegration(this.status.live, { allowTestInvoke: false });
    // POST only, and no authorizer: the receipt in the body is the credential (never a URL).
    const statusResource = this.restApi.root.resourceForPath(STATUS_PATH);
    statusResource.addMethod("POST", status);
    statusResource.addResource("{proxy+}").addMethod("POST", status);
    this.grantPersonStatus(props);
  }

  /**
   * What the person's status function does to data (functions/use-cases/person-status.ts, and a
   * check-in's follow-up report through functions/adapters/intake.ts).
   */
  private grantPersonStatus({ tables, routing, alerts, secrets }: IntakeApiProps): void {
    const status = this.status.function;
    // The proof-of-work key keys the address counter; the receipt keys make the digests.
    secrets.pow.grantRead(status);
    secrets.receiptKeys.grantRead(status);
    // Reads a receipt link and its case; updates the case (PIN, reply, check-in, withdrawal);
    // deletes the link (a deletion); puts a follow-up report's link and case, as the intake does.
    tables.grantItems(status, "reports", [
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:UpdateItem",
      "dynamodb:DeleteItem",
    ]);
    // The case's assignments (the table, by case), each moved to `withdrawn` on a withdrawal.
    tables.grantItems(status, "assignments", ["dynamodb:UpdateItem"]);
    tables.grantQuery(status, "assignments", ["table"]);
    // Append-only, and never read back.
    tables.grantItems(status, "audit", ["dynamodb:PutItem"]);
    // Counters only (per keyed address, and each case's PIN tries, read and written by updates
    // too): no credential is read.
    tables.grantItems(status, "access", ["dynamodb:UpdateItem"]);
    // The follow-up report's powertools idempotency record.
    tables.grantItems(status, "idempotency", IDEMPOTENCY_ACTIONS);
    // The follow-up report is routed; a withdrawal is told to every organisation on the case,
    // and a reply or a withdrawal alerts them: any organisation of the region may be on one.
    routing.grantSend(status, routing.routing);
    for (const delivery of routing.deliveryQueues()) routing.grantSend(status, delivery);
    alerts.grantPublishToAll(status);
  }

  /** What the organisations' function does to data (functions/adapters/dynamo-*.ts, sqs-queues.ts). */
  private grantOrganisationWork({ tables, routing, alerts, region }: IntakeApiProps): void {
    const work = this.organisations.function;
    const { coordinator } = region;
    // Reads a case; records a claim, a re-routing (decline, hand-over), a flag, a message.
    tables.grantItems(work, "reports", ["dynamodb:GetItem", "dynamodb:UpdateItem"]);
    // Reads and moves the caller's assignment, and puts an assignment in or out of its
    // organisation's inbox (a flag, functions/adapters/dynamo-flags.ts); the router makes them.
    tables.grantItems(work, "assignments", ["dynamodb:GetItem", "dynamodb:UpdateItem"]);
    // Every assignment of a case (the table), every case of an organisation (the inbox index).
    tables.grantQuery(work, "assignments", ["table", "inboxIndex"]);
    // Append-only: a conditional put, and reading a trail back; never an update or a delete.
    tables.grantItems(work, "audit", ["dynamodb:PutItem"]);
    tables.grantQuery(work, "audit", ["table"]);
    // A credential by its token's hash, and its per-minute counter; ops issue and revoke.
    tables.grantItems(work, "access", ["dynamodb:GetItem", "dynamodb:UpdateItem"]);
    // A declined or handed-over case is routed again; the coordinator is told of a decline, and
    // every organisation on a case of a flag and its undo: any organisation may be on one.
    routing.grantSend(work, routing.routing);
    for (const delivery of routing.deliveryQueues()) routing.grantSend(work, delivery);
    alerts.grantPublish(work, [coordinator]);
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
      .addMethod(method, new LambdaIntegration(handler.live, { allowTestInvoke: false }));
    return handler;
  }
}
