import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { ScanCommand } from "@aws-sdk/client-dynamodb";
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasDeliveryQueue } from "../../config/resources.ts";
import {
  awsTarget,
  expectedOrganisations,
  localTarget,
  OPS_TOKEN_ENV,
  readOutputs,
  runSmoke,
  SMOKE_NARRATIVE,
  smokeReport,
} from "../../scripts/smoke.ts";
import { sampleWithoutTestOrganisationsFile } from "../helpers/region-factory.ts";
import { REPO_ROOT } from "../helpers/synth.ts";
import { startTestSystem, type TestSystem } from "../helpers/test-system.ts";

const run = promisify(execFile);

let system: TestSystem;
let prefix: string;
beforeAll(async () => {
  system = await startTestSystem();
  prefix = system.tableNames.reports.slice(0, -`${system.region.id}-reports`.length);
});
afterAll(() => system.stop());

const target = () =>
  localTarget(
    system.region,
    { dynamo: system.emulators.dynamoEndpoint, sqs: system.emulators.sqsEndpoint },
    prefix,
  );

async function tableItems() {
  const items: Record<string, unknown>[] = [];
  for (const name of Object.values(system.tableNames)) {
    const { Items = [] } = await system.dynamo.send(new ScanCommand({ TableName: name }));
    items.push(...Items.map((item) => unmarshall(item)));
  }
  return items;
}

describe("the smoke report", () => {
  it("is a valid test report of the region, routed to at least one organisation", () => {
    const report = smokeReport(system.region);
    expect(report).toMatchObject({ test: true, narrative: SMOKE_NARRATIVE, locale: "nl" });
    expect(expectedOrganisations(system.region, report).length).toBeGreaterThan(0);
  });
});

