import { beforeAll, describe, expect, it } from "vitest";
import { LOGGED_ACTIONS, REDACTED_HEADERS } from "../../lib/waf-logging.ts";
import { arnOf, logicalId, type Synthesized, synthesize } from "../helpers/synth.ts";

let synthesized: Synthesized;
beforeAll(() => {
  synthesized = synthesize();
});

// biome-ignore lint/suspicious/noExplicitAny: the tests read the template as JSON
const only = (type: string): Record<string, any> => {
  const found = Object.values(synthesized.edgeTemplate.findResources(type));
  expect(found).toHaveLength(1);
  const [resource] = found;
  if (!resource) throw new Error(`No ${type}`);
  return resource;
};

describe("WafLogging: the edge web ACL's log", () => {
  it("logs the edge web ACL to a log group named aws-waf-logs-… in us-east-1, by its ARN without `:*`", () => {
    const { edge } = synthesized;
    const configuration = only("AWS::WAFv2::LoggingConfiguration");
    expect(configuration.Properties.ResourceArn).toEqual(arnOf(edge.protection.webAcl));
    const name = `aws-waf-logs-${edge.protection.metricName}`;
    expect(only("AWS::Logs::LogGroup").Properties.LogGroupName).toBe(name);
    const [destination] = configuration.Properties.LogDestinationConfigs;
    const arn = JSON.stringify(edge.resolve(destination));
    expect(arn).toContain(`:logs:us-east-1:`);
    expect(arn).toMatch(new RegExp(`:log-group:${name}"`));
    expect(arn).not.toContain(":*");
    expect(configuration.DependsOn).toContain(logicalId(edge.logging.logGroup));
  });

  it("keeps a day's events, masks every IP address, and is not retained once the stack lets it go", () => {
    const logGroup = only("AWS::Logs::LogGroup");
    expect(logGroup.Properties.RetentionInDays).toBe(1);
    expect(logGroup.DeletionPolicy).toBe("Delete");
    const policy = logGroup.Properties.DataProtectionPolicy;
    const identifiers = policy.Statement.flatMap(
      (statement: { DataIdentifier: unknown[] }) => statement.DataIdentifier,
    );
    expect(identifiers.length).toBeGreaterThan(0);
    for (const identifier of identifiers) {
      expect(JSON.stringify(identifier)).toMatch(
        /:dataprotection::aws:data-identifier\/IpAddress"/,
      );
    }
    const operations = policy.Statement.map(
      (statement: { Operation: Record<string, unknown> }) => Object.keys(statement.Operation)[0],
    );
    expect(operations).toEqual(expect.arrayContaining(["Audit", "Deidentify"]));
    const deidentify = policy.Statement.find(
      (statement: { Operation: Record<string, unknown> }) => statement.Operation.Deidentify,
    );
    expect(deidentify.Operation.Deidentify).toEqual({ MaskConfig: {} });
  });

  it("redacts the query string and every header that carries an address, a credential or a fingerprint", () => {
    const redacted = only("AWS::WAFv2::LoggingConfiguration").Properties.RedactedFields;
    expect(redacted).toEqual([
      { QueryString: {} },
      ...REDACTED_HEADERS.map((name) => ({ SingleHeader: { Name: name } })),
    ]);
    expect(REDACTED_HEADERS).toEqual(
      expect.arrayContaining([
        "authorization",
        "x-forwarded-for",
        "forwarded",
        "true-client-ip",
        "cloudfront-viewer-address",
        "user-agent",
      ]),
    );
    for (const name of REDACTED_HEADERS) expect(name).toBe(name.toLowerCase());
  });

  it("writes only what a rule blocked or counted: a request let through by default is dropped", () => {
    expect(only("AWS::WAFv2::LoggingConfiguration").Properties.LoggingFilter).toEqual({
      DefaultBehavior: "DROP",
      Filters: [
        {
          Behavior: "KEEP",
          Requirement: "MEETS_ANY",
          Conditions: [
            { ActionCondition: { Action: "BLOCK" } },
            { ActionCondition: { Action: "COUNT" } },
          ],
        },
      ],
    });
    expect(LOGGED_ACTIONS).not.toContain("ALLOW");
  });
});
