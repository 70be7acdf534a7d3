import { Match } from "aws-cdk-lib/assertions";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { beforeAll, describe, expect, it } from "vitest";
import { queuesOf } from "../../config/resources.ts";
import type { TableId } from "../../lib/data-tables.ts";
import {
  ACCESS_LOG_FIELDS,
  API_STAGE_NAME,
  CHALLENGE_PATH,
  DEFAULT_THROTTLING,
  INTAKE_MEMORY_MB,
  ORGANISATION_PATHS,
  REPORTS_PATH,
  STATUS_PATH,
} from "../../lib/intake-api.ts";
import {
  actionsOf,
  allowsAny,
  logicalId,
  type PolicyStatement,
  referencedIds,
  roleOf,
  type Synthesized,
  sampleRegion,
  statementsOfRole,
  synthesize,
} from "../helpers/synth.ts";

const region = sampleRegion();
const deliveryQueueNames = queuesOf(region)
  .filter((declaration) => declaration.kind === "delivery")
  .map((declaration) => declaration.name);

let synthesized: Synthesized;
beforeAll(() => {
  synthesized = synthesize(region);
});

/** `/api/v1/reports` for a resource's logical id, following the ParentId chain to the root. */
function pathOf(resourceId: unknown): string {
  const resources = synthesized.template.findResources("AWS::ApiGateway::Resource");
  const parts: string[] = [];
  let current = resourceId;
  for (;;) {
    const [id] = referencedIds(current);
    const resource = id === undefined ? undefined : resources[id];
    if (!resource) break;
    parts.unshift(resource.Properties.PathPart);
    current = resource.Properties.ParentId;
  }
  return `/${parts.join("/")}`;
}

/** Every method of the API as `GET /api/v1/challenge` → its integration. */
function methods() {
  const found = synthesized.template.findResources("AWS::ApiGateway::Method");
  return Object.fromEntries(
    Object.values(found).map((method) => [
      `${method.Properties.HttpMethod} ${pathOf(method.Properties.ResourceId)}`,
      method.Properties.Integration,
    ]),
  );
}

