import type { IQueue } from "aws-cdk-lib/aws-sqs";
import { beforeAll, describe, expect, it } from "vitest";
import {
  DLQ_RETENTION_DAYS,
  MAX_RECEIVE_COUNT,
  queuesOf,
  ROUTER_TIMEOUT_SECONDS,
} from "../../lib/resources.ts";
import { ROUTER_BATCH_SIZE } from "../../lib/routing-pipeline.ts";
import {
  allowsAny,
  arnOf,
  logicalId,
  ref,
  referencedIds,
  rolesAllowed,
  type Synthesized,
  sampleRegion,
  statementsOfRole,
  synthesize,
} from "../helpers/synth.ts";

const DAY_SECONDS = 24 * 60 * 60;
const SEND = ["sqs:SendMessage"];
const region = sampleRegion();
const declarations = queuesOf(region);

let synthesized: Synthesized;
beforeAll(() => {
  synthesized = synthesize(region);
});

const declared = (name: string) => {
  const queue = synthesized.stack.routing.queues.find(
    ({ declaration }) => declaration.name === name,
  );
  if (!queue) throw new Error(`No queue ${name}`);
  return queue;
};
const queueProperties = (queue: IQueue) =>
  synthesized.template.findResources("AWS::SQS::Queue")[logicalId(queue)]?.Properties;
const routerRole = () => {
  const role = synthesized.stack.routing.router.function.role;
  if (!role) throw new Error("The router has no role");
  return logicalId(role);
};

describe("RoutingPipeline: queues", () => {
  it("makes every declared queue and its dead-letter queue, and no other", () => {
    synthesized.template.resourceCountIs("AWS::SQS::Queue", declarations.length * 2);
  });

  it.each(declarations)("$name: is declared as lib/resources.ts says", (declaration) => {
    const { queue, deadLetterQueue } = declared(declaration.name);
    expect(queueProperties(queue)).toEqual({
      QueueName: declaration.name,
      VisibilityTimeout: declaration.visibilityTimeoutSeconds,
      MessageRetentionPeriod: declaration.retentionDays * DAY_SECONDS,
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: arnOf(deadLetterQueue), maxReceiveCount: 5 },
    });
  });

  it.each(declarations)("$name: has its own dead-letter queue", (declaration) => {
    const { deadLetterQueue } = declared(declaration.name);
    const resource =
      synthesized.template.findResources("AWS::SQS::Queue")[logicalId(deadLetterQueue)];
    expect(resource?.Properties).toEqual({
      QueueName: declaration.deadLetterName,
      MessageRetentionPeriod: DLQ_RETENTION_DAYS * DAY_SECONDS,
      SqsManagedSseEnabled: true,
    });
  });

  it.each(
    declarations.flatMap(({ name, deadLetterName }) => [
      { name, of: name, role: "queue" as const },
      { name: deadLetterName, of: name, role: "deadLetterQueue" as const },
    ]),
  )("$name: refuses requests without TLS", ({ of, role }) => {
    const queue = declared(of)[role];
    synthesized.template.hasResourceProperties("AWS::SQS::QueuePolicy", {
      Queues: [ref(queue)],
      PolicyDocument: {
        Statement: [
          {
            Effect: "Deny",
            Action: "sqs:*",
            Principal: { AWS: "*" },
            Condition: { Bool: { "aws:SecureTransport": "false" } },
            Resource: arnOf(queue),
          },
        ],
      },
    });
  });

  it("moves a message to its dead-letter queue after five receives", () => {
    expect(MAX_RECEIVE_COUNT).toBe(5);
  });

  it("gives the routing queue six times the router's timeout (180 s) of visibility", () => {
    synthesized.template.hasResourceProperties("AWS::SQS::Queue", {
      QueueName: `${region.id}-routing`,
      VisibilityTimeout: 180,
    });
    expect(ROUTER_TIMEOUT_SECONDS * 6).toBe(180);
  });
});

describe("RoutingPipeline: the router", () => {
  it("consumes the routing queue ten at a time, reporting batch item failures", () => {
    const { template, stack } = synthesized;
    template.resourceCountIs("AWS::Lambda::EventSourceMapping", 1);
    template.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      EventSourceArn: arnOf(stack.routing.routingQueue),
      FunctionName: ref(stack.routing.router.function),
      BatchSize: 10,
      FunctionResponseTypes: ["ReportBatchItemFailures"],
    });
    expect(ROUTER_BATCH_SIZE).toBe(10);
  });

  it("runs with the router's timeout", () => {
    synthesized.template.hasResourceProperties("AWS::Lambda::Function", {
      Handler: "index.handler",
      Timeout: ROUTER_TIMEOUT_SECONDS,
      Description: "Routes each new case to its organisations' delivery queues",
    });
  });

  it.each(declarations.filter((declaration) => declaration.kind === "delivery"))(
    "$name: the router, and only the router, may send to it",
    (declaration) => {
      const { queue } = declared(declaration.name);
      expect(rolesAllowed(synthesized.template, SEND, logicalId(queue))).toEqual([routerRole()]);
    },
  );

  it("reads and writes the reports and assignments tables, and no other table", () => {
    const { stack, template } = synthesized;
    const tables = stack.tables.all().map(({ declaration, table }) => ({
      id: declaration.id,
      logicalId: logicalId(table),
    }));
    const touched = new Set(
      statementsOfRole(template, routerRole()).flatMap((statement) =>
        tables
          .filter((table) => referencedIds(statement.Resource).has(table.logicalId))
          .map((table) => table.id),
      ),
    );
    expect([...touched].sort()).toEqual(["assignments", "reports"]);
  });

  it("may not send to the routing queue, nor to a dead-letter queue", () => {
    const { stack, template } = synthesized;
    const forbidden = [
      logicalId(stack.routing.routingQueue),
      ...stack.routing.queues.map(({ deadLetterQueue }) => logicalId(deadLetterQueue)),
    ];
    const sends = statementsOfRole(template, routerRole()).filter((statement) =>
      allowsAny(statement, SEND),
    );
    for (const statement of sends) {
      for (const id of forbidden) expect(referencedIds(statement.Resource).has(id)).toBe(false);
    }
  });
});
