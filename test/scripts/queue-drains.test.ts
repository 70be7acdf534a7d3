import { beforeAll, describe, expect, it } from "vitest";
import type { Region } from "../../domain/region.ts";
import { STATEFUL_IDS } from "../../lib/stateful-ids.ts";
import type { CommandRunner, Template } from "../../scripts/deploy-state.ts";
import {
  type DrainCheck,
  drainRefusals,
  type QueueFacts,
  queueFactsOf,
  refuseLossOfState,
  reviewDrains,
} from "../../scripts/queue-drains.ts";
import { anOrganisation, aRegion } from "../helpers/region-factory.ts";
import { synthesize } from "../helpers/synth.ts";

const ACCOUNT = "123456789012";
const REGION_ID = "drain";
const regionOf = (organisations: ReturnType<typeof anOrganisation>[]): Region =>
  aRegion(organisations, { id: REGION_ID });

// The region's templates along an organisation's life: the real ones, synthesized.
const stages = {
  granted: regionOf([
    anOrganisation("ngo", { awsAccountId: ACCOUNT }),
    anOrganisation("shelter", {}),
  ]),
  draining: regionOf([
    anOrganisation("ngo", { awsAccountId: ACCOUNT, awsAccountDraining: true }),
    anOrganisation("shelter", {}),
  ]),
  taken: regionOf([anOrganisation("ngo", {}), anOrganisation("shelter", {})]),
  renamed: regionOf([
    anOrganisation("ngo", { awsAccountId: ACCOUNT }),
    anOrganisation("shelter-north", {}),
  ]),
  removed: regionOf([anOrganisation("shelter", {})]),
};
type Stage = keyof typeof stages;
const templates = {} as Record<Stage, Template>;
beforeAll(() => {
  for (const [stage, region] of Object.entries(stages))
    templates[stage as Stage] = synthesize(region).template.toJSON() as Template;
}, 120_000);

const idOfQueue = (stage: Stage, name: string) =>
  Object.entries(templates[stage].Resources ?? {}).find(
    ([, resource]) => resource.Properties?.QueueName === name,
  )?.[0] ?? "";
const idsOf = (stage: Stage, organisation: string) => [
  idOfQueue(stage, `${REGION_ID}-deliver-${organisation}`),
  idOfQueue(stage, `${REGION_ID}-deliver-${organisation}-dlq`),
];
/** The organisation's own key: the one key the draining template has and the taken one not. */
const ownKeyId = () =>
  Object.keys(templates.draining.Resources ?? {}).filter(
    (id) =>
      templates.draining.Resources?.[id]?.Type === "AWS::KMS::Key" &&
      !templates.taken.Resources?.[id],
  );

/** No AWS call may be made. */
const noCalls: CommandRunner = (command, args) => {
  throw new Error(`unexpected call: ${command} ${args.join(" ")}`);
};

const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date("2026-12-06T12:00:00Z");

/** A runner that answers for the deployed stack's queues: their URL, last change and counts. */
function queuesAnswering(counts: Record<string, number>, lastUpdated: Date): CommandRunner {
  const urls = new Map<string, string>();
  return (_, args) => {
    const at = (flag: string) => args[args.indexOf(flag) + 1] ?? "";
    if (args[1] === "describe-stack-resource") {
      const url = `https://sqs.eu-central-1.amazonaws.com/111111111111/${at("--logical-resource-id")}`;
      urls.set(url, at("--logical-resource-id"));
      const detail = { PhysicalResourceId: url, LastUpdatedTimestamp: lastUpdated.toISOString() };
      return { status: 0, stderr: "", stdout: JSON.stringify({ StackResourceDetail: detail }) };
    }
    if (args[1] === "get-queue-attributes") {
      const count = counts[urls.get(at("--queue-url")) ?? ""] ?? 0;
      const Attributes = {
        ApproximateNumberOfMessages: String(count),
        ApproximateNumberOfMessagesNotVisible: "0",
        ApproximateNumberOfMessagesDelayed: "0",
      };
      return { status: 0, stderr: "", stdout: JSON.stringify({ Attributes }) };
    }
    throw new Error(`unexpected call: ${args.join(" ")}`);
  };
}