describe("IntakeApi", () => {
  it("is one regional REST API", () => {
    const { template } = synthesized;
    template.resourceCountIs("AWS::ApiGateway::RestApi", 1);
    template.hasResourceProperties("AWS::ApiGateway::RestApi", {
      EndpointConfiguration: { Types: ["REGIONAL"] },
    });
  });

  it("serves exactly the contract's reporter methods, the person's status, the organisations' two proxies and the monitor", () => {
    expect(Object.keys(methods()).sort()).toEqual([
      "ANY /api/v1/ops/{proxy+}",
      "ANY /api/v1/org/{proxy+}",
      `GET ${CHALLENGE_PATH}`,
      "GET /api/v1/monitor",
      "GET /api/v1/monitor/{proxy+}",
      "GET /api/v1/open/monitor",
      "GET /api/v1/open/monitor/{proxy+}",
      `POST ${REPORTS_PATH}`,
      `POST ${STATUS_PATH}`,
      `POST ${STATUS_PATH}/{proxy+}`,
    ]);
    expect(STATUS_PATH).toBe("/api/v1/status");
    expect([CHALLENGE_PATH, REPORTS_PATH]).toEqual(["/api/v1/challenge", "/api/v1/reports"]);
    expect(ORGANISATION_PATHS).toEqual(["/api/v1/org", "/api/v1/ops"]);
  });

  it.each(["/api/v1/org/{proxy+}", "/api/v1/ops/{proxy+}"])(
    "ANY %s: a Lambda proxy integration of the organisations' function",
    (path) => {
      const integration = methods()[`ANY ${path}`];
      expect(integration).toMatchObject({ Type: "AWS_PROXY", IntegrationHttpMethod: "POST" });
      expect(referencedIds(integration.Uri)).toEqual(
        new Set([logicalId(synthesized.stack.api.organisations.live)]),
      );
    },
  );

  it("has no API Gateway authorizer: every method is NONE, the organisations' function checks tokens", () => {
    const { template } = synthesized;
    template.resourceCountIs("AWS::ApiGateway::Authorizer", 0);
    for (const method of Object.values(template.findResources("AWS::ApiGateway::Method"))) {
      expect(method.Properties.AuthorizationType).toBe("NONE");
      expect(method.Properties.AuthorizerId).toBeUndefined();
    }
  });

  it.each([
    { method: `GET ${CHALLENGE_PATH}`, handler: () => synthesized.stack.api.challenge.live },
    { method: `POST ${REPORTS_PATH}`, handler: () => synthesized.stack.api.intake.live },
    { method: `POST ${STATUS_PATH}`, handler: () => synthesized.stack.api.status.live },
    {
      method: `POST ${STATUS_PATH}/{proxy+}`,
      handler: () => synthesized.stack.api.status.live,
    },
  ])("$method: is a Lambda proxy integration of its function", ({ method, handler }) => {
    const integration = methods()[method];
    expect(integration).toMatchObject({ Type: "AWS_PROXY", IntegrationHttpMethod: "POST" });
    expect(referencedIds(integration.Uri)).toEqual(new Set([logicalId(handler())]));
  });

  it("sets the account's API Gateway CloudWatch role for the access logs, and keeps it", () => {
    const { template } = synthesized;
    template.resourceCountIs("AWS::ApiGateway::Account", 1);
    const [account] = Object.values(template.findResources("AWS::ApiGateway::Account"));
    const [roleId] = referencedIds(account?.Properties.CloudWatchRoleArn);
    const role = template.findResources("AWS::IAM::Role")[roleId ?? ""];
    // Another region's API in the same account may log with it after this stack is gone.
    expect(role).toMatchObject({ DeletionPolicy: "Retain", UpdateReplacePolicy: "Retain" });
    expect(account).toMatchObject({ DeletionPolicy: "Retain" });
  });

  it("logs access in JSON, a month, with no source address, user agent, path or body", () => {
    const { template, stack } = synthesized;
    const [stage] = Object.values(template.findResources("AWS::ApiGateway::Stage"));
    const setting = stage?.Properties.AccessLogSetting;
    expect(referencedIds(setting.DestinationArn)).toEqual(
      new Set([logicalId(stack.api.accessLogs)]),
    );
    const fields = JSON.parse(setting.Format);
    expect(fields).toEqual(ACCESS_LOG_FIELDS);
    const variables = Object.values<string>(fields).join(" ");
    for (const forbidden of [
      "sourceIp",
      "userAgent",
      "identity",
      "$context.path",
      "requestOverride",
      "$input",
      "caller",
      "user",
      "domainName",
    ]) {
      expect(variables).not.toContain(forbidden);
    }
    expect(
      template.findResources("AWS::Logs::LogGroup")[logicalId(stack.api.accessLogs)]?.Properties,
    ).toEqual({ RetentionInDays: 30 });
  });

  it("has no execution logs, no data trace and no X-Ray (they record headers and addresses)", () => {
    const [stage] = Object.values(synthesized.template.findResources("AWS::ApiGateway::Stage"));
    expect(stage?.Properties.TracingEnabled).toBe(false);
    expect(stage?.Properties.MethodSettings).toEqual([
      expect.objectContaining({ LoggingLevel: "OFF", DataTraceEnabled: false }),
    ]);
  });

  it("no log group of the template has a format that holds the source address", () => {
    const template = JSON.stringify(synthesized.template.toJSON());
    expect(template).not.toContain("sourceIp");
    expect(template).not.toContain("identity.userAgent");
  });

  it("throttles every method of the stage", () => {
    synthesized.template.hasResourceProperties("AWS::ApiGateway::Stage", {
      StageName: API_STAGE_NAME,
      MethodSettings: [
        Match.objectLike({
          HttpMethod: "*",
          ResourcePath: "/*",
          ThrottlingRateLimit: 50,
          ThrottlingBurstLimit: 100,
        }),
      ],
    });
    expect(DEFAULT_THROTTLING).toEqual({ rateLimit: 50, burstLimit: 100 });
  });

  it("gives the intake 1024 MB for scrypt", () => {
    const resource =
      synthesized.template.findResources("AWS::Lambda::Function")[
        logicalId(synthesized.stack.api.intake.function)
      ];
    expect(resource?.Properties.MemorySize).toBe(1024);
    expect(INTAKE_MEMORY_MB).toBe(1024);
  });
});

