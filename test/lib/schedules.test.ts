import { beforeAll, describe, expect, it } from "vitest";
import { ESCALATE_EVERY, ESCALATION_TIMEOUT } from "../../lib/schedules.ts";
import {
  actionsOf,
  allowsAny,
  arnOf,
  logicalId,
  ref,
  referencedIds,
  type Synthesized,
  statementsOfRole,
  synthesize,
} from "../helpers/synth.ts";

let synthesized: Synthesized;
beforeAll(() => {
  synthesized = synthesize();
});

const sweeperStatements = () => {
  const role = synthesized.stack.schedules.sweeper.function.role;
  if (!role) throw new Error("The sweeper has no role");
  return statementsOfRole(synthesized.template, logicalId(role));
};

describe("Schedules: the sweeper", () => {
  it("runs every minute, without retries of a failed run", () => {
    const { template, stack } = synthesized;
    // Two rules here, and the canary's (test/lib/canary.test.ts).
    template.resourceCountIs("AWS::Events::Rule", 3);
    template.hasResourceProperties("AWS::Events::Rule", {
      ScheduleExpression: "rate(1 minute)",
      State: "ENABLED",
      Targets: [
        { Arn: ref(stack.schedules.sweeper.live), RetryPolicy: { MaximumRetryAttempts: 0 } },
      ],
    });
  });

  it("may only query the waiting index of reports and of assignments", () => {
    const { stack } = synthesized;
    const dynamo = sweeperStatements().filter((statement) =>
      actionsOf(statement).some((action) => action.startsWith("dynamodb:")),
    );
    expect(dynamo).toEqual(
      (["reports", "assignments"] as const).map((id) => ({
        Effect: "Allow",
        Action: "dynamodb:Query",
        Resource: {
          "Fn::Join": ["", [arnOf(stack.tables.table(id)), "/index/waiting"]],
        },
      })),
    );
  });

  it("may send to the routing queue, and to no other queue", () => {
    const { stack } = synthesized;
    const sends = sweeperStatements().filter((statement) =>
      allowsAny(statement, ["sqs:SendMessage"]),
    );
    expect(new Set(sends.flatMap((statement) => [...referencedIds(statement.Resource)]))).toEqual(
      new Set([logicalId(stack.routing.routingQueue)]),
    );
  });

  it("may decrypt with the data key through DynamoDB, to query, and do nothing else with it", () => {
    const { stack } = synthesized;
    const kms = sweeperStatements().filter((statement) =>
      actionsOf(statement).some((action) => action.startsWith("kms:")),
    );
    expect(kms).toEqual([
      {
        Effect: "Allow",
        Action: ["kms:Decrypt", "kms:DescribeKey"],
        Resource: arnOf(stack.tables.key),
        Condition: {
          StringEquals: {
            "kms:ViaService": {
              "Fn::Join": ["", [`dynamodb.${stack.region}.`, { Ref: "AWS::URLSuffix" }]],
            },
          },
        },
      },
    ]);
  });

  it("is granted nothing else but writing its own logs", () => {
    const services = new Set(
      sweeperStatements().flatMap((statement) =>
        actionsOf(statement).map((action) => action.split(":")[0]),
      ),
    );
    expect(services).toEqual(new Set(["dynamodb", "sqs", "kms", "logs"]));
  });

  it("is not retried: neither by EventBridge nor by Lambda, and stale ticks are dropped", () => {
    const { template, stack } = synthesized;
    template.hasResourceProperties("AWS::Lambda::EventInvokeConfig", {
      FunctionName: ref(stack.schedules.sweeper.function),
      MaximumRetryAttempts: 0,
      MaximumEventAgeInSeconds: 60,
    });
  });
});