describe("npm run smoke, against a local system", () => {
  it("reaches exactly the expected organisations, and leaves nothing of the case behind", async () => {
    // An envelope of another case waits on an expected organisation's queue: it must stay.
    const report = smokeReport(system.region);
    const [first] = expectedOrganisations(system.region, report);
    const bystander = JSON.stringify({ caseId: "someone-else", organisation: first, test: false });
    await system.sqs.send(
      new SendMessageCommand({ QueueUrl: system.deliveryUrl(first ?? ""), MessageBody: bystander }),
    );

    const lines: string[] = [];
    const result = await runSmoke({
      url: system.url,
      opsToken: await system.opsToken(),
      region: system.region,
      target: target(),
      timeoutMs: 30_000,
      log: (line) => lines.push(line),
    });

    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    // An organisation that works in the inbox alone has no queue: its sent assignment is all.
    const queued = result.expected.filter((o) => hasDeliveryQueue(system.region, o));
    expect(queued.length).toBeLessThan(result.expected.length);
    expect(result.delivered.sort()).toEqual([...queued].sort());
    expect(result.assigned).toEqual([...result.expected].sort());
    expect(result.removed).toEqual({
      envelopes: queued.length,
      assignments: result.expected.length,
      case: true,
      links: 1,
    });

    // Nothing of the case is left in a table (the idempotency record and spent proof expire).
    const left = (await tableItems()).filter((item) =>
      JSON.stringify(item).includes(result.caseId ?? "?"),
    );
    expect(left).toEqual([]);
    // No envelope of it on any queue; the bystander is back, visible at once.
    for (const organisation of queued) {
      const messages = await system.drain(system.deliveryUrl(organisation));
      expect(messages.map((message) => message.Body)).toEqual(
        organisation === first ? [bystander] : [],
      );
    }
    expect(lines.join("\n")).not.toMatch(/\d{4} \d{4} \d{4} \d{4}/); // never the receipt
  });

  it("fails, and still removes the case, when an organisation's envelope is gone", async () => {
    const report = smokeReport(system.region);
    const expected = expectedOrganisations(system.region, report).filter((o) =>
      hasDeliveryQueue(system.region, o),
    );
    // A consumer that takes every envelope before the smoke test can look.
    let running = true;
    const thief = (async () => {
      while (running) {
        for (const organisation of expected) await system.drain(system.deliveryUrl(organisation));
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const result = await runSmoke({
      url: system.url,
      opsToken: await system.opsToken(),
      region: system.region,
      target: target(),
      timeoutMs: 4_000,
    });
    running = false;
    await thief;
    expect(result.ok).toBe(false);
    expect(result.problems.join(" ")).toContain("no envelope found");
    expect(result.removed.case).toBe(true);
    const left = (await tableItems()).filter((item) =>
      JSON.stringify(item).includes(result.caseId ?? "?"),
    );
    expect(left).toEqual([]);
  });

  it("runs as a command: exit 0, one line that says where the case went, and what it checked and skipped", async () => {
    const { stdout } = await run(
      process.execPath,
      [
        "--import",
        "tsx",
        "scripts/smoke.ts",
        "--url",
        system.url,
        "--sqs-endpoint",
        system.emulators.sqsEndpoint,
        "--dynamo-endpoint",
        system.emulators.dynamoEndpoint,
        "--prefix",
        prefix,
        "--timeout",
        "30",
        "--region",
        sampleWithoutTestOrganisationsFile(),
      ],
      { cwd: REPO_ROOT, env: { ...process.env, [OPS_TOKEN_ENV]: await system.opsToken() } },
    );
    expect(stdout).toMatch(
      /^smoke test passed: case [0-9a-f-]{36} reached .+, and is removed; the deployment's checks passed$/m,
    );
    expect(stdout).toMatch(/^checked: the site sends every security header$/m);
    // Locally there is no API stage and no topic: said, not silently passed.
    expect(stdout).toMatch(
      /^skipped: the API's own URL refusing direct calls and the alarm subscriptions: AWS only, skipped against a local system$/m,
    );
  });

  it("without an ops token, sends nothing and fails: a test report is refused (403), nothing stored", async () => {
    const before = (await tableItems()).filter((item) => String(item.pk).startsWith("case#"));
    const result = await runSmoke({
      url: system.url,
      opsToken: "intake_not-a-token",
      region: system.region,
      target: target(),
      timeoutMs: 4_000,
    });
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      "POST /api/v1/reports answered 403: a test report needs a valid ops token in INTAKE_OPS_TOKEN.",
    ]);
    expect((await tableItems()).filter((item) => String(item.pk).startsWith("case#"))).toEqual(
      before,
    );
  });

  it("refuses to run without an ops token in the environment: exit 2 and the usage", async () => {
    const { [OPS_TOKEN_ENV]: _, ...env } = process.env;
    const failed = await run(
      process.execPath,
      ["--import", "tsx", "scripts/smoke.ts", "--url", system.url],
      { cwd: REPO_ROOT, env },
    ).catch((error: { code: number; stderr: string }) => error);
    expect(failed).toMatchObject({ code: 2 });
    expect((failed as { stderr: string }).stderr).toContain(`${OPS_TOKEN_ENV} is required`);
  });

  it("refuses to run without a URL: exit 2 and the usage", async () => {
    const failed = await run(process.execPath, ["--import", "tsx", "scripts/smoke.ts"], {
      cwd: REPO_ROOT,
    }).catch((error: { code: number; stderr: string }) => error);
    expect(failed).toMatchObject({ code: 2 });
    expect((failed as { stderr: string }).stderr).toContain("usage: npm run smoke");
  });
});

describe("the stack's outputs, for a deployed region", () => {
  const outputs = {
    QueueUrlPrefix: "https://sqs.eu-central-1.amazonaws.com/111111111111/",
    TableReports: "Intake-nl-TablesReports-ABC",
    TableAssignments: "Intake-nl-TablesAssignments-DEF",
  };

  it("are read from cdk deploy's outputs file and from describe-stacks", () => {
    expect(readOutputs(JSON.stringify({ "Intake-nl": outputs }), "Intake-nl")).toEqual(outputs);
    const list = Object.entries(outputs).map(([OutputKey, OutputValue]) => ({
      OutputKey,
      OutputValue,
    }));
    expect(readOutputs(JSON.stringify(list), "Intake-nl")).toEqual(outputs);
    expect(readOutputs(JSON.stringify({ Stacks: [{ Outputs: list }] }), "Intake-nl")).toEqual(
      outputs,
    );
  });

  it("name the tables, the queues and the AWS region", async () => {
    const aws = awsTarget(outputs);
    expect(aws.tables).toEqual({
      reports: outputs.TableReports,
      assignments: outputs.TableAssignments,
    });
    expect(await aws.queueUrl("nl-deliver-legal-aid")).toBe(
      "https://sqs.eu-central-1.amazonaws.com/111111111111/nl-deliver-legal-aid",
    );
    expect(await aws.dynamo.config.region()).toBe("eu-central-1");
    aws.dynamo.destroy();
    aws.sqs.destroy();
  });
});
