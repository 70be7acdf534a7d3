import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { beforeAll, describe, expect, it } from "vitest";
import { ENV } from "../../config/environment.ts";
import { ALERT_REACH_ATTRIBUTE, alertTopicName, SMS_ALERT_REACH } from "../../config/resources.ts";
import { publishInput } from "../../functions/adapters/notifications.ts";
import type { AlertReach } from "../../functions/ports/alerts.ts";
import { ALERT_DISPLAY_NAME } from "../../lib/alerts.ts";
import { anOrganisation, aRegion } from "../helpers/region-factory.ts";
import {
  allowsAny,
  arnOf,
  logicalId,
  referencedIds,
  roleOf,
  rolesAllowed,
  type Synthesized,
  statementsOfRole,
  synthesize,
} from "../helpers/synth.ts";

// Made-up staff contacts: example.org addresses, and a number of the UK's range for drama
// (Ofcom's 07700 900xxx), which reaches nobody.
const EMAILS = ["duty@example.org", "night@example.org"];
const NUMBERS = ["+447700900123"];
const region = aRegion(
  [
    anOrganisation("with-alerts", { alerts: { email: EMAILS, sms: NUMBERS } }),
    anOrganisation("email-only", { alerts: { email: ["team@example.org"] } }),
    anOrganisation("quiet"),
  ],
  { id: "alerting", aws: { region: "eu-west-1" } },
);

let synthesized: Synthesized;
beforeAll(() => {
  synthesized = synthesize(region);
});

const topicOf = (organisation: string) => synthesized.stack.alerts.topic(organisation);
const subscriptions = () =>
  Object.values(synthesized.template.findResources("AWS::SNS::Subscription")).map(
    (subscription) => subscription.Properties,
  );

describe("OrganisationAlerts: the topics", () => {
  it("makes one topic per organisation, the coordinator included, named as the functions name it", () => {
    const { template } = synthesized;
    const topics = template.findResources("AWS::SNS::Topic");
    for (const organisation of region.organisations) {
      expect(topics[logicalId(topicOf(organisation.id))]?.Properties).toEqual({
        TopicName: alertTopicName(region.id, organisation.id),
        DisplayName: ALERT_DISPLAY_NAME,
        KmsMasterKeyId: arnOf(synthesized.stack.alerts.key),
      });
    }
    expect(alertTopicName(region.id, "quiet")).toBe("alerting-alerts-quiet");
    // The organisations' topics and the ops alarm topic, nothing else.
    template.resourceCountIs("AWS::SNS::Topic", region.organisations.length + 1);
  });

  it("shows a sender that names nothing", () => {
    expect(ALERT_DISPLAY_NAME).toBe("Inbox");
  });

  it("encrypts them with one key of the region's that rotates, and no AWS service may use", () => {
    const { template, stack } = synthesized;
    const key = template.findResources("AWS::KMS::Key")[logicalId(stack.alerts.key)];
    expect(key?.Properties).toMatchObject({ EnableKeyRotation: true, PendingWindowInDays: 30 });
    expect(JSON.stringify(key?.Properties.KeyPolicy)).not.toContain("Service");
    template.hasResourceProperties("AWS::KMS::Alias", {
      AliasName: `alias/intake/${region.id}/alerts`,
      TargetKeyId: arnOf(stack.alerts.key),
    });
  });

  it.each(region.organisations.map((organisation) => organisation.id))(
    "%s: its topic refuses publishing without TLS",
    (organisation) => {
      const policy = Object.values(
        synthesized.template.findResources("AWS::SNS::TopicPolicy"),
      ).find((candidate) =>
        referencedIds(candidate.Properties.Topics).has(logicalId(topicOf(organisation))),
      );
      expect(policy?.Properties.PolicyDocument.Statement).toEqual([
        expect.objectContaining({
          Effect: "Deny",
          Action: "sns:Publish",
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        }),
      ]);
    },
  );
});

describe("OrganisationAlerts: the subscriptions", () => {
  it("subscribes each address of the region file by email, and each number by SMS, to its organisation's topic", () => {
    const expected = [
      ...EMAILS.map((address) => ({
        organisation: "with-alerts",
        Protocol: "email",
        Endpoint: address,
      })),
      ...NUMBERS.map((number) => ({
        organisation: "with-alerts",
        Protocol: "sms",
        Endpoint: number,
      })),
      { organisation: "email-only", Protocol: "email", Endpoint: "team@example.org" },
    ];
    const found = subscriptions().map((subscription) => ({
      organisation:
        region.organisations.find((organisation) =>
          referencedIds(subscription.TopicArn).has(logicalId(topicOf(organisation.id))),
        )?.id ?? "(another topic)",
      Protocol: subscription.Protocol,
      Endpoint: subscription.Endpoint,
    }));
    const order = (list: typeof expected) =>
      [...list].sort((a, b) =>
        `${a.Protocol}${a.Endpoint}`.localeCompare(`${b.Protocol}${b.Endpoint}`),
      );
    expect(order(found)).toEqual(order(expected));
  });

  it("lets SMS subscriptions take only the alerts of reach `all`: an unproven case's go by email alone", () => {
    const byProtocol = (protocol: string) =>
      subscriptions().filter((subscription) => subscription.Protocol === protocol);
    expect(byProtocol("sms")).toHaveLength(NUMBERS.length);
    for (const sms of byProtocol("sms")) {
      expect(sms.FilterPolicy).toEqual({ [ALERT_REACH_ATTRIBUTE]: [SMS_ALERT_REACH] });
      expect(sms.FilterPolicyScope ?? "MessageAttributes").toBe("MessageAttributes");
    }
    for (const email of byProtocol("email")) expect(email.FilterPolicy).toBeUndefined();
    // What the functions publish matches the policy: `all` passes it, `email` does not.
    const passes = (reach: AlertReach) =>
      publishInput("arn:topic", "emergency_case", reach).MessageAttributes[ALERT_REACH_ATTRIBUTE]
        .StringValue === SMS_ALERT_REACH;
    expect(passes("all")).toBe(true);
    expect(passes("email")).toBe(false);
  });

  it("leaves the topic of an organisation without alerts unsubscribed, and the ops topic too", () => {
    const subscribed = new Set(
      subscriptions().flatMap((subscription) => [...referencedIds(subscription.TopicArn)]),
    );
    expect(subscribed.has(logicalId(topicOf("quiet")))).toBe(false);
    expect(subscribed.has(logicalId(topicOf(region.coordinator)))).toBe(false);
    expect(subscribed.has(logicalId(synthesized.stack.observability.topic))).toBe(false);
  });
});

