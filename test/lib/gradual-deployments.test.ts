import { beforeAll, describe, expect, it } from "vitest";
import { type IntakeFunction, LIVE_ALIAS } from "../../lib/intake-function.ts";
import type { IntakeStack } from "../../lib/intake-stack.ts";
import { logicalId, ref, type Synthesized, synthesize } from "../helpers/synth.ts";

let synthesized: Synthesized;
beforeAll(() => {
  synthesized = synthesize();
});

// biome-ignore lint/suspicious/noExplicitAny: the tests read the template as JSON
type Json = any;
const resources = () => synthesized.template.toJSON().Resources as Record<string, Json>;

/** Each function, its name in the alarms, and how fast CodeDeploy shifts its alias. */
const FUNCTIONS: [string, (stack: IntakeStack) => IntakeFunction, string][] = [
  ["challenge", (stack) => stack.api.challenge, "CodeDeployDefault.LambdaCanary10Percent5Minutes"],
  ["intake", (stack) => stack.api.intake, "CodeDeployDefault.LambdaCanary10Percent5Minutes"],
  ["status", (stack) => stack.api.status, "CodeDeployDefault.LambdaCanary10Percent5Minutes"],
  [
    "org api",
    (stack) => stack.api.organisations,
    "CodeDeployDefault.LambdaCanary10Percent5Minutes",
  ],
  ["monitor", (stack) => stack.monitor.api, "CodeDeployDefault.LambdaCanary10Percent5Minutes"],
  ["router", (stack) => stack.routing.router, "CodeDeployDefault.LambdaAllAtOnce"],
  ["sweeper", (stack) => stack.schedules.sweeper, "CodeDeployDefault.LambdaAllAtOnce"],
  ["escalation", (stack) => stack.schedules.escalator, "CodeDeployDefault.LambdaAllAtOnce"],
];

describe("GradualDeployments: versions, the live alias and CodeDeploy", () => {
  it("gives each of the eight functions a live alias on a published version of it", () => {
    const aliases = Object.values(resources()).filter((r) => r.Type === "AWS::Lambda::Alias");
    // and the canary's, which CloudFormation moves at once: a failed canary run is its own
    // alarm (test/lib/canary.test.ts), never an error of the function to roll back on.
    expect(aliases).toHaveLength(FUNCTIONS.length + 1);
    expect(synthesized.stack.deployments.groups.size).toBe(FUNCTIONS.length);
    for (const [, of] of FUNCTIONS) {
      const fn = of(synthesized.stack);
      const alias = resources()[logicalId(fn.live)];
      expect(alias?.Properties.Name).toBe(LIVE_ALIAS);
      expect(alias?.Properties.FunctionName).toEqual(ref(fn.function));
      const [versionId] = alias?.Properties.FunctionVersion["Fn::GetAtt"] ?? [];
      const version = resources()[versionId ?? ""];
      expect(version?.Type).toBe("AWS::Lambda::Version");
      expect(version?.Properties.FunctionName).toEqual(ref(fn.function));
    }
  });

  it.each(FUNCTIONS)(
    "%s: CodeDeploy shifts its alias at its pace and rolls back on its errors alarm, a failure or a stop",
    (name, of, config) => {
      const { stack } = synthesized;
      const fn = of(stack);
      const group = stack.deployments.groups.get(name);
      if (!group) throw new Error(`No group ${name}`);
      const properties = resources()[logicalId(group)]?.Properties;
      expect(properties.DeploymentConfigName).toBe(config);
      expect(properties.DeploymentStyle).toEqual({
        DeploymentType: "BLUE_GREEN",
        DeploymentOption: "WITH_TRAFFIC_CONTROL",
      });
      expect(properties.AutoRollbackConfiguration).toEqual({
        Enabled: true,
        Events: ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_REQUEST", "DEPLOYMENT_STOP_ON_ALARM"],
      });
      const errors = stack.observability.errorAlarms.get(name);
      if (!errors) throw new Error(`No errors alarm of ${name}`);
      expect(properties.AlarmConfiguration).toEqual({
        Enabled: true,
        Alarms: [{ Name: ref(errors) }],
      });
      expect(resources()[logicalId(errors)]?.Properties.AlarmName).toBe(
        `intake-${synthesized.region.id} ${name} errors`,
      );
      // CloudFormation hands the alias's update to CodeDeploy, and waits for it.
      expect(resources()[logicalId(fn.live)]?.UpdatePolicy).toEqual({
        CodeDeployLambdaAliasUpdate: {
          ApplicationName: ref(stack.deployments.application),
          DeploymentGroupName: ref(group),
        },
      });
    },
  );

  it("uses one CodeDeploy role, CodeDeploy's own", () => {
    const roles = Object.entries(resources()).filter(
      ([, r]) =>
        r.Type === "AWS::IAM::Role" &&
        JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes("codedeploy"),
    );
    expect(roles.map(([id]) => id)).toEqual([logicalId(synthesized.stack.deployments.role)]);
  });
});
