/**
 * cdk-nag's findings held against the one list of acknowledgements (lib/nag-acknowledgements.ts),
 * for every region in regions/, a region whose organisation reads from its own AWS account and
 * has alert subscriptions, and
 * the sample region in a concrete account (finding ids can hold the account).
 */
import path from "node:path";
import { CfnResource, Stack, Validations } from "aws-cdk-lib";
import type { IConstruct } from "constructs";
import { beforeAll, describe, expect, it } from "vitest";
import { readRegionFile } from "../../config/region-file.ts";
import { edgeStackName, intakeStackName } from "../../config/resources.ts";
import type { Region } from "../../domain/region.ts";
import {
  acknowledgeNagFindings,
  checkWithNag,
  NAG_ACKNOWLEDGEMENTS,
  type NagAcknowledgement,
  nagPacks,
  pathMatches,
  ruleIdFor,
} from "../../lib/nag-acknowledgements.ts";
import { anOrganisation, aRegion } from "../helpers/region-factory.ts";
import { REGIONS_DIR, regionFileNames, type Synthesized, synthesize } from "../helpers/synth.ts";

interface Finding {
  ruleId: string;
  path: string;
}

interface Case {
  name: string;
  region: Region;
  account?: string;
}

const CASES: Case[] = [
  ...regionFileNames().map((name) => ({
    name: `regions/${name}`,
    region: readRegionFile(path.join(REGIONS_DIR, name)),
  })),
  {
    name: "a region with an organisation in its own AWS account, and alert subscriptions",
    region: aRegion(
      [
        anOrganisation("own-account", {
          awsAccountId: "123456789012",
          alerts: { email: ["duty@example.org"], sms: ["+447700900123"] },
        }),
      ],
      { id: "cross-account", aws: { region: "eu-west-1" } },
    ),
  },
  {
    name: "a region taking an organisation's own-account access back (draining)",
    region: aRegion(
      [anOrganisation("draining", { awsAccountId: "123456789012", awsAccountDraining: true })],
      { id: "draining", aws: { region: "eu-west-1" } },
    ),
  },
  {
    name: "a region with a domain of its own (no CFR4 to acknowledge)",
    region: aRegion([anOrganisation("ngo")], {
      id: "own-domain",
      domain: {
        name: "report.example.org",
        certificateArn:
          "arn:aws:acm:us-east-1:111111111111:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d",
      },
    }),
  },
  {
    name: "the sample region in a concrete account",
    region: readRegionFile(path.join(REGIONS_DIR, "nl-sample.json")),
    account: "111111111111",
  },
];

const namesOf = (region: Region) => ({
  intake: intakeStackName(region.id),
  edge: edgeStackName(region.id),
});

function findingsOf(scope: IConstruct): Finding[] {
  return nagPacks(scope).flatMap((pack) =>
    pack.validateScope(scope).violations.flatMap((violation) =>
      violation.violatingResources.map((resource) => ({
        ruleId: violation.ruleName,
        path: resource.constructPath ?? "",
      })),
    ),
  );
}

interface Checked {
  case: Case;
  /** what nag finds with nothing acknowledged */
  raw: Finding[];
  /** what is left once the list is applied */
  left: Finding[];
  synthesized: Synthesized;
  applied: Map<NagAcknowledgement, IConstruct[]>;
}

let checked: Checked[];
beforeAll(() => {
  checked = CASES.map((testCase) => {
    const options = testCase.account ? { account: testCase.account } : {};
    // The findings as they are, of the same stacks without a single acknowledgement.
    const bare = synthesize(testCase.region, options);
    let applied = new Map<NagAcknowledgement, IConstruct[]>();
    const synthesized = synthesize(testCase.region, {
      ...options,
      prepare: (app, { intake, edge, edgeAlarms }) => {
        checkWithNag(app);
        applied = acknowledgeNagFindings([edge, intake, edgeAlarms], namesOf(testCase.region));
      },
    });
    // Read after synth: custom resources (the cross-region reader and writer) exist by then.
    return {
      case: testCase,
      raw: findingsOf(bare.app),
      left: findingsOf(synthesized.app),
      synthesized,
      applied,
    };
  });
});