const guard = (deleteQueuesOf: string[] = []) => ({
  regionId: REGION_ID,
  stackName: "Intake-drain",
  awsRegion: "eu-central-1",
  deleteQueuesOf,
  now: NOW,
});
const linesOf = (refusal: string | undefined) => (refusal ?? "").split("\n");

describe("reviewDrains", () => {
  it("lets the drain itself through: the queues leave the key, the key and the queues stay", () => {
    expect(reviewDrains(REGION_ID, templates.granted, templates.draining, [])).toEqual({
      judged: new Set(),
      refusals: [],
      checks: [],
    });
  });

  it("refuses to delete the key while the queues are still encrypted with it (no drain first)", () => {
    const review = reviewDrains(REGION_ID, templates.granted, templates.taken, []);
    expect(review.checks).toEqual([]);
    expect(review.refusals).toEqual([
      expect.stringContaining(
        `the key of ${REGION_ID}-deliver-ngo would be deleted while the queue is encrypted with it`,
      ),
    ]);
    expect(review.refusals[0]).toContain('"awsAccountDraining": true');
  });

  it("checks the queues before the key goes, once the drain is deployed", () => {
    const review = reviewDrains(REGION_ID, templates.draining, templates.taken, []);
    expect(review.refusals).toEqual([]);
    expect(review.checks).toEqual([
      { organisation: "ngo", deletes: "key", queueIds: idsOf("draining", "ngo") },
    ]);
    expect(ownKeyId()).toHaveLength(1);
    expect(review.judged).toEqual(new Set([...idsOf("draining", "ngo"), ...ownKeyId()]));
  });

  it.each([
    { stage: "renamed" as const, organisation: "shelter" },
    { stage: "removed" as const, organisation: "ngo" },
  ])(
    "refuses to delete the queues of $organisation ($stage) unless ops name it",
    ({ stage, organisation }) => {
      const review = reviewDrains(REGION_ID, templates.granted, templates[stage], []);
      expect(review.checks).toEqual([]);
      expect(review.refusals).toEqual([
        expect.stringContaining(
          `the delivery queues of ${organisation} (${REGION_ID}-deliver-${organisation} and its dead-letter queue) would be deleted`,
        ),
      ]);
      expect(review.refusals[0]).toContain(`--delete-queues-of ${organisation}`);
    },
  );

  it.each([
    { stage: "renamed" as const, organisation: "shelter" },
    { stage: "removed" as const, organisation: "ngo" },
  ])(
    "checks that the queues of $organisation are empty when ops name it ($stage)",
    ({ stage, organisation }) => {
      const review = reviewDrains(REGION_ID, templates.granted, templates[stage], [organisation]);
      expect(review).toMatchObject({
        refusals: [],
        checks: [{ organisation, deletes: "queues", queueIds: idsOf("granted", organisation) }],
      });
    },
  );

  it("refuses a name that deletes nothing: a typo must not pass for permission", () => {
    const review = reviewDrains(REGION_ID, templates.granted, templates.granted, ["shelterr"]);
    expect(review.refusals).toEqual([
      "  --delete-queues-of shelterr: this deploy deletes no queue of an organisation of that id",
    ]);
  });
});

describe("drainRefusals", () => {
  const facts = (messages: number, daysAgo: number): QueueFacts => ({
    name: "drain-deliver-ngo",
    messages,
    lastUpdated: new Date(NOW.getTime() - daysAgo * DAY),
    retentionSeconds: 14 * 24 * 60 * 60,
  });
  const check = (deletes: DrainCheck["deletes"]): DrainCheck[] => [
    { organisation: "ngo", deletes, queueIds: ["Queue", "DeadLetter"] },
  ];

  it.each([
    { deletes: "queues" as const, messages: 0, daysAgo: 0 },
    { deletes: "key" as const, messages: 0, daysAgo: 0 },
    { deletes: "key" as const, messages: 7, daysAgo: 14 },
    { deletes: "key" as const, messages: 7, daysAgo: 30 },
  ])(
    "allows deleting the $deletes with $messages messages, $daysAgo days after the queues last changed",
    ({ deletes, messages, daysAgo }) => {
      expect(drainRefusals(check(deletes), () => facts(messages, daysAgo), NOW)).toEqual([]);
    },
  );

  it("refuses deleting queues that hold messages, however old", () => {
    const [refusal] = drainRefusals(check("queues"), () => facts(3, 400), NOW);
    expect(refusal).toContain(
      "the delivery queues of ngo are not empty (drain-deliver-ngo holds 3",
    );
    expect(refusal).toContain("aws sqs purge-queue");
  });

  it("refuses deleting the key while a message sent under it may be left, and names the day", () => {
    const refusals = drainRefusals(check("key"), () => facts(2, 3), NOW);
    expect(refusals).toEqual([
      "  the key of ngo's queues may still encrypt what waits there (drain-deliver-ngo holds 2, drain-deliver-ngo holds 2): deploy without awsAccountId once both queues are empty, or on 2026-12-18 or later, when the last message sent under the key has expired",
    ]);
  });
});

