/** `intake org pull`: an organisation reads what was routed to it, on its own machine. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { identityFile } from "../helpers/demo-keys.ts";
import { aWorkerWhoLostEverything } from "../helpers/report-factory.ts";
import { runIntake } from "../helpers/run-intake.ts";
import { eventually, startTestSystem, type TestSystem } from "../helpers/test-system.ts";

let system: TestSystem;
const dir = mkdtempSync(join(tmpdir(), "org-pull-"));
const NARRATIVE = "They kept my passport and my pay.";

const waiting = async (organisation: string) => {
  const { Attributes } = await system.sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: system.deliveryUrl(organisation),
      AttributeNames: ["ApproximateNumberOfMessages"],
    }),
  );
  return Number(Attributes?.ApproximateNumberOfMessages ?? 0);
};

beforeAll(async () => {
  system = await startTestSystem();
  const answer = await system.submit(aWorkerWhoLostEverything({ narrative: NARRATIVE }));
  expect(answer.status).toBe(201);
  await eventually(async () => ((await waiting("legal-aid")) === 1 ? true : undefined));
});
afterAll(() => system.stop());

const pull = (organisation: string, ...args: string[]) =>
  runIntake([
    "org",
    "pull",
    organisation,
    "--queue-url",
    system.deliveryUrl(organisation),
    ...args,
  ]);

describe("intake org pull", () => {
  it("opens the lead's narrative and contact with a staff identity file, and takes the envelope off the queue", async () => {
    const run = await pull("labour-ngo", "--identity", identityFile(dir, "labour-ngo"));
    expect(run.code).toBe(0);
    const [opened, ...rest] = JSON.parse(run.stdout);
    expect(rest).toEqual([]);
    expect(opened).toMatchObject({
      organisation: "labour-ngo",
      narrative: NARRATIVE,
      contact: { channel: "phone", address: "+48 600 000 000" },
      municipality: "GM0344",
      triage: { urgency: "high" },
    });
    expect(opened.sealed).toBeUndefined();
    expect(await waiting("labour-ngo")).toBe(0);
  });

  it("keeps the envelope with --keep, and opens what the demo keys may open", async () => {
    const run = await pull("legal-aid", "--demo", "--keep");
    expect(run.code).toBe(0);
    const [opened] = JSON.parse(run.stdout);
    expect(opened.narrative).toBe(NARRATIVE);
    expect(opened.contact).toBeUndefined();
    expect(await waiting("legal-aid")).toBe(1);
  });

  it("marks what another organisation's identity cannot open", async () => {
    const run = await pull("coordination-centre", "--identity", identityFile(dir, "legal-aid"));
    expect(run.code).toBe(0);
    const [opened] = JSON.parse(run.stdout);
    expect(opened.narrative).toBeUndefined();
    expect(opened.unreadable).toEqual(["narrative"]);
  });

  it.each([
    [["--identity", "/nonexistent/key.txt"], "usage"],
    [
      [
        "--identity",
        (() => {
          const file = join(dir, "empty.key");
          writeFileSync(file, "# nothing here\n");
          return file;
        })(),
      ],
      "usage",
    ],
    [[], "usage"],
  ])("refuses %j with exit 2", async (args, code) => {
    const run = await pull("legal-aid", ...args);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stderr).error.code).toBe(code);
  });

  it("refuses an unknown organisation", async () => {
    const run = await runIntake(["org", "pull", "nobody", "--demo"]);
    expect(run.code).toBe(2);
  });
});
