/**
 * The canary in the template (lib/canary.ts): its schedule from the region file (every hour
 * by default), its alarm on failure or no data on the region's alarm topic, its role (its own
 * secret and its log group, nothing else), one run at a time, and none of it when the region
 * turns it off.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { CANARY_DEFAULTS, CANARY_METRICS } from "../../domain/canary.ts";
import { RESERVED_CONCURRENCY } from "../../lib/capacity.ts";
import {
  actionsOf,
  canaryOf,
  logicalId,
  ref,
  rolesAllowed,
  type Synthesized,
  sampleRegion,
  statementsOfRole,
  synthesize,
} from "../helpers/synth.ts";

let synthesized: Synthesized;
beforeAll(() => {
  synthesized = synthesize();
});

const canary = () => canaryOf(synthesized.stack);
const resource = (construct: Parameters<typeof logicalId>[0]) =>
  synthesized.template.toJSON().Resources[logicalId(construct)];

describe("Canary: schedule", () => {
  it("runs every hour by default, on its live alias, with no retry by anyone", () => {
    expect(sampleRegion().canary).toBeUndefined();
    expect(CANARY_DEFAULTS.everyMinutes).toBe(60);
    expect(resource(canary().rule).Properties).toMatchObject({
      ScheduleExpression: "rate(1 hour)",
      State: "ENABLED",
      Targets: [{ Arn: ref(canary().runner.live), RetryPolicy: { MaximumRetryAttempts: 0 } }],
    });
    synthesized.template.hasResourceProperties("AWS::Lambda::EventInvokeConfig", {
      FunctionName: ref(canary().runner.function),
      MaximumRetryAttempts: 0,
      MaximumEventAgeInSeconds: 3600,
    });
  });

  it.each([
    [15, "rate(15 minutes)", 1800],
    [720, "rate(12 hours)", 86_400],
  ])(
    "runs every %i minutes as the region file says, its alarm over two ticks",
    (everyMinutes, rate, period) => {
      const { stack, template } = synthesize({ ...sampleRegion(), canary: { everyMinutes } });
      const ours = canaryOf(stack);
      expect(template.toJSON().Resources[logicalId(ours.rule)].Properties.ScheduleExpression).toBe(
        rate,
      );
      expect(template.toJSON().Resources[logicalId(ours.alarm)].Properties.Period).toBe(period);
    },
  );

  it("makes no function, schedule, alarm, secret or output when the region turns it off", () => {
    const { stack, template } = synthesize({ ...sampleRegion(), canary: { enabled: false } });
    expect(stack.canary).toBeUndefined();
    const resources = Object.entries(template.toJSON().Resources as Record<string, unknown>);
    expect(resources.map(([id]) => id).filter((id) => id.startsWith("Canary"))).toEqual([]);
    template.resourceCountIs("AWS::Events::Rule", 2);
    expect(Object.keys(template.toJSON().Outputs)).not.toContain("CanaryTokenSecretArn");
  });
});

describe("Canary: function and role", () => {
  it("runs one at a time, and ends well inside the shortest tick", () => {
    const properties = resource(canary().runner.function).Properties;
    expect(properties.ReservedConcurrentExecutions).toBe(RESERVED_CONCURRENCY.canary);
    expect(RESERVED_CONCURRENCY.canary).toBe(1);
    expect(properties.Timeout).toBe(180);
  });

  it("may read its own secret and write its log group, and nothing else", () => {
    const role = canary().runner.role;
    const statements = statementsOfRole(synthesized.template, logicalId(role));
    const actions = statements.flatMap(actionsOf).sort();
    expect(actions).toEqual([
      "logs:CreateLogStream",
      "logs:PutLogEvents",
      "secretsmanager:DescribeSecret",
      "secretsmanager:GetSecretValue",
    ]);
    const secretStatement = statements.find((s) =>
      actionsOf(s).includes("secretsmanager:GetSecretValue"),
    );
    expect(secretStatement?.Resource).toEqual(ref(canary().token));
    // and no other function may read it
    expect(
      rolesAllowed(
        synthesized.template,
        ["secretsmanager:GetSecretValue"],
        logicalId(canary().token),
      ),
    ).toEqual([logicalId(role)]);
  });

  it("keeps its token in a secret declared empty, under Secrets Manager's own key, and names it in the outputs", () => {
    const secret = resource(canary().token);
    expect(secret.Properties.GenerateSecretString).toBeUndefined();
    expect(secret.Properties.SecretString).toBeUndefined();
    expect(secret.Properties.KmsKeyId).toBeUndefined();
    expect(secret.DeletionPolicy).toBe("Delete");
    expect(synthesized.template.toJSON().Outputs.CanaryTokenSecretArn.Value).toEqual(
      ref(canary().token),
    );
  });
});

describe("Canary: alarm", () => {
  it("pages the region's alarm topic on one failed run, or on no data over two ticks", () => {
    const alarm = resource(canary().alarm).Properties;
    const topic = ref(synthesized.stack.observability.topic);
    expect(alarm).toMatchObject({
      AlarmName: `intake-${synthesized.region.id} canary failed`,
      Namespace: CANARY_METRICS.namespace,
      MetricName: CANARY_METRICS.failures,
      Dimensions: [{ Name: "service", Value: CANARY_METRICS.service }],
      Statistic: "Sum",
      Period: 7200,
      Threshold: 1,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
      EvaluationPeriods: 1,
      TreatMissingData: "breaching",
      AlarmActions: [topic],
      OKActions: [topic],
    });
  });
});
