/**
 * What `npm run smoke` checks of a deployment besides the report's way (scripts/smoke.ts):
 *
 * - the site answers with every security header of config/security-headers.ts, as declared
 *   (locally too: `intake dev` sends the same headers);
 * - on AWS: the API stage's own `execute-api` URL refuses a call that did not come through
 *   CloudFront (403, the regional web ACL of lib/origin-verification.ts);
 * - on AWS: each alarm topic, the region's (`AlarmTopicArn`) and the edge's in us-east-1
 *   (`EdgeAlarmTopicArn`), has at least one confirmed subscription: an alarm nobody receives
 *   reaches no on-call person (docs/deploy.md, "How alarms reach the on-call person").
 *
 * Locally there is no API stage and no topic: those two checks are skipped, and say so.
 */
import { ListSubscriptionsByTopicCommand, SNSClient } from "@aws-sdk/client-sns";
import { edgeAlarmsStackName, intakeStackName, STACK_OUTPUTS } from "../config/resources.ts";
import { SECURITY_HEADERS } from "../config/security-headers.ts";

/** One page of a topic's subscriptions, as SNS's ListSubscriptionsByTopic answers it. */
export type SubscriptionPage = (
  topicArn: string,
  nextToken: string | undefined,
) => Promise<{ subscriptionArns: string[]; nextToken?: string }>;

/** A topic to check, and how to read its subscriptions. */
export interface AlarmTopic {
  output: string;
  arn: string;
  list: SubscriptionPage;
}

export interface DeploymentCheck {
  problems: string[];
  /** what was checked, in words, for the log */
  passed: string[];
  /** what was not checked, and why */
  skipped: string[];
}

/**
 * SNS shows a subscription that waits for its owner's confirmation as `PendingConfirmation`
 * (and one being removed as `Deleted`) instead of its ARN.
 */
export const isConfirmed = (subscriptionArn: string) => subscriptionArn.startsWith("arn:");

/** How many confirmed subscriptions the topic has, every page read. */
export async function confirmedSubscriptions(topic: AlarmTopic): Promise<number> {
  let confirmed = 0;
  let nextToken: string | undefined;
  do {
    const page = await topic.list(topic.arn, nextToken);
    confirmed += page.subscriptionArns.filter(isConfirmed).length;
    nextToken = page.nextToken;
  } while (nextToken);
  return confirmed;
}

/** ListSubscriptionsByTopic in the topic's own AWS region (from its ARN). */
export function snsSubscriptionPage(): SubscriptionPage {
  const clients = new Map<string, SNSClient>();
  return async (topicArn, nextToken) => {
    const region = topicArn.split(":")[3] ?? "";
    const client = clients.get(region) ?? new SNSClient({ region });
    clients.set(region, client);
    const answer = await client.send(
      new ListSubscriptionsByTopicCommand({ TopicArn: topicArn, NextToken: nextToken }),
    );
    return {
      subscriptionArns: (answer.Subscriptions ?? []).map((item) => item.SubscriptionArn ?? ""),
      ...(answer.NextToken ? { nextToken: answer.NextToken } : {}),
    };
  };
}

export async function checkAlarmSubscriptions(topics: readonly AlarmTopic[]) {
  const problems: string[] = [];
  const passed: string[] = [];
  for (const topic of topics) {
    const confirmed = await confirmedSubscriptions(topic);
    if (confirmed > 0) passed.push(`${topic.output}: ${confirmed} confirmed subscriptions`);
    else
      problems.push(
        `${topic.output} (${topic.arn}) has no confirmed subscription: its alarms reach nobody. Subscribe on-call and confirm (docs/deploy.md, "How alarms reach the on-call person").`,
      );
  }
  return { problems, passed };
}

/** Every declared security header, with its declared value, on the site's first page. */
export async function checkSecurityHeaders(siteUrl: string): Promise<string[]> {
  const response = await fetch(new URL("/", siteUrl));
  await response.body?.cancel();
  if (!response.ok) return [`GET / answered ${response.status}.`];
  return Object.entries(SECURITY_HEADERS).flatMap(([name, value]) => {
    const sent = response.headers.get(name);
    if (sent === value) return [];
    return [
      `GET / sent ${name}: ${sent === null ? "nothing" : JSON.stringify(sent)}, not ${JSON.stringify(value)}.`,
    ];
  });
}

/** The API stage's own URL answers 403 to a call without CloudFront's secret header. */
export async function checkDirectApiRefused(apiUrl: string): Promise<string[]> {
  const response = await fetch(new URL("api/v1/challenge", apiUrl), { redirect: "manual" });
  await response.body?.cancel();
  if (response.status === 403) return [];
  return [
    `The API's own URL answered ${response.status} to a call that skipped CloudFront, not 403: the origin verification (lib/origin-verification.ts) is not in force.`,
  ];
}

/** The alarm topics a deployment's outputs name (the file `npm run deploy` writes). */
export function alarmTopicsOf(
  outputs: (stackName: string) => Record<string, string> | undefined,
  regionId: string,
  list: SubscriptionPage,
): { topics: AlarmTopic[]; problems: string[] } {
  const wanted = [
    { stack: intakeStackName(regionId), output: STACK_OUTPUTS.alarmTopicArn },
    { stack: edgeAlarmsStackName(regionId), output: STACK_OUTPUTS.edgeAlarmTopicArn },
  ];
  const topics: AlarmTopic[] = [];
  const problems: string[] = [];
  for (const { stack, output } of wanted) {
    const arn = outputs(stack)?.[output];
    if (arn) topics.push({ output, arn, list });
    else
      problems.push(
        `The outputs hold no ${output} of ${stack}: pass the file npm run deploy writes (deploy-outputs/outputs-${regionId}.json).`,
      );
  }
  return { topics, problems };
}

export interface DeploymentCheckOptions {
  siteUrl: string;
  /** a deployed region's: its API stage's URL and its alarm topics; none when local */
  aws?: { apiUrl: string | undefined; topics: AlarmTopic[]; problems: string[] };
}

export async function runDeploymentChecks(
  options: DeploymentCheckOptions,
): Promise<DeploymentCheck> {
  const headerProblems = await checkSecurityHeaders(options.siteUrl);
  const result: DeploymentCheck = {
    problems: [...headerProblems],
    passed: headerProblems.length === 0 ? ["the site sends every security header"] : [],
    skipped: [],
  };
  const { aws } = options;
  if (!aws) {
    result.skipped.push(
      "the API's own URL refusing direct calls and the alarm subscriptions: AWS only, skipped against a local system",
    );
    return result;
  }
  if (aws.apiUrl) {
    const refused = await checkDirectApiRefused(aws.apiUrl);
    result.problems.push(...refused);
    if (refused.length === 0) result.passed.push("the API's own URL refuses direct calls (403)");
  } else {
    result.problems.push(`The outputs hold no ${STACK_OUTPUTS.apiUrl}.`);
  }
  result.problems.push(...aws.problems);
  const subscriptions = await checkAlarmSubscriptions(aws.topics);
  result.problems.push(...subscriptions.problems);
  result.passed.push(...subscriptions.passed);
  return result;
}