describe("IntakeApi: least privilege", () => {
  const tableId = (id: TableId) => logicalId(synthesized.stack.tables.table(id));
  const intakeStatements = () =>
    statementsOfRole(synthesized.template, roleOf(synthesized.stack.api.intake.function));
  const resourcesOf = (actions: string[]) =>
    new Set(
      intakeStatements()
        .filter((statement) => allowsAny(statement, actions))
        .flatMap((statement) => [...referencedIds(statement.Resource)]),
    );

  it("lets the intake send to the routing queue only", () => {
    expect(resourcesOf(["sqs:SendMessage"])).toEqual(
      new Set([logicalId(synthesized.stack.routing.routingQueue)]),
    );
  });

  it.each(deliveryQueueNames)("lets the intake send nothing to %s", (name) => {
    const queue = synthesized.stack.routing.queues.find(
      ({ declaration }) => declaration.name === name,
    );
    if (!queue) throw new Error(`No queue ${name}`);
    expect(resourcesOf(["sqs:SendMessage"]).has(logicalId(queue.queue))).toBe(false);
  });

  it("lets the intake write reports and read and write idempotency records", () => {
    expect(resourcesOf(["dynamodb:PutItem"])).toEqual(
      new Set([tableId("reports"), tableId("idempotency")]),
    );
    expect(resourcesOf(["dynamodb:GetItem"])).toEqual(
      new Set([tableId("idempotency"), tableId("access")]),
    );
  });

  it("lets the intake read a credential and count its requests (a test report's), never issue one", () => {
    const { dynamoActions } = privilegesOf(() => synthesized.stack.api.intake.function);
    expect(dynamoActions("access")).toEqual(["dynamodb:GetItem", "dynamodb:UpdateItem"]);
  });

  it.each(["assignments", "audit"] as const)("gives the intake no access to %s", (id) => {
    const touching = intakeStatements().filter((statement) =>
      referencedIds(statement.Resource).has(tableId(id)),
    );
    expect(touching).toEqual([]);
  });

  /** The data key's policy statements that name this role. */
  const keyPolicyFor = (role: string) => {
    const { stack, template } = synthesized;
    const key = template.findResources("AWS::KMS::Key")[logicalId(stack.tables.key)];
    return ((key?.Properties.KeyPolicy.Statement ?? []) as { Principal: unknown }[]).filter(
      (statement) => referencedIds(statement.Principal).has(role),
    );
  };

  it("gives the challenge function the proof-of-work key, and no table, queue or other secret", () => {
    const { stack, template } = synthesized;
    const role = roleOf(stack.api.challenge.function);
    const touched = new Set(
      statementsOfRole(template, role).flatMap((statement) => [
        ...referencedIds(statement.Resource),
      ]),
    );
    expect(touched).toEqual(
      new Set([logicalId(stack.secrets.pow), logicalId(stack.api.challenge.logGroup)]),
    );
    // The data key decrypts its secret through Secrets Manager, and nothing else.
    expect(keyPolicyFor(role)).toEqual([
      expect.objectContaining({
        Action: "kms:Decrypt",
        Condition: {
          StringEquals: { "kms:ViaService": expect.stringMatching(/^secretsmanager\./) },
        },
      }),
    ]);
  });

  it("lets the intake read the proof-of-work and receipt keys, and not the origin secret", () => {
    const { stack } = synthesized;
    expect(resourcesOf(["secretsmanager:GetSecretValue"])).toEqual(
      new Set([logicalId(stack.secrets.pow), logicalId(stack.secrets.receiptKeys)]),
    );
  });

  it("uses the data key through DynamoDB and Secrets Manager only, with no wildcard action", () => {
    const { stack } = synthesized;
    const role = roleOf(stack.api.intake.function);
    const statements = [
      ...intakeStatements().filter((statement) =>
        referencedIds(statement.Resource).has(logicalId(stack.tables.key)),
      ),
      ...keyPolicyFor(role),
    ] as PolicyStatement[];
    expect(statements.length).toBe(2);
    for (const statement of statements) {
      expect(JSON.stringify(statement)).toMatch(
        /"kms:ViaService":("|\{"Fn::Join":\["",\[")(dynamodb|secretsmanager)\./,
      );
      for (const action of actionsOf(statement)) expect(action).not.toContain("*");
    }
  });

  it("lets API Gateway invoke each function from its own method only", () => {
    const { template, stack } = synthesized;
    for (const handler of [stack.api.challenge.live, stack.api.intake.live]) {
      const permissions = Object.values(template.findResources("AWS::Lambda::Permission")).filter(
        (permission) => referencedIds(permission.Properties.FunctionName).has(logicalId(handler)),
      );
      expect(permissions).toHaveLength(1);
      expect(permissions[0]?.Properties.Principal).toBe("apigateway.amazonaws.com");
    }
  });
});

