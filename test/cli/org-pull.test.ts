/**
 * `intake org pull`: an organisation reads what was routed to it, on its own machine. The
 * envelopes only point at cases; the command reads each case through the organisations' API
 * with the organisation's token and opens the sealed parts with a staff identity.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { identityFile } from "../helpers/demo-keys.ts";
import { staff, staffClient } from "../helpers/org-client.ts";
import { aWorkerWhoLostEverything } from "../helpers/report-factory.ts";
import { runIntake } from "../helpers/run-intake.ts";
import { eventually, startTestSystem, type TestSystem } from "../helpers/test-system.ts";

let system: TestSystem;
const dir = mkdtempSync(join(tmpdir(), "org-pull-"));
const NARRATIVE = "They kept my passport and my pay.";
const DELETED = "Words the person deleted again.";
const tokens: Record<string, string> = {};

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
  for (const organisation of ["labour-ngo", "legal-aid", "coordination-centre"])
    tokens[organisation] = (await staffClient(system, staff(organisation, "Feed"))).token;
  const answer = await system.submit(aWorkerWhoLostEverything({ narrative: NARRATIVE }));
  expect(answer.status).toBe(201);
  await eventually(async () => ((await waiting("legal-aid")) === 1 ? true : undefined));
});
afterAll(() => system.stop());

const pull = (organisation: string, args: string[], token = tokens[organisation] ?? "") =>
  runIntake(
    [
      "org",
      "pull",
      organisation,
      "--api",
      system.url,
      "--queue-url",
      system.deliveryUrl(organisation),
      ...args,
    ],
    undefined,
    token ? { INTAKE_TOKEN: token } : {},
  );

describe("intake org pull", () => {
  it("reads the case an envelope points at, opens the lead's narrative and contact, and takes the envelope off the queue", async () => {
    const run = await pull("labour-ngo", ["--identity", identityFile(dir, "labour-ngo")]);
    expect(run.code).toBe(0);
    const [opened, ...rest] = JSON.parse(run.stdout);
    expect(rest).toEqual([]);
    expect(opened).toMatchObject({
      kind: "case",
      version: 2,
      organisation: "labour-ngo",
      narrative: NARRATIVE,
      contact: { channel: "phone", address: "+48 600 000 000" },
      municipality: "GM0344",
      urgency: "high",
      triage: { urgency: "high" },
    });
    expect(opened.sealed).toBeUndefined();
    expect(await waiting("labour-ngo")).toBe(0);
  });

  it("with --demo on this machine, issues itself a token for the pull and revokes it after; --keep keeps the envelope", async () => {
    const prefix = system.tableNames.access.slice(0, -`${system.region.id}-access`.length);
    const run = await pull(
      "legal-aid",
      ["--demo", "--keep", "--dynamo", system.emulators.dynamoEndpoint, "--prefix", prefix],
      "",
    );
    expect(run.code).toBe(0);
    const [opened] = JSON.parse(run.stdout);
    expect(opened.narrative).toBe(NARRATIVE);
    expect(opened.contact).toBeUndefined();
    expect(await waiting("legal-aid")).toBe(1);
    const demoTokens = (await system.items()).filter(
      (item) =>
        String(item.pk).startsWith("token#") &&
        (item.caller as { name?: string }).name === "demo pull",
    );
    expect(demoTokens).toHaveLength(1);
    expect(demoTokens[0]?.revokedAt).toEqual(expect.any(Number));
  });

  it("marks what another organisation's identity cannot open", async () => {
    const run = await pull("coordination-centre", ["--identity", identityFile(dir, "legal-aid")]);
    expect(run.code).toBe(0);
    const [opened] = JSON.parse(run.stdout);
    expect(opened.narrative).toBeUndefined();
    expect(opened.unreadable).toEqual(["narrative"]);
  });

  it("prints a case the person deleted as withdrawn, with nothing of what they said", async () => {
    const { caseId, receipt } = await system.routedCase({
      ...aWorkerWhoLostEverything({ narrative: DELETED }),
      test: true,
    });
    await eventually(async () => ((await waiting("legal-aid")) >= 2 ? true : undefined));
    const withdrawn = await system.post(
      { receipt, kind: "delete" },
      { path: "/api/v1/status/withdraw" },
    );
    expect(withdrawn.status).toBe(200);
    const run = await pull("legal-aid", ["--identity", identityFile(dir, "legal-aid")]);
    expect(run.code).toBe(0);
    const printed = JSON.parse(run.stdout) as Record<string, unknown>[];
    const ofCase = printed.filter((message) => message.caseId === caseId);
    expect(ofCase.map((message) => message.kind).sort()).toEqual(["case", "withdrawn"]);
    expect(ofCase.find((message) => message.kind === "case")).toMatchObject({
      withdrawn: { kind: "delete" },
    });
    expect(run.stdout).not.toContain(DELETED);
    expect(ofCase.some((message) => "narrative" in message || "municipality" in message)).toBe(
      false,
    );
  });

  it.each([
    ["a token of another organisation", () => tokens["labour-ngo"] ?? ""],
    ["an unknown token", () => "not-a-token"],
    ["no token", () => ""],
  ])("refuses %s with exit 2, and leaves the envelopes on the queue", async (_, token) => {
    const before = await waiting("coordination-centre");
    await system.routedCase({ ...aWorkerWhoLostEverything(), test: true });
    await eventually(async () =>
      (await waiting("coordination-centre")) > before ? true : undefined,
    );
    const run = await pull(
      "coordination-centre",
      ["--identity", identityFile(dir, "coordination-centre")],
      token(),
    );
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stderr).error.code).toBe("usage");
    expect(await waiting("coordination-centre")).toBe(before + 1);
  });

  it("refuses an organisation that works in the inbox alone: it has no queue", async () => {
    expect(system.region.organisations.find((o) => o.id === "victim-support")?.delivery).toBe(
      "inbox",
    );
    const run = await runIntake(["org", "pull", "victim-support", "--demo"], undefined, {
      INTAKE_TOKEN: "any",
    });
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stderr).error.message).toContain("inbox");
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
    const run = await pull("legal-aid", args);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stderr).error.code).toBe(code);
  });

  it("refuses an unknown organisation", async () => {
    const run = await runIntake(["org", "pull", "nobody", "--demo"]);
    expect(run.code).toBe(2);
  });
});
