import type { IQueue } from "aws-cdk-lib/aws-sqs";
import { beforeAll, describe, expect, it } from "vitest";
import {
  DLQ_RETENTION_DAYS,
  MAX_RECEIVE_COUNT,
  queuesOf,
  ROUTER_TIMEOUT_SECONDS,
} from "../../config/resources.ts";
import { ROUTER_BATCH_SIZE } from "../../lib/routing-pipeline.ts";
import { anOrganisation, aRegion } from "../helpers/region-factory.ts";
import {
  aliasNameOf,
  allowsAny,
  arnOf,
  logicalId,
  ref,
  referencedIds,
  roleOf,
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
const routerRole = () => roleOf(synthesized.stack.routing.router.function);

describe("RoutingPipeline: queues", () => {
  it("makes every declared queue and its dead-letter queue, and no other", () => {
    synthesized.template.resourceCountIs("AWS::SQS::Queue", declarations.length * 2);
  });

  it.each(declarations)("$name: is declared as config/resources.ts says", (declaration) => {
    const { queue, deadLetterQueue } = declared(declaration.name);
    expect(queueProperties(queue)).toEqual({
      QueueName: declaration.name,
      VisibilityTimeout: declaration.visibilityTimeoutSeconds,
      MessageRetentionPeriod: declaration.retentionDays * DAY_SECONDS,
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: arnOf(deadLetterQueue), maxReceiveCount: 5 },
    });
  });

  // SQS counts retention from the original enqueue: a dead-letter queue that keeps no longer
  // than its source deletes a message that failed late at once.
  it.each(declarations)(
    "$name: its dead-letter queue keeps a message at least 4 days longer than it does",
    (declaration) => {
      const { queue, deadLetterQueue } = declared(declaration.name);
      const retention = (id: string) =>
        Number(
          synthesized.template.findResources("AWS::SQS::Queue")[id]?.Properties
            .MessageRetentionPeriod,
        );
      expect(
        retention(logicalId(deadLetterQueue)) - retention(logicalId(queue)),
      ).toBeGreaterThanOrEqual(4 * DAY_SECONDS);
    },
  );

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
      FunctionName: aliasNameOf(stack.routing.router.live),
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

  it.each(
    declarations.filter(
      (declaration) =>
        declaration.kind === "delivery" && declaration.organisation !== region.coordinator,
    ),
  )(
    "$name: the router (cases), the person's status (a withdrawal's notice) and the organisations' API (a flag's notice) may send to it, and no one else",
    (declaration) => {
      const { queue } = declared(declaration.name);
      const { api } = synthesized.stack;
      expect(rolesAllowed(synthesized.template, SEND, logicalId(queue)).sort()).toEqual(
        [routerRole(), roleOf(api.status.function), roleOf(api.organisations.function)].sort(),
      );
    },
  );

  it("the coordinator's queue: the router (cases), the organisations' API, the escalation and the person's status (notices)", () => {
    const { stack, template } = synthesized;
    const { queue } = stack.routing.deliveryQueueOf(region.coordinator);
    expect(rolesAllowed(template, SEND, logicalId(queue)).sort()).toEqual(
      [
        routerRole(),
        roleOf(stack.api.organisations.function),
        roleOf(stack.schedules.escalator.function),
        roleOf(stack.api.status.function),
      ].sort(),
    );
  });

  it("may publish to every organisation's alert topic, and to no other topic", () => {
    const { stack, template } = synthesized;
    const publishes = statementsOfRole(template, routerRole()).filter((statement) =>
      allowsAny(statement, ["sns:Publish"]),
    );
    expect(
      new Set(publishes.flatMap((statement) => [...referencedIds(statement.Resource)])),
    ).toEqual(
      new Set(
        region.organisations.map((organisation) => logicalId(stack.alerts.topic(organisation.id))),
      ),
    );
  });

  it("reads and writes the reports and assignments tables, adds to the monitor's counters, and touches no other table", () => {
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
    expect([...touched].sort()).toEqual(["assignments", "counters", "reports"]);
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

describe("RoutingPipeline: an organisation that reads from its own AWS account", () => {
  const ORG_ACCOUNT = "123456789012";
  const other = aRegion(
    [anOrganisation("own-account", { awsAccountId: ORG_ACCOUNT }), anOrganisation("in-region", {})],
    { id: "cross" },
  );
  let crossRegion: Synthesized;
  beforeAll(() => {
    crossRegion = synthesize(other);
  });
  const queueOf = (organisation: string) => {
    const queue = crossRegion.stack.routing
      .deliveryQueues()
      .find(({ declaration }) => declaration.organisation === organisation);
    if (!queue) throw new Error(`No queue of ${organisation}`);
    return queue;
  };
  const accountRoot = {
    AWS: { "Fn::Join": ["", ["arn:", { Ref: "AWS::Partition" }, `:iam::${ORG_ACCOUNT}:root`]] },
  };

  it("gets a queue and a dead-letter queue encrypted with a KMS key of their own", () => {
    const { queue, deadLetterQueue, key } = queueOf("own-account");
    if (!key) throw new Error("no key");
    const queues = crossRegion.template.findResources("AWS::SQS::Queue");
    for (const resource of [queue, deadLetterQueue]) {
      expect(queues[logicalId(resource)]?.Properties.KmsMasterKeyId).toEqual(arnOf(key));
      expect(queues[logicalId(resource)]?.Properties.SqsManagedSseEnabled).toBeUndefined();
    }
    expect(
      crossRegion.template.findResources("AWS::KMS::Key")[logicalId(key)]?.Properties,
    ).toMatchObject({
      EnableKeyRotation: true,
      PendingWindowInDays: 30,
    });
  });

  it("leaves the other organisations' queues on SQS-managed encryption, with no key", () => {
    expect(queueOf("in-region").key).toBeUndefined();
    const queues = crossRegion.template.findResources("AWS::SQS::Queue");
    expect(queues[logicalId(queueOf("in-region").queue)]?.Properties.SqsManagedSseEnabled).toBe(
      true,
    );
  });

  it("grants that account receive, change visibility and delete on its own queue only", () => {
    const { queue } = queueOf("own-account");
    const policies = Object.values(crossRegion.template.findResources("AWS::SQS::QueuePolicy"));
    const naming = policies.flatMap((policy) =>
      (policy.Properties.PolicyDocument.Statement as { Principal: unknown; Resource: unknown }[])
        .filter((statement) => JSON.stringify(statement.Principal).includes(ORG_ACCOUNT))
        .map((statement) => ({ statement, queues: policy.Properties.Queues })),
    );
    expect(naming).toEqual([
      {
        queues: [ref(queue)],
        statement: {
          Effect: "Allow",
          Principal: accountRoot,
          Action: [
            "sqs:ReceiveMessage",
            "sqs:ChangeMessageVisibility",
            "sqs:GetQueueUrl",
            "sqs:DeleteMessage",
            "sqs:GetQueueAttributes",
          ],
          Resource: arnOf(queue),
        },
      },
    ]);
  });

  it("grants that account decrypt with its queue's key and with no other key", () => {
    const { key } = queueOf("own-account");
    if (!key) throw new Error("no key");
    const keys = crossRegion.template.findResources("AWS::KMS::Key");
    for (const [id, resource] of Object.entries(keys)) {
      const naming = (resource.Properties.KeyPolicy.Statement as { Principal: unknown }[]).filter(
        (statement) => JSON.stringify(statement.Principal).includes(ORG_ACCOUNT),
      );
      if (id === logicalId(key)) {
        expect(naming).toEqual([
          { Effect: "Allow", Principal: accountRoot, Action: "kms:Decrypt", Resource: "*" },
        ]);
      } else expect(naming).toEqual([]);
    }
  });

  it("names that account nowhere else in the template", () => {
    const { queue, key } = queueOf("own-account");
    if (!key) throw new Error("no key");
    const resources = crossRegion.template.toJSON().Resources as Record<string, unknown>;
    const naming = Object.entries(resources)
      .filter(([, resource]) => JSON.stringify(resource).includes(ORG_ACCOUNT))
      .map(([id]) => id)
      .sort();
    const queuePolicy = Object.entries(crossRegion.template.findResources("AWS::SQS::QueuePolicy"))
      .filter(([, policy]) => referencedIds(policy.Properties.Queues).has(logicalId(queue)))
      .map(([id]) => id);
    expect(naming).toEqual([logicalId(key), ...queuePolicy].sort());
  });

  it.each([
    { name: "the router", handler: () => crossRegion.stack.routing.router.function },
    { name: "the person's status", handler: () => crossRegion.stack.api.status.function },
    {
      name: "the organisations' API",
      handler: () => crossRegion.stack.api.organisations.function,
    },
  ])("lets $name send there with the key's data keys through SQS only", ({ handler }) => {
    const { queue, key } = queueOf("own-account");
    if (!key) throw new Error("no key");
    const senders = [
      crossRegion.stack.routing.router.function,
      crossRegion.stack.api.status.function,
      crossRegion.stack.api.organisations.function,
    ];
    expect(rolesAllowed(crossRegion.template, SEND, logicalId(queue)).sort()).toEqual(
      senders.map(roleOf).sort(),
    );
    const onKey = statementsOfRole(crossRegion.template, roleOf(handler())).filter((statement) =>
      referencedIds(statement.Resource).has(logicalId(key)),
    );
    expect(onKey).toEqual([
      expect.objectContaining({
        Action: ["kms:GenerateDataKey", "kms:Decrypt"],
        Condition: {
          StringEquals: {
            "kms:ViaService": {
              "Fn::Join": ["", [`sqs.${crossRegion.stack.region}.`, { Ref: "AWS::URLSuffix" }]],
            },
          },
        },
      }),
    ]);
  });

  it("names the queue's key in the stack's outputs, for ops to hand to the organisation", () => {
    const { key } = queueOf("own-account");
    if (!key) throw new Error("no key");
    const outputs = crossRegion.template.toJSON().Outputs;
    expect(outputs.DeliveryKeyOwnAccount?.Value).toEqual(arnOf(key));
    expect(Object.keys(outputs).filter((name) => name.startsWith("DeliveryKey"))).toEqual([
      "DeliveryKeyOwnAccount",
    ]);
  });

  it("gives the intake no access to the queue or its key", () => {
    const { queue, key } = queueOf("own-account");
    if (!key) throw new Error("no key");
    const intake = crossRegion.stack.api.intake.function.role;
    if (!intake) throw new Error("no role");
    const touched = statementsOfRole(crossRegion.template, logicalId(intake)).flatMap(
      (statement) => [...referencedIds(statement.Resource)],
    );
    expect(touched).not.toContain(logicalId(queue));
    expect(touched).not.toContain(logicalId(key));
  });
});

describe("RoutingPipeline: every queue", () => {
  it("has a dead-letter queue, or is one", () => {
    const { template } = synthesized;
    const queues = template.findResources("AWS::SQS::Queue");
    const deadLetterTargets = new Set(
      Object.values(queues).flatMap((queue) => [
        ...referencedIds(queue.Properties.RedrivePolicy?.deadLetterTargetArn),
      ]),
    );
    for (const [id, queue] of Object.entries(queues)) {
      if (deadLetterTargets.has(id)) continue;
      expect(queue.Properties.RedrivePolicy, id).toMatchObject({ maxReceiveCount: 5 });
      expect(
        deadLetterTargets.has(
          referencedIds(queue.Properties.RedrivePolicy.deadLetterTargetArn).values().next()
            .value as string,
        ),
      ).toBe(true);
    }
    expect(deadLetterTargets.size).toBe(declarations.length);
  });

  it("is encrypted at rest", () => {
    for (const queue of Object.values(synthesized.template.findResources("AWS::SQS::Queue"))) {
      expect(
        queue.Properties.SqsManagedSseEnabled === true || queue.Properties.KmsMasterKeyId,
      ).toBeTruthy();
    }
  });

  it("has a visibility timeout of at least six times its consumer's timeout", () => {
    const routing =
      synthesized.template.findResources("AWS::SQS::Queue")[
        logicalId(synthesized.stack.routing.routingQueue)
      ];
    const routerTimeout = Object.values(
      synthesized.template.findResources("AWS::Lambda::Function"),
    ).find(
      (fn) =>
        fn.Properties.Description === "Routes each new case to its organisations' delivery queues",
    )?.Properties.Timeout;
    expect(routing?.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(6 * routerTimeout);
  });
});