const tableId = (id: TableId) => logicalId(synthesized.stack.tables.table(id));

/** The resources a statement names: logical ids, with `/index/<name>` for an index. */
function resourcesOf(statement: PolicyStatement): string[] {
  const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
  return resources.flatMap((resource: unknown) => {
    const [id] = referencedIds(resource);
    const suffix = /\/index\/([a-z]+)"/.exec(JSON.stringify(resource))?.[1];
    if (!id) return [];
    return [suffix ? `${id}/index/${suffix}` : id];
  });
}

/** What one function's role may do, read from the synthesized template. */
function privilegesOf(handler: () => IFunction) {
  const statements = () => statementsOfRole(synthesized.template, roleOf(handler()));
  /** The resources (logical ids, with `/index/<name>` for an index) it may do one of these on. */
  const allowedOn = (actions: string[]) =>
    new Set(
      statements()
        .filter((statement) => allowsAny(statement, actions))
        .flatMap(resourcesOf),
    );
  const dynamoActions = (id: TableId) =>
    statements()
      .filter((statement) => referencedIds(statement.Resource).has(tableId(id)))
      .flatMap(actionsOf)
      .filter((action) => action.startsWith("dynamodb:"))
      .sort();
  return { statements, allowedOn, dynamoActions };
}

describe("IntakeApi: whole-table and multi-item access", () => {
  it.each([
    { name: "the intake", handler: () => synthesized.stack.api.intake.function },
    {
      name: "the organisations' function",
      handler: () => synthesized.stack.api.organisations.function,
    },
    { name: "the person's status", handler: () => synthesized.stack.api.status.function },
  ])("$name scans nothing and uses no batch, transaction or PartiQL", ({ handler }) => {
    for (const statement of privilegesOf(handler).statements()) {
      expect(
        allowsAny(statement, [
          "dynamodb:Scan",
          "dynamodb:BatchGetItem",
          "dynamodb:BatchWriteItem",
          "dynamodb:TransactWriteItems",
          "dynamodb:PartiQLSelect",
        ]),
      ).toBe(false);
    }
  });
});