describe("queueFactsOf", () => {
  it("reads the queue's URL and last change from CloudFormation and its counts from SQS", () => {
    const [queueId] = idsOf("draining", "ngo");
    const run: CommandRunner = (_, args) => {
      if (args[1] === "describe-stack-resource") {
        expect(args).toEqual(expect.arrayContaining(["--logical-resource-id", queueId]));
        return {
          status: 0,
          stderr: "",
          stdout: JSON.stringify({
            StackResourceDetail: {
              PhysicalResourceId:
                "https://sqs.eu-central-1.amazonaws.com/111111111111/drain-deliver-ngo",
              LastUpdatedTimestamp: "2026-12-01T10:00:00.123Z",
            },
          }),
        };
      }
      expect(args).toEqual(
        expect.arrayContaining([
          "--queue-url",
          "https://sqs.eu-central-1.amazonaws.com/111111111111/drain-deliver-ngo",
          "ApproximateNumberOfMessagesNotVisible",
        ]),
      );
      const Attributes = {
        ApproximateNumberOfMessages: "2",
        ApproximateNumberOfMessagesNotVisible: "1",
        ApproximateNumberOfMessagesDelayed: "1",
      };
      return { status: 0, stderr: "", stdout: JSON.stringify({ Attributes }) };
    };
    expect(
      queueFactsOf(run, "Intake-drain", "eu-central-1", templates.draining, queueId ?? ""),
    ).toEqual({
      name: "drain-deliver-ngo",
      messages: 4,
      lastUpdated: new Date("2026-12-01T10:00:00.123Z"),
      retentionSeconds: 10 * 24 * 60 * 60,
    });
  });
});

describe("refuseLossOfState", () => {
  it("refuses taking the access back in one step before asking AWS anything, with every line", () => {
    expect(
      linesOf(refuseLossOfState(noCalls, guard(), templates.granted, templates.taken)),
    ).toEqual([
      "Refused: this deploy of Intake-drain would lose state (its data, keys or waiting messages):",
      expect.stringContaining(`the key of ${REGION_ID}-deliver-ngo would be deleted`),
      expect.stringContaining("Nothing was deployed"),
    ]);
  });

  it("refuses the key's deletion while the drained queue holds a message of the last days", () => {
    const [queueId] = idsOf("draining", "ngo");
    const run = queuesAnswering({ [queueId ?? ""]: 1 }, new Date(NOW.getTime() - 2 * DAY));
    expect(linesOf(refuseLossOfState(run, guard(), templates.draining, templates.taken))).toEqual([
      expect.stringContaining("Refused"),
      expect.stringContaining("or on 2026-12-19 or later"),
      expect.stringContaining("Nothing was deployed"),
    ]);
  });

  it("lets the key go once both drained queues are empty", () => {
    const run = queuesAnswering({}, new Date(NOW.getTime() - DAY));
    expect(refuseLossOfState(run, guard(), templates.draining, templates.taken)).toBeUndefined();
  });

  it("lets a named organisation's empty queues go, with its key", () => {
    const run = queuesAnswering({}, NOW);
    expect(
      refuseLossOfState(run, guard(["ngo"]), templates.granted, templates.removed),
    ).toBeUndefined();
  });

  it("still refuses every other loss of state beside them", () => {
    const next = structuredClone(templates.draining);
    delete next.Resources?.[STATEFUL_IDS.tables.audit];
    expect(linesOf(refuseLossOfState(noCalls, guard(), templates.draining, next))).toEqual([
      expect.stringContaining("Refused"),
      `  ${STATEFUL_IDS.tables.audit} (AWS::DynamoDB::Table) would be deleted`,
      expect.stringContaining("Nothing was deployed"),
    ]);
  });
});