const ruleIdsOf = (entry: Checked, acknowledgement: NagAcknowledgement) =>
  [entry.synthesized.stack, entry.synthesized.edge].map((stack) =>
    ruleIdFor(acknowledgement.ruleId, stack),
  );

describe("cdk-nag (AwsSolutions and Serverless)", () => {
  it.each(CASES.map((testCase) => testCase.name))(
    "%s: leaves no finding unacknowledged",
    (name) => {
      const entry = checked.find((candidate) => candidate.case.name === name);
      expect(entry?.left).toEqual([]);
      expect(entry?.raw.length).toBeGreaterThan(0);
    },
  );

  it.each(CASES.map((testCase) => testCase.name))(
    "%s: passes the app's own validation at synth",
    (name) => {
      const entry = checked.find((candidate) => candidate.case.name === name);
      expect(() => entry?.synthesized.app.synth({ force: true })).not.toThrow();
    },
  );

  it("acknowledges every finding by exactly one entry of the list", () => {
    for (const entry of checked) {
      for (const finding of entry.raw) {
        const matching = NAG_ACKNOWLEDGEMENTS.filter(
          (acknowledgement) =>
            ruleIdsOf(entry, acknowledgement).includes(finding.ruleId) &&
            pathMatches(acknowledgement.path, finding.path, namesOf(entry.case.region)),
        );
        expect(matching, `${finding.ruleId} at ${finding.path}`).toHaveLength(1);
      }
    }
  });

  it("has no stale acknowledgement: each one matches a finding of some region", () => {
    const stale = NAG_ACKNOWLEDGEMENTS.filter(
      (acknowledgement) =>
        !checked.some((entry) =>
          entry.raw.some(
            (finding) =>
              ruleIdsOf(entry, acknowledgement).includes(finding.ruleId) &&
              pathMatches(acknowledgement.path, finding.path, namesOf(entry.case.region)),
          ),
        ),
    );
    expect(stale).toEqual([]);
  });

  it("acknowledges on resources only: never on a stack or the app", () => {
    const key = Validations.ACKNOWLEDGED_RULES_METADATA_KEY;
    for (const entry of checked) {
      const acknowledgedNodes = entry.synthesized.app.node
        .findAll()
        .filter((node) => node.node.metadata.some((metadata) => metadata.type === key));
      expect(acknowledgedNodes.length).toBeGreaterThan(0);
      for (const node of acknowledgedNodes) {
        expect(CfnResource.isCfnResource(node), node.node.path).toBe(true);
        expect(Stack.isStack(node)).toBe(false);
      }
      for (const [, resources] of entry.applied) {
        for (const resource of resources) expect(CfnResource.isCfnResource(resource)).toBe(true);
      }
    }
  });

  it("gives every acknowledgement a resource path inside a stack, and a reason", () => {
    for (const acknowledgement of NAG_ACKNOWLEDGEMENTS) {
      expect(acknowledgement.path).toMatch(/^\{(intake|edge)\}\/.+\/Resource$/);
      expect(acknowledgement.reason.length).toBeGreaterThan(40);
      expect(acknowledgement.ruleId).toMatch(/^(AwsSolutions|Serverless)-[A-Za-z0-9]+(\[.+\])?$/);
    }
  });

  it("matches a path's `*` within one segment only", () => {
    const names = { intake: "Intake-x", edge: "Intake-x-edge" };
    expect(
      pathMatches(
        "{intake}/Routing/*-dlq/Resource",
        "Intake-x/Routing/x-routing-dlq/Resource",
        names,
      ),
    ).toBe(true);
    expect(
      pathMatches("{intake}/Routing/*-dlq/Resource", "Intake-x/Routing/a/b-dlq/Resource", names),
    ).toBe(false);
    expect(
      pathMatches("{intake}/Web/Site/Resource", "Intake-x-edge/Web/Site/Resource", names),
    ).toBe(false);
  });
});