describe("OrganisationAlerts: who may publish", () => {
  const publishers = () => {
    const { stack } = synthesized;
    return {
      router: roleOf(stack.routing.router.function),
      organisations: roleOf(stack.api.organisations.function),
      escalation: roleOf(stack.schedules.escalator.function),
      status: roleOf(stack.api.status.function),
    };
  };

  it.each(region.organisations.map((organisation) => organisation.id))(
    "%s: the router and the person's status may publish to its topic; the organisations' API and the escalation only to the coordinator's",
    (organisation) => {
      const { router, organisations, escalation, status } = publishers();
      const allowed = rolesAllowed(
        synthesized.template,
        ["sns:Publish"],
        logicalId(topicOf(organisation)),
      ).sort();
      expect(allowed).toEqual(
        (organisation === region.coordinator
          ? [router, status, organisations, escalation]
          : [router, status]
        ).sort(),
      );
    },
  );

  it("lets no other role publish to any topic, nor use the alert key", () => {
    const { stack, template } = synthesized;
    const allowedRoles = new Set(Object.values(publishers()));
    const topics = [
      ...region.organisations.map((organisation) => logicalId(topicOf(organisation.id))),
      logicalId(stack.observability.topic),
    ];
    for (const topic of topics) {
      for (const role of rolesAllowed(template, ["sns:Publish"], topic)) {
        expect(allowedRoles.has(role), `${role} publishes to ${topic}`).toBe(true);
      }
    }
    expect(
      new Set(rolesAllowed(template, ["kms:GenerateDataKey"], logicalId(stack.alerts.key))),
    ).toEqual(allowedRoles);
  });

  it("gives the publishers the alert key through SNS only, to encrypt what they publish", () => {
    const { stack, template } = synthesized;
    for (const role of Object.values(publishers())) {
      const onKey = statementsOfRole(template, role).filter((statement) =>
        referencedIds(statement.Resource).has(logicalId(stack.alerts.key)),
      );
      expect(onKey).toEqual([
        {
          Effect: "Allow",
          Action: ["kms:GenerateDataKey", "kms:Decrypt"],
          Resource: arnOf(stack.alerts.key),
          Condition: {
            StringEquals: {
              "kms:ViaService": {
                "Fn::Join": ["", ["sns.eu-west-1.", { Ref: "AWS::URLSuffix" }]],
              },
            },
          },
        },
      ]);
    }
  });

  it("gives the intake and the sweeper nothing of the alerts", () => {
    const { stack, template } = synthesized;
    for (const handler of [stack.api.intake.function, stack.schedules.sweeper.function]) {
      const statements = statementsOfRole(template, roleOf(handler));
      expect(statements.filter((statement) => allowsAny(statement, ["sns:*"]))).toEqual([]);
      expect(
        statements.filter((statement) =>
          referencedIds(statement.Resource).has(logicalId(stack.alerts.key)),
        ),
      ).toEqual([]);
    }
  });

  it("tells the publishers where the topics are, and only them", () => {
    const { stack, template } = synthesized;
    const functions = template.findResources("AWS::Lambda::Function");
    const prefixOf = (handler: IFunction) =>
      functions[logicalId(handler)]?.Properties.Environment.Variables[ENV.alertTopicPrefix];
    const prefix = {
      "Fn::Join": [
        "",
        ["arn:", { Ref: "AWS::Partition" }, ":sns:eu-west-1:", { Ref: "AWS::AccountId" }, ":"],
      ],
    };
    for (const handler of [
      stack.routing.router.function,
      stack.api.organisations.function,
      stack.schedules.escalator.function,
      stack.api.status.function,
    ]) {
      expect(prefixOf(handler)).toEqual(prefix);
    }
    for (const handler of [
      stack.api.challenge.function,
      stack.api.intake.function,
      stack.schedules.sweeper.function,
    ]) {
      expect(prefixOf(handler)).toBeUndefined();
    }
  });
});
