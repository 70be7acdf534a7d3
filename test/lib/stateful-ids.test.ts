/**
 * The stateful resources' logical ids, pinned: any change to one fails here. A changed id is a
 * replaced table, key, secret or queue (docs/deploy.md); never update a value to make this pass.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DISPOSABLE_IDS, STATEFUL_IDS } from "../../lib/stateful-ids.ts";
import { REPO_ROOT, synthesize } from "../helpers/synth.ts";

const { template } = synthesize();
const resources = template.toJSON().Resources as Record<string, { Type: string }>;
const idsOf = (type: string) =>
  Object.entries(resources)
    .filter(([, resource]) => resource.Type === type)
    .map(([id]) => id)
    .sort();

describe("stateful logical ids", () => {
  it("keeps the data key and the six tables", () => {
    expect(STATEFUL_IDS.dataKey).toBe("TablesKeyD3984C03");
    expect(STATEFUL_IDS.tables).toEqual({
      reports: "Tablesreports502F0E23",
      assignments: "Tablesassignments6EEDBB67",
      idempotency: "TablesidempotencyA02207AE",
      audit: "Tablesaudit3BC6CFAF",
      access: "Tablesaccess74FB2F76",
      counters: "Tablescounters33B7B113",
    });
    expect(idsOf("AWS::DynamoDB::Table")).toEqual(Object.values(STATEFUL_IDS.tables).sort());
    expect(resources[STATEFUL_IDS.dataKey]?.Type).toBe("AWS::KMS::Key");
  });

  it("keeps the four secrets", () => {
    expect(STATEFUL_IDS.secrets).toEqual({
      pow: "SecretsProofOfWork303D91A1",
      receiptKeys: "SecretsReceiptKeysD7D6895E",
      origin: "SecretsOrigin297BAAC6",
      countersKey: "SecretsCountersKeyC90AC403",
    });
    // Beside them, the canary's token: not state (ops put a token in again, docs/deploy.md),
    // and gone when a region turns its canary off, which a pinned id would refuse.
    expect(idsOf("AWS::SecretsManager::Secret")).toEqual(
      [...Object.values(STATEFUL_IDS.secrets), DISPOSABLE_IDS.canaryToken].sort(),
    );
  });

  // Queues are named after the region's id and its organisations' ids: their logical ids are
  // the sample region's, as CDK derives them from those names. An organisation whose entry says
  // `"delivery": "inbox"` has no queue at all (in the sample: the north-east care coordination,
  // the categorical shelter, youth care and victim support); choosing that removes its queue,
  // a decision of the region file (docs/deploy.md), never a changed id.
  it("keeps every queue of the sample region", () => {
    expect(idsOf("AWS::SQS::Queue")).toEqual(
      [
        "Routingnlsamplerouting801B3C6D",
        "RoutingnlsampleroutingdlqB1C85F8D",
        "Routingnlsampledelivercoordinationcentre5775FDC2",
        "Routingnlsampledelivercoordinationcentredlq59949490",
        "RoutingnlsampledelivercarecoordinationwestFFF5F730",
        "RoutingnlsampledelivercarecoordinationwestdlqAA572915",
        "RoutingnlsampledelivercarecoordinationsouthA1A326F0",
        "Routingnlsampledelivercarecoordinationsouthdlq222469A8",
        "RoutingnlsampledeliverlabourngoA653400D",
        "Routingnlsampledeliverlabourngodlq0895EE6F",
        "Routingnlsampledeliverlegalaid82302C7A",
        "RoutingnlsampledeliverlegalaiddlqBB025DCE",
        "Routingnlsampledeliverresidenceadvice953C52D3",
        "Routingnlsampledeliverresidenceadvicedlq52CCE226",
        "RoutingnlsampledeliverpolicetraffickingunitF0303AF2",
        "Routingnlsampledeliverpolicetraffickingunitdlq5354CFAA",
        "RoutingnlsampledeliverlabourinspectorateEC5DE3CC",
        "Routingnlsampledeliverlabourinspectoratedlq08A279F8",
        "Routingnlsampledeliveropstest1EDB53F8",
        "Routingnlsampledeliveropstestdlq4A61971B",
      ].sort(),
    );
  });
});

describe("the runbook's rollback section (docs/deploy.md)", () => {
  it("names every pinned stateful id among those never to skip in continue-update-rollback", () => {
    const runbook = readFileSync(path.join(REPO_ROOT, "docs/deploy.md"), "utf8");
    const start = runbook.indexOf("**Never skip a stateful resource**");
    expect(start).toBeGreaterThan(runbook.indexOf("--resources-to-skip"));
    const never = runbook.slice(start, runbook.indexOf("\n\n", start));
    const ids = [
      STATEFUL_IDS.dataKey,
      ...Object.values(STATEFUL_IDS.tables),
      ...Object.values(STATEFUL_IDS.secrets),
    ];
    expect(ids.filter((id) => !never.includes(`\`${id}\``))).toEqual([]);
  });
});
