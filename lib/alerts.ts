/**
 * The organisations' alerts: one SNS topic per organisation of the region, named as the
 * functions compute it (`<regionId>-alerts-<organisation>`, functions/adapters/notifications.ts),
 * with an email subscription per address and an SMS subscription per number of the
 * organisation's `alerts` in the region file; the SMS ones take only the alerts of reach `all`
 * (SMS_FILTER_POLICY). The router, the organisations' API and the
 * escalation publish to them; an alert's words name nothing (`ALERT_TEXT`).
 *
 * Defaults, each explicit below:
 * - every organisation has its topic, subscribed or not: the router alerts every organisation it
 *   delivers to, and publishing to a topic that does not exist would fail the delivery;
 * - encrypted with one KMS key per region for the alert topics (rotated yearly), which the
 *   publishers may use through SNS only; no AWS service publishes here, so the key's policy
 *   names none;
 * - each topic's policy refuses publishing without TLS; what may publish where is granted to
 *   each function's role (`grantPublish`), topic by topic;
 * - a display name that names nothing either: it shows as the sender of an email.
 */
import { Duration, RemovalPolicy, Stack } from "aws-cdk-lib";
import { Grant, type IGrantable } from "aws-cdk-lib/aws-iam";
import { Key } from "aws-cdk-lib/aws-kms";
import { Subscription, SubscriptionFilter, SubscriptionProtocol, Topic } from "aws-cdk-lib/aws-sns";
import { Construct } from "constructs";
import { ALERT_REACH_ATTRIBUTE, alertTopicName, SMS_ALERT_REACH } from "../config/resources.ts";
import type { Region } from "../domain/region.ts";

/** What an email's sender shows: nothing about what the intake is for. */
export const ALERT_DISPLAY_NAME = "Inbox";
/** Days KMS waits before it deletes the alert topics' key, once its stack let it go. */
export const ALERT_KEY_PENDING_WINDOW = Duration.days(30);
/** What a publisher to an SSE-KMS topic needs of the key (SNS's documented pair). */
export const ALERT_KEY_ACTIONS = ["kms:GenerateDataKey", "kms:Decrypt"] as const;

/**
 * What an SMS subscription takes: the alerts published with reach `all` only (every publisher
 * sets the attribute, functions/adapters/notifications.ts). An unproven case's alerts, reach
 * `email`, go to the email subscriptions alone: a post that cost nothing wakes no phone.
 */
export const SMS_FILTER_POLICY = {
  [ALERT_REACH_ATTRIBUTE]: SubscriptionFilter.stringFilter({ allowlist: [SMS_ALERT_REACH] }),
};

export class UnknownOrganisationError extends Error {
  override name = "UnknownOrganisationError";
}

export interface OrganisationAlertsProps {
  region: Region;
}

export class OrganisationAlerts extends Construct {
  /** The key of every alert topic of the region (`alias/intake/<regionId>/alerts`). */
  readonly key: Key;
  /** Each organisation's topic, by organisation id, in the region file's order. */
  readonly topics: ReadonlyMap<string, Topic>;
  /**
   * `arn:<partition>:sns:<AWS region>:<account>:`, the functions' `INTAKE_ALERT_TOPIC_PREFIX`:
   * a topic's ARN is this and its name.
   */
  readonly topicArnPrefix: string;

  constructor(scope: Construct, id: string, props: OrganisationAlertsProps) {
    super(scope, id);
    const { region } = props;
    const stack = Stack.of(this);
    this.topicArnPrefix = `arn:${stack.partition}:sns:${stack.region}:${stack.account}:`;
    this.key = new Key(this, "Key", {
      description: `intake ${region.id}: the organisations' alert topics`,
      alias: `alias/intake/${region.id}/alerts`,
      enableKeyRotation: true,
      // An SNS topic keeps no message: nothing encrypted with this key outlives its topics.
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: ALERT_KEY_PENDING_WINDOW,
    });
    const topics = new Map<string, Topic>();
    // One scope for every subscription, so that cdk-nag's acknowledgement names them only.
    const subscriptions = new Construct(this, "Subscriptions");
    for (const organisation of region.organisations) {
      const topic = new Topic(this, organisation.id, {
        // Part of the functions' contract: they publish to the prefix and this name.
        topicName: alertTopicName(region.id, organisation.id),
        displayName: ALERT_DISPLAY_NAME,
        masterKey: this.key,
        enforceSSL: true,
      });
      const endpoints = [
        ...(organisation.alerts?.email ?? []).map((endpoint) => ({
          protocol: SubscriptionProtocol.EMAIL,
          endpoint,
        })),
        ...(organisation.alerts?.sms ?? []).map((endpoint) => ({
          protocol: SubscriptionProtocol.SMS,
          endpoint,
        })),
      ];
      for (const { protocol, endpoint } of endpoints) {
        // Named by what it is, not by its place in the list: reordering the region file's
        // addresses must not replace a subscription (and ask its owner to confirm again).
        new Subscription(subscriptions, `${organisation.id} ${protocol} ${endpoint}`, {
          topic,
          protocol,
          endpoint,
          ...(protocol === SubscriptionProtocol.SMS ? { filterPolicy: SMS_FILTER_POLICY } : {}),
        });
      }
      topics.set(organisation.id, topic);
    }
    this.topics = topics;
  }

  topic(organisation: string): Topic {
    const topic = this.topics.get(organisation);
    if (!topic)
      throw new UnknownOrganisationError(`No organisation ${organisation} in the region.`);
    return topic;
  }

  /**
   * `sns:Publish` on these organisations' topics and nothing else of them, and the topics' key
   * through SNS only (what a publisher to an SSE-KMS topic needs).
   */
  grantPublish(grantee: IGrantable, organisations: readonly string[]): Grant {
    const stack = Stack.of(this);
    const topics = organisations.map((organisation) => this.topic(organisation));
    Grant.addToPrincipal({
      grantee,
      actions: [...ALERT_KEY_ACTIONS],
      resourceArns: [this.key.keyArn],
      conditions: {
        StringEquals: { "kms:ViaService": `sns.${stack.region}.${stack.urlSuffix}` },
      },
    });
    return Grant.addToPrincipal({
      grantee,
      actions: ["sns:Publish"],
      resourceArns: topics.map((topic) => topic.topicArn),
    });
  }

  /** Every organisation's topic: what the router alerts when it delivers a case. */
  grantPublishToAll(grantee: IGrantable): Grant {
    return this.grantPublish(grantee, [...this.topics.keys()]);
  }
}