describe("Schedules: the escalation", () => {
  const escalator = () => synthesized.stack.schedules.escalator.function;
  const statements = () => {
    const role = escalator().role;
    if (!role) throw new Error("The escalation has no role");
    return statementsOfRole(synthesized.template, logicalId(role));
  };
  const tableId = (id: "reports" | "assignments" | "idempotency" | "audit" | "access") =>
    logicalId(synthesized.stack.tables.table(id));
  const dynamoActions = (resource: (arn: unknown) => boolean) =>
    statements()
      .filter((statement) => resource(statement.Resource))
      .flatMap(actionsOf)
      .filter((action) => action.startsWith("dynamodb:"))
      .sort();
  const isTable = (id: Parameters<typeof tableId>[0]) => (resource: unknown) =>
    JSON.stringify(resource) === JSON.stringify(arnOf(synthesized.stack.tables.table(id)));

  it("runs every five minutes, without retries of a failed run", () => {
    const { template, stack } = synthesized;
    template.hasResourceProperties("AWS::Events::Rule", {
      ScheduleExpression: "rate(5 minutes)",
      State: "ENABLED",
      Targets: [
        {
          Arn: ref(stack.schedules.escalator.live),
          RetryPolicy: { MaximumRetryAttempts: 0 },
        },
      ],
    });
    expect(ESCALATE_EVERY.toMinutes()).toBe(5);
  });

  it("is not retried by Lambda, drops stale ticks, and ends before the next tick", () => {
    const { template } = synthesized;
    template.hasResourceProperties("AWS::Lambda::EventInvokeConfig", {
      FunctionName: ref(escalator()),
      MaximumRetryAttempts: 0,
      MaximumEventAgeInSeconds: 300,
    });
    const timeout =
      template.findResources("AWS::Lambda::Function")[logicalId(escalator())]?.Properties.Timeout;
    expect(timeout).toBe(ESCALATION_TIMEOUT.toSeconds());
    expect(timeout).toBeLessThan(ESCALATE_EVERY.toSeconds());
  });

  it("queries the reports' waiting index, and reads and updates cases", () => {
    const { stack } = synthesized;
    expect(
      dynamoActions(
        (resource) =>
          JSON.stringify(resource) ===
          JSON.stringify({
            "Fn::Join": ["", [arnOf(stack.tables.table("reports")), "/index/waiting"]],
          }),
      ),
    ).toEqual(["dynamodb:Query"]);
    expect(dynamoActions(isTable("reports"))).toEqual(["dynamodb:GetItem", "dynamodb:UpdateItem"]);
  });

  it("reads and updates assignments, appends to the audit trail, and touches nothing else", () => {
    expect(dynamoActions(isTable("assignments"))).toEqual([
      "dynamodb:GetItem",
      "dynamodb:UpdateItem",
    ]);
    expect(dynamoActions(isTable("audit"))).toEqual(["dynamodb:PutItem"]);
    for (const id of ["idempotency", "access"] as const) {
      expect(
        statements().filter((statement) => referencedIds(statement.Resource).has(tableId(id))),
      ).toEqual([]);
    }
    // Nothing on the assignments' indexes: it reads the coordinator's assignment by its key.
    const assignmentIndexes = statements().filter(
      (statement) =>
        referencedIds(statement.Resource).has(tableId("assignments")) &&
        JSON.stringify(statement.Resource).includes("/index/"),
    );
    expect(assignmentIndexes).toEqual([]);
  });

  it("sends to the routing queue and the coordinator's delivery queue only", () => {
    const { stack } = synthesized;
    const sends = statements().filter((statement) => allowsAny(statement, ["sqs:SendMessage"]));
    expect(new Set(sends.flatMap((statement) => [...referencedIds(statement.Resource)]))).toEqual(
      new Set([
        logicalId(stack.routing.routingQueue),
        logicalId(stack.routing.deliveryQueueOf(synthesized.region.coordinator).queue),
      ]),
    );
    for (const { queue, deadLetterQueue, declaration } of stack.routing.queues) {
      if (declaration.organisation === synthesized.region.coordinator) continue;
      if (declaration.kind === "routing") continue;
      for (const statement of sends) {
        expect(referencedIds(statement.Resource).has(logicalId(queue))).toBe(false);
        expect(referencedIds(statement.Resource).has(logicalId(deadLetterQueue))).toBe(false);
      }
    }
  });

  it("alerts the coordinator only", () => {
    const { stack } = synthesized;
    const publishes = statements().filter((statement) => allowsAny(statement, ["sns:Publish"]));
    expect(
      new Set(publishes.flatMap((statement) => [...referencedIds(statement.Resource)])),
    ).toEqual(new Set([logicalId(stack.alerts.topic(synthesized.region.coordinator))]));
  });

  it("emits its metric through its logs (EMF): no cloudwatch permission; one secret, the counters key (never a receipt key)", () => {
    const services = new Set(
      statements().flatMap((statement) =>
        actionsOf(statement).map((action) => action.split(":")[0]),
      ),
    );
    expect(services).toEqual(new Set(["dynamodb", "sqs", "sns", "kms", "logs", "secretsmanager"]));
    const secrets = statements()
      .filter((statement) => allowsAny(statement, ["secretsmanager:GetSecretValue"]))
      .flatMap((statement) => [...referencedIds(statement.Resource)]);
    expect(secrets).toEqual([logicalId(synthesized.stack.secrets.countersKey)]);
  });
});
