import { beforeAll, describe, expect, it } from "vitest";
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
    template.resourceCountIs("AWS::Events::Rule", 1);
    template.hasResourceProperties("AWS::Events::Rule", {
      ScheduleExpression: "rate(1 minute)",
      State: "ENABLED",
      Targets: [
        { Arn: arnOf(stack.schedules.sweeper.function), RetryPolicy: { MaximumRetryAttempts: 0 } },
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
