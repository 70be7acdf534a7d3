import { describe, expect, it } from "vitest";
import { DISPOSABLE_IDS, STATEFUL_IDS } from "../../lib/stateful-ids.ts";
import {
  AwsCliError,
  type CommandResult,
  type CommandRunner,
  deployedTemplate,
  fillCountersKeyIfEmpty,
  fillReceiptKeysIfEmpty,
  firstCountersKey,
  firstReceiptKeys,
  setStatefulStackPolicy,
  statefulChangeRefusal,
  type Template,
} from "../../scripts/deploy-state.ts";

interface Call {
  command: string;
  args: string[];
  input: string | undefined;
}

/** A CommandRunner that records its calls and answers each `aws <service> <verb>` from a table. */
function fakeRunner(answers: Record<string, CommandResult>): { run: CommandRunner; calls: Call[] } {
  const calls: Call[] = [];
  const run: CommandRunner = (command, args, input) => {
    calls.push({ command, args, input });
    const answer = answers[`${args[0]} ${args[1]}`];
    if (!answer) throw new Error(`unexpected call: ${command} ${args.join(" ")}`);
    return answer;
  };
  return { run, calls };
}
const ok = (stdout: string): CommandResult => ({ status: 0, stdout, stderr: "" });
const failed = (stderr: string): CommandResult => ({ status: 254, stdout: "", stderr });

const ARN = "arn:aws:secretsmanager:eu-central-1:111111111111:secret:SecretsReceiptKeys-abcdef";

describe("fillReceiptKeysIfEmpty", () => {
  it("puts a first value into a secret that has no version, on stdin, never in the arguments", () => {
    const { run, calls } = fakeRunner({
      "secretsmanager describe-secret": ok(JSON.stringify({ ARN, Name: "x" })),
      "secretsmanager put-secret-value": ok("{}"),
    });
    expect(fillReceiptKeysIfEmpty(run, ARN, "eu-central-1")).toBe(true);
    expect(calls.map((call) => call.args.slice(0, 2).join(" "))).toEqual([
      "secretsmanager describe-secret",
      "secretsmanager put-secret-value",
    ]);
    const put = calls[1] as Call;
    expect(put.args).toEqual(
      expect.arrayContaining(["--secret-id", ARN, "--secret-string", "file:///dev/stdin"]),
    );
    expect(put.args).toContain("eu-central-1");
    const value = JSON.parse(put.input ?? "");
    expect(Object.keys(value)).toEqual(["1"]);
    expect(value["1"]).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(put.args.join(" ")).not.toContain(value["1"]);
  });

  it.each([
    { stages: { v1: ["AWSCURRENT"] } },
    { stages: { v1: ["AWSPREVIOUS"], v2: ["AWSCURRENT"] } },
  ])("leaves a secret that has a version alone: $stages", ({ stages }) => {
    const { run, calls } = fakeRunner({
      "secretsmanager describe-secret": ok(JSON.stringify({ ARN, VersionIdsToStages: stages })),
    });
    expect(fillReceiptKeysIfEmpty(run, ARN, "eu-central-1")).toBe(false);
    expect(calls).toHaveLength(1);
  });

  it("stops when the AWS CLI cannot describe the secret", () => {
    const { run } = fakeRunner({
      "secretsmanager describe-secret": failed("AccessDeniedException"),
    });
    expect(() => fillReceiptKeysIfEmpty(run, ARN, "eu-central-1")).toThrow(AwsCliError);
  });

  it("makes a new random key each time", () => {
    expect(firstReceiptKeys()).not.toBe(firstReceiptKeys());
  });
});

