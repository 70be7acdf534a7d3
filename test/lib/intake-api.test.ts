import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { beforeAll, describe, expect, it } from "vitest";
import {
  API_STAGE_NAME,
  CHALLENGE_PATH,
  DEFAULT_THROTTLING,
  INTAKE_MEMORY_MB,
  REPORTS_PATH,
} from "../../lib/intake-api.ts";
import { queuesOf } from "../../lib/resources.ts";
import {
  allowsAny,
  logicalId,
  referencedIds,
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

const roleOf = (handler: IFunction) => {
  if (!handler.role) throw new Error("The function has no role");
  return logicalId(handler.role);
};

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

  it("serves exactly the contract's two reporter methods", () => {
    expect(Object.keys(methods()).sort()).toEqual([
      `GET ${CHALLENGE_PATH}`,
      `POST ${REPORTS_PATH}`,
    ]);
    expect([CHALLENGE_PATH, REPORTS_PATH]).toEqual(["/api/v1/challenge", "/api/v1/reports"]);
  });

  it.each([
    { method: `GET ${CHALLENGE_PATH}`, handler: () => synthesized.stack.api.challenge.function },
    { method: `POST ${REPORTS_PATH}`, handler: () => synthesized.stack.api.intake.function },
  ])("$method: is a Lambda proxy integration of its function", ({ method, handler }) => {
    const integration = methods()[method];
    expect(integration).toMatchObject({ Type: "AWS_PROXY", IntegrationHttpMethod: "POST" });
    expect(referencedIds(integration.Uri)).toEqual(new Set([logicalId(handler())]));
  });

  it("keeps no CloudWatch role of its own (an account-wide singleton)", () => {
    synthesized.template.resourceCountIs("AWS::ApiGateway::Account", 0);
  });

  it("throttles the whole stage", () => {
    synthesized.template.hasResourceProperties("AWS::ApiGateway::Stage", {
      StageName: API_STAGE_NAME,
      MethodSettings: [
        {
          HttpMethod: "*",
          ResourcePath: "/*",
          ThrottlingRateLimit: 50,
          ThrottlingBurstLimit: 100,
        },
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
  const tableId = (id: "reports" | "assignments" | "idempotency" | "audit") =>
    logicalId(synthesized.stack.tables.table(id));
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
    expect(resourcesOf(["dynamodb:GetItem"])).toEqual(new Set([tableId("idempotency")]));
  });

  it.each(["assignments", "audit"] as const)("gives the intake no access to %s", (id) => {
    const touching = intakeStatements().filter((statement) =>
      referencedIds(statement.Resource).has(tableId(id)),
    );
    expect(touching).toEqual([]);
  });

  it("gives the challenge function no table and no queue", () => {
    const role = roleOf(synthesized.stack.api.challenge.function);
    expect(statementsOfRole(synthesized.template, role)).toEqual([]);
  });

  it("lets API Gateway invoke each function from its own method only", () => {
    const { template, stack } = synthesized;
    for (const handler of [stack.api.challenge.function, stack.api.intake.function]) {
      const permissions = Object.values(template.findResources("AWS::Lambda::Permission")).filter(
        (permission) => referencedIds(permission.Properties.FunctionName).has(logicalId(handler)),
      );
      expect(permissions).toHaveLength(1);
      expect(permissions[0]?.Properties.Principal).toBe("apigateway.amazonaws.com");
    }
  });
});