describe("IntakeApi: the organisations' function, least privilege", () => {
  const { statements, allowedOn, dynamoActions } = privilegesOf(
    () => synthesized.stack.api.organisations.function,
  );

  it("reads and updates cases (never puts or deletes one)", () => {
    expect(dynamoActions("reports")).toEqual(["dynamodb:GetItem", "dynamodb:UpdateItem"]);
  });

  it("reads, updates and queries assignments, on the table and its inbox index only", () => {
    expect(dynamoActions("assignments")).toEqual([
      "dynamodb:GetItem",
      "dynamodb:Query",
      "dynamodb:UpdateItem",
    ]);
    expect(allowedOn(["dynamodb:Query"])).toEqual(
      new Set([tableId("assignments"), `${tableId("assignments")}/index/inbox`, tableId("audit")]),
    );
  });

  it("appends to the audit trail and reads it back: no update, no delete, no batch", () => {
    expect(dynamoActions("audit")).toEqual(["dynamodb:PutItem", "dynamodb:Query"]);
    const onAudit = statements().filter((statement) =>
      referencedIds(statement.Resource).has(tableId("audit")),
    );
    for (const statement of onAudit) {
      expect(
        allowsAny(statement, [
          "dynamodb:UpdateItem",
          "dynamodb:DeleteItem",
          "dynamodb:BatchWriteItem",
          "dynamodb:PartiQLUpdate",
          "dynamodb:PartiQLDelete",
        ]),
      ).toBe(false);
    }
  });

  it("reads a credential and counts its requests: it never issues or revokes one", () => {
    expect(dynamoActions("access")).toEqual(["dynamodb:GetItem", "dynamodb:UpdateItem"]);
  });

  it("touches no idempotency record", () => {
    expect(dynamoActions("idempotency")).toEqual([]);
  });

  it("sends to the routing queue and to the delivery queues (a decline's and a flag's notices)", () => {
    const { stack } = synthesized;
    expect(allowedOn(["sqs:SendMessage"])).toEqual(
      new Set([
        logicalId(stack.routing.routingQueue),
        ...stack.routing.deliveryQueues().map(({ queue }) => logicalId(queue)),
      ]),
    );
    expect(allowedOn(["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:PurgeQueue"])).toEqual(
      new Set(),
    );
  });

  it("alerts the coordinator only (a decline), with the alert key through SNS only", () => {
    const { stack } = synthesized;
    expect(allowedOn(["sns:Publish"])).toEqual(
      new Set([logicalId(stack.alerts.topic(region.coordinator))]),
    );
    const onKey = statements().filter((statement) =>
      referencedIds(statement.Resource).has(logicalId(stack.alerts.key)),
    );
    expect(onKey).toEqual([
      expect.objectContaining({
        Action: ["kms:GenerateDataKey", "kms:Decrypt"],
        Condition: {
          StringEquals: {
            "kms:ViaService": {
              "Fn::Join": ["", [`sns.${stack.region}.`, { Ref: "AWS::URLSuffix" }]],
            },
          },
        },
      }),
    ]);
  });

  it("reads one secret (the counters key, never a receipt key) and uses no key but through DynamoDB, SQS or SNS", () => {
    const services = new Set(
      statements()
        .flatMap(actionsOf)
        .map((action) => action.split(":")[0]),
    );
    expect(services).toEqual(new Set(["dynamodb", "kms", "sqs", "sns", "logs", "secretsmanager"]));
    const secrets = statements()
      .filter((statement) => allowsAny(statement, ["secretsmanager:GetSecretValue"]))
      .flatMap((statement) => [...referencedIds(statement.Resource)]);
    expect(secrets).toEqual([logicalId(synthesized.stack.secrets.countersKey)]);
    for (const statement of statements().filter((candidate) =>
      actionsOf(candidate).some((action) => action.startsWith("kms:")),
    )) {
      expect(JSON.stringify(statement.Condition ?? {})).toMatch(
        /kms:ViaService.*(dynamodb|sqs|sns|secretsmanager)\./,
      );
    }
  });

  it("is invoked by API Gateway from its two ANY methods only", () => {
    const { template, stack } = synthesized;
    const permissions = Object.values(template.findResources("AWS::Lambda::Permission")).filter(
      (permission) =>
        referencedIds(permission.Properties.FunctionName).has(
          logicalId(stack.api.organisations.live),
        ),
    );
    expect(permissions.map((permission) => permission.Properties.Principal)).toEqual([
      "apigateway.amazonaws.com",
      "apigateway.amazonaws.com",
    ]);
    // Any method of the live stage, on the paths below the two proxies and nowhere else.
    const paths = permissions.map(
      (permission) =>
        /\/\*(\/api\/v1\/[a-z]+\/\*)"/.exec(JSON.stringify(permission.Properties.SourceArn))?.[1],
    );
    expect(paths.sort()).toEqual(["/api/v1/ops/*", "/api/v1/org/*"]);
  });
});

