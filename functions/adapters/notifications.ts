/**
 * Alerts (the functions' metrics are in cloudwatch-metrics.ts). An alert says only that something waits for an organisation, in words
 * that name nothing, because it lands on a phone's lock screen: on AWS it is published to the
 * organisation's SNS topic (with the email and SMS subscriptions of the region file), its reach
 * a message attribute that the SMS subscriptions filter on; locally it is printed.
 */
import { ENV } from "../../config/environment.ts";
import { ALERT_REACH_ATTRIBUTE, alertTopicName } from "../../config/resources.ts";
import type { AlertKind, AlertReach, Alerts } from "../ports/alerts.ts";
import { type PublishInput, publish } from "./aws-clients.ts";
import { currentRegion } from "./current-region.ts";

/** The words of an alert: the same for every kind of case, so the lock screen says nothing. */
export const ALERT_TEXT: Readonly<Record<AlertKind, string>> = {
  new_case: "Something new is waiting in your inbox.",
  emergency_case: "Something urgent is waiting in your inbox.",
  escalation: "Something urgent is waiting in your inbox.",
  declined: "Something changed in your inbox.",
  handover: "Something new is waiting in your inbox.",
  reply: "Something new is waiting in your inbox.",
  withdrawn: "Something changed in your inbox.",
};

/** The local sink of alerts: `intake dev` prints them; tests read them. */
export const localAlerts: {
  organisation: string;
  kind: AlertKind;
  text: string;
  reach?: AlertReach;
}[] = [];

/** SNS's Publish input of an alert: its words, and its reach for the SMS filter policy. */
export const publishInput = (topicArn: string, kind: AlertKind, reach: AlertReach) =>
  ({
    TopicArn: topicArn,
    Message: ALERT_TEXT[kind],
    MessageAttributes: {
      [ALERT_REACH_ATTRIBUTE]: { DataType: "String" as const, StringValue: reach },
    },
  }) satisfies PublishInput;

export const alerts: Alerts = {
  async notify(organisation, kind, reach = "all") {
    const prefix = process.env[ENV.alertTopicPrefix];
    if (!prefix) {
      localAlerts.push({ organisation, kind, text: ALERT_TEXT[kind], reach });
      return;
    }
    await publish(
      publishInput(`${prefix}${alertTopicName(currentRegion().id, organisation)}`, kind, reach),
    );
  },
};