describe("fillCountersKeyIfEmpty", () => {
  it('puts {"hmacKey": 64 letters and digits} into a secret that has no version, on stdin', () => {
    const { run, calls } = fakeRunner({
      "secretsmanager describe-secret": ok(JSON.stringify({ ARN, Name: "x" })),
      "secretsmanager put-secret-value": ok("{}"),
    });
    expect(fillCountersKeyIfEmpty(run, ARN, "eu-central-1")).toBe(true);
    const put = calls[1] as Call;
    expect(put.args).toEqual(
      expect.arrayContaining(["--secret-id", ARN, "--secret-string", "file:///dev/stdin"]),
    );
    const value = JSON.parse(put.input ?? "");
    expect(Object.keys(value)).toEqual(["hmacKey"]);
    expect(value.hmacKey).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(put.args.join(" ")).not.toContain(value.hmacKey);
  });

  it("never replaces a counters key that has a value: every marker was made with it", () => {
    const { run, calls } = fakeRunner({
      "secretsmanager describe-secret": ok(
        JSON.stringify({ ARN, VersionIdsToStages: { v1: ["AWSCURRENT"] } }),
      ),
    });
    expect(fillCountersKeyIfEmpty(run, ARN, "eu-central-1")).toBe(false);
    expect(calls).toHaveLength(1);
  });

  it("makes a new random key each time", () => {
    expect(firstCountersKey()).not.toBe(firstCountersKey());
  });
});

describe("setStatefulStackPolicy", () => {
  it("sets the policy that denies replacing or deleting the stateful resources", () => {
    const { run, calls } = fakeRunner({ "cloudformation set-stack-policy": ok("") });
    setStatefulStackPolicy(run, "Intake-be", "eu-central-1");
    const args = calls[0]?.args ?? [];
    expect(args.slice(0, 6)).toEqual([
      "cloudformation",
      "set-stack-policy",
      "--stack-name",
      "Intake-be",
      "--region",
      "eu-central-1",
    ]);
    const policy = JSON.parse(args[args.indexOf("--stack-policy-body") + 1] ?? "");
    expect(policy.Statement[0]).toMatchObject({ Effect: "Deny" });
    expect(policy.Statement[0].Resource).toContain(
      `LogicalResourceId/${STATEFUL_IDS.secrets.receiptKeys}`,
    );
  });
});

// Fixtures: a deployed region template, and changes to it.
const table = (name: string, key = "pk") => ({
  Type: "AWS::DynamoDB::Table",
  Properties: {
    TableName: name,
    KeySchema: [{ AttributeName: key, KeyType: "HASH" }],
    BillingMode: "PAY_PER_REQUEST",
  },
});
const DEPLOYED: Template = {
  Resources: {
    [STATEFUL_IDS.tables.reports]: table("intake-be-reports"),
    [STATEFUL_IDS.dataKey]: { Type: "AWS::KMS::Key", Properties: { EnableKeyRotation: true } },
    [STATEFUL_IDS.secrets.receiptKeys]: {
      Type: "AWS::SecretsManager::Secret",
      Properties: { Description: "receipt keys" },
    },
    Queue1: { Type: "AWS::SQS::Queue", Properties: { QueueName: "intake-be-deliver-ngo" } },
    [DISPOSABLE_IDS.canaryToken]: {
      Type: "AWS::SecretsManager::Secret",
      Properties: { Description: "the canary's token" },
    },
    Function1: { Type: "AWS::Lambda::Function", Properties: { MemorySize: 256 } },
  },
};
const changed = (change: (resources: NonNullable<Template["Resources"]>) => void): Template => {
  const next = structuredClone(DEPLOYED);
  change(next.Resources ?? {});
  return next;
};

