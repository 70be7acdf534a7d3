import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SECURITY_HEADERS } from "../../config/security-headers.ts";
import {
  type AlarmTopic,
  alarmTopicsOf,
  checkAlarmSubscriptions,
  checkDirectApiRefused,
  checkSecurityHeaders,
  confirmedSubscriptions,
  isConfirmed,
  runDeploymentChecks,
  type SubscriptionPage,
} from "../../scripts/smoke-deployment.ts";
import { startTestSystem, type TestSystem } from "../helpers/test-system.ts";

const TOPIC = "arn:aws:sns:eu-central-1:111111111111:Intake-be-Alarms";
const EDGE_TOPIC = "arn:aws:sns:us-east-1:111111111111:Intake-be-edge-alarms-EdgeAlarms";
const CONFIRMED = `${TOPIC}:0b0c0d0e-0000-4000-8000-000000000001`;

/** SNS's pages of subscriptions, by topic, as ListSubscriptionsByTopic answers them. */
function pages(byTopic: Record<string, string[][]>): SubscriptionPage {
  return async (topicArn, nextToken) => {
    const all = byTopic[topicArn] ?? [[]];
    const at = nextToken ? Number(nextToken) : 0;
    return {
      subscriptionArns: all[at] ?? [],
      ...(at + 1 < all.length ? { nextToken: String(at + 1) } : {}),
    };
  };
}

const topic = (arn: string, list: SubscriptionPage, output = "AlarmTopicArn"): AlarmTopic => ({
  output,
  arn,
  list,
});

describe("an alarm topic's confirmed subscriptions", () => {
  it.each([
    [CONFIRMED, true],
    ["PendingConfirmation", false],
    ["Deleted", false],
    ["", false],
  ])("%j is confirmed: %s", (arn, confirmed) => {
    expect(isConfirmed(arn)).toBe(confirmed);
  });

  it.each([
    ["no subscription", [[]], 0],
    ["one waiting for its owner's confirmation", [["PendingConfirmation"]], 0],
    ["one confirmed beside one pending", [["PendingConfirmation", CONFIRMED]], 1],
    ["a confirmed one on the second page only", [["PendingConfirmation"], [CONFIRMED]], 1],
  ])("%s: %i confirmed, every page read", async (_, subscriptionPages, count) => {
    expect(await confirmedSubscriptions(topic(TOPIC, pages({ [TOPIC]: subscriptionPages })))).toBe(
      count,
    );
  });

  it("fails for each topic without one, naming it and what to do", async () => {
    const list = pages({ [TOPIC]: [[CONFIRMED]], [EDGE_TOPIC]: [["PendingConfirmation"]] });
    const result = await checkAlarmSubscriptions([
      topic(TOPIC, list),
      topic(EDGE_TOPIC, list, "EdgeAlarmTopicArn"),
    ]);
    expect(result.passed).toEqual(["AlarmTopicArn: 1 confirmed subscriptions"]);
    expect(result.problems).toEqual([
      expect.stringMatching(
        /^EdgeAlarmTopicArn \(arn:aws:sns:us-east-1:.+\) has no confirmed subscription: its alarms reach nobody\./,
      ),
    ]);
  });

  it("finds both topics in the outputs npm run deploy writes, and says which one is missing", () => {
    const list = pages({});
    const found = alarmTopicsOf(
      (stack) =>
        (
          ({
            "Intake-be": { AlarmTopicArn: TOPIC },
            "Intake-be-edge-alarms": { EdgeAlarmTopicArn: EDGE_TOPIC },
          }) as Record<string, Record<string, string>>
        )[stack],
      "be",
      list,
    );
    expect(found.problems).toEqual([]);
    expect(found.topics.map(({ output, arn }) => [output, arn])).toEqual([
      ["AlarmTopicArn", TOPIC],
      ["EdgeAlarmTopicArn", EDGE_TOPIC],
    ]);
    const missing = alarmTopicsOf(
      (stack) => (stack === "Intake-be" ? { AlarmTopicArn: TOPIC } : undefined),
      "be",
      list,
    );
    expect(missing.topics).toHaveLength(1);
    expect(missing.problems).toEqual([
      "The outputs hold no EdgeAlarmTopicArn of Intake-be-edge-alarms: pass the file npm run deploy writes (deploy-outputs/outputs-be.json).",
    ]);
  });
});

/** A stand-in for the API stage, or a site: answers every request with this status and headers. */
let server: Server;
let answer = { status: 403, headers: {} as Record<string, string> };
let base: string;
beforeAll(async () => {
  server = createServer((_, response) => {
    response.writeHead(answer.status, answer.headers);
    response.end("{}");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/live/`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe("the API's own URL", () => {
  it.each([
    [403, []],
    [200, ["The API's own URL answered 200 to a call that skipped CloudFront, not 403"]],
    [500, ["The API's own URL answered 500"]],
  ] as const)("answering %i: %j", async (status, problems) => {
    answer = { status, headers: {} };
    const found = await checkDirectApiRefused(base);
    expect(found).toHaveLength(problems.length);
    problems.forEach((problem, at) => {
      expect(found[at]).toContain(problem);
    });
  });
});

describe("the security headers", () => {
  it("fails for each header that is missing or differs, naming it", async () => {
    const { "X-Frame-Options": _, ...rest } = SECURITY_HEADERS;
    answer = { status: 200, headers: { ...rest, "Referrer-Policy": "origin" } };
    expect(await checkSecurityHeaders(base)).toEqual([
      'GET / sent Referrer-Policy: "origin", not "no-referrer".',
      'GET / sent X-Frame-Options: nothing, not "DENY".',
    ]);
  });

  it("passes when every declared header is sent as declared", async () => {
    answer = { status: 200, headers: { ...SECURITY_HEADERS } };
    expect(await checkSecurityHeaders(base)).toEqual([]);
  });
});

describe("runDeploymentChecks", () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(() => system.stop());

  it("against a local system: checks the headers, and says it skipped the AWS-only checks", async () => {
    const result = await runDeploymentChecks({ siteUrl: system.url });
    expect(result.problems).toEqual([]);
    expect(result.passed).toEqual(["the site sends every security header"]);
    expect(result.skipped).toEqual([expect.stringContaining("AWS only")]);
  });

  it("on AWS: fails when a topic has no confirmed subscription or the API lets a direct call in", async () => {
    answer = { status: 200, headers: {} };
    const list = pages({ [TOPIC]: [["PendingConfirmation"]], [EDGE_TOPIC]: [[CONFIRMED]] });
    const result = await runDeploymentChecks({
      siteUrl: system.url,
      aws: {
        apiUrl: base,
        topics: [topic(TOPIC, list), topic(EDGE_TOPIC, list, "EdgeAlarmTopicArn")],
        problems: [],
      },
    });
    expect(result.skipped).toEqual([]);
    expect(result.problems).toEqual([
      expect.stringContaining("The API's own URL answered 200"),
      expect.stringContaining("AlarmTopicArn (arn:aws:sns:eu-central-1"),
    ]);
    expect(result.passed).toEqual([
      "the site sends every security header",
      "EdgeAlarmTopicArn: 1 confirmed subscriptions",
    ]);
  });
});