describe("IntakeApi: the person's status function, least privilege", () => {
  const { statements, allowedOn, dynamoActions } = privilegesOf(
    () => synthesized.stack.api.status.function,
  );

  it("reads, updates and deletes cases and receipt links, and puts a follow-up's", () => {
    expect(dynamoActions("reports")).toEqual([
      "dynamodb:DeleteItem",
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:UpdateItem",
    ]);
  });

  it("lists a case's assignments on the table (no index) and moves them; it creates none", () => {
    expect(dynamoActions("assignments")).toEqual(["dynamodb:Query", "dynamodb:UpdateItem"]);
    expect(allowedOn(["dynamodb:Query"])).toEqual(new Set([tableId("assignments")]));
  });

  it("appends to the audit trail and never reads it back", () => {
    expect(dynamoActions("audit")).toEqual(["dynamodb:PutItem"]);
  });

  it("only counts in the access table: it never reads a credential", () => {
    expect(dynamoActions("access")).toEqual(["dynamodb:UpdateItem"]);
  });

  it("sends a follow-up to the routing queue and a withdrawal's notice to the delivery queues", () => {
    const { stack } = synthesized;
    expect(allowedOn(["sqs:SendMessage"])).toEqual(
      new Set([
        logicalId(stack.routing.routingQueue),
        ...stack.routing.deliveryQueues().map(({ queue }) => logicalId(queue)),
      ]),
    );
    expect(allowedOn(["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:PurgeQueue"])).toEqual(
      new Set(),
    );
  });

  it("reads the proof-of-work and receipt keys and the counters key, and not the origin secret", () => {
    const { stack } = synthesized;
    expect(allowedOn(["secretsmanager:GetSecretValue"])).toEqual(
      new Set([
        logicalId(stack.secrets.pow),
        logicalId(stack.secrets.receiptKeys),
        logicalId(stack.secrets.countersKey),
      ]),
    );
  });

  it("uses no key but through DynamoDB, SQS, SNS or Secrets Manager", () => {
    for (const statement of statements().filter((candidate) =>
      actionsOf(candidate).some((action) => action.startsWith("kms:")),
    )) {
      expect(JSON.stringify(statement.Condition ?? {})).toMatch(
        /kms:ViaService.*(dynamodb|sqs|sns|secretsmanager)\./,
      );
    }
  });

  it("is invoked by API Gateway from its two POST methods only", () => {
    const { template, stack } = synthesized;
    const permissions = Object.values(template.findResources("AWS::Lambda::Permission")).filter(
      (permission) =>
        referencedIds(permission.Properties.FunctionName).has(logicalId(stack.api.status.live)),
    );
    expect(permissions.map((permission) => permission.Properties.Principal)).toEqual([
      "apigateway.amazonaws.com",
      "apigateway.amazonaws.com",
    ]);
    const paths = permissions.map(
      (permission) =>
        /\/POST(\/api\/v1\/status[^"]*)"/.exec(
          JSON.stringify(permission.Properties.SourceArn),
        )?.[1],
    );
    expect(paths.sort()).toEqual(["/api/v1/status", "/api/v1/status/*"]);
  });
});