describe("statefulChangeRefusal", () => {
  it.each([
    ["the same template", changed(() => {})],
    [
      "a changed function and a new resource",
      changed((r) => {
        r.Function1 = { Type: "AWS::Lambda::Function", Properties: { MemorySize: 512 } };
        r.Topic = { Type: "AWS::SNS::Topic" };
      }),
    ],
    [
      "an in-place change to a table and a secret",
      changed((r) => {
        (r[STATEFUL_IDS.tables.reports]?.Properties as Record<string, unknown>).BillingMode =
          "PROVISIONED";
        (r[STATEFUL_IDS.secrets.receiptKeys]?.Properties as Record<string, unknown>).Description =
          "new";
      }),
    ],
    ["a deleted function", changed((r) => delete r.Function1)],
    // A region that turns its canary off: the token's secret holds no report's state.
    ["the canary's token deleted", changed((r) => delete r[DISPOSABLE_IDS.canaryToken])],
  ])("lets %s through", (_, next) => {
    expect(statefulChangeRefusal("Intake-be", DEPLOYED, next)).toBeUndefined();
  });

  it.each([
    [
      "a renamed table (new logical id)",
      changed((r) => {
        r.TablesReportsNEW = r[STATEFUL_IDS.tables.reports] as never;
        delete r[STATEFUL_IDS.tables.reports];
      }),
      `${STATEFUL_IDS.tables.reports} (AWS::DynamoDB::Table) would be deleted`,
    ],
    [
      "a table with a new key schema",
      changed((r) => {
        r[STATEFUL_IDS.tables.reports] = table("intake-be-reports", "id");
      }),
      `${STATEFUL_IDS.tables.reports} (AWS::DynamoDB::Table) would be replaced: KeySchema changed`,
    ],
    [
      "a named secret",
      changed((r) => {
        (r[STATEFUL_IDS.secrets.receiptKeys]?.Properties as Record<string, unknown>).Name = "x";
      }),
      `${STATEFUL_IDS.secrets.receiptKeys} (AWS::SecretsManager::Secret) would be replaced: Name changed`,
    ],
    [
      "a data key turned asymmetric",
      changed((r) => {
        (r[STATEFUL_IDS.dataKey]?.Properties as Record<string, unknown>).KeySpec = "RSA_2048";
      }),
      `${STATEFUL_IDS.dataKey} (AWS::KMS::Key) would be replaced: KeySpec changed`,
    ],
    [
      "a removed organisation's queue",
      changed((r) => delete r.Queue1),
      "Queue1 (AWS::SQS::Queue) would be deleted",
    ],
    [
      "a queue turned into a topic",
      changed((r) => {
        r.Queue1 = { Type: "AWS::SNS::Topic" };
      }),
      "Queue1 (AWS::SQS::Queue) would be replaced by a AWS::SNS::Topic",
    ],
  ])("refuses %s", (_, next, problem) => {
    const refusal = statefulChangeRefusal("Intake-be", DEPLOYED, next) ?? "";
    expect(refusal.split("\n")).toEqual([
      "Refused: this deploy of Intake-be would lose state (its data, keys or waiting messages):",
      `  ${problem}`,
      expect.stringContaining("Nothing was deployed"),
    ]);
  });
});

describe("deployedTemplate", () => {
  it.each([
    ["an object (a JSON template)", JSON.stringify(DEPLOYED)],
    ["a string (a YAML-stored body printed as JSON)", JSON.stringify(JSON.stringify(DEPLOYED))],
  ])("reads the template the CLI prints as %s", (_, stdout) => {
    const { run, calls } = fakeRunner({ "cloudformation get-template": ok(stdout) });
    expect(deployedTemplate(run, "Intake-be", "eu-central-1")).toEqual(DEPLOYED);
    expect(calls[0]?.args).toEqual(expect.arrayContaining(["--stack-name", "Intake-be"]));
  });

  it("answers undefined for a stack that does not exist yet (a first deploy)", () => {
    const { run } = fakeRunner({
      "cloudformation get-template": failed(
        "An error occurred (ValidationError) when calling the GetTemplate operation: Stack with id Intake-be does not exist",
      ),
    });
    expect(deployedTemplate(run, "Intake-be", "eu-central-1")).toBeUndefined();
  });

  it("stops on any other failure (no credentials is not a first deploy)", () => {
    const { run } = fakeRunner({
      "cloudformation get-template": failed("Unable to locate credentials"),
    });
    expect(() => deployedTemplate(run, "Intake-be", "eu-central-1")).toThrow(AwsCliError);
  });
});
