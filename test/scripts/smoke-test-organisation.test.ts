/**
 * The smoke test on the sample region as shipped, with its test organisation (`ops-test`): a
 * file of its own, since one process runs one local system (its functions read one region).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_REGION_FILE } from "../../config/region-file.ts";
import { hasDeliveryQueue } from "../../config/resources.ts";
import { localTarget, runSmoke } from "../../scripts/smoke.ts";
import { startTestSystem, type TestSystem } from "../helpers/test-system.ts";

describe("npm run smoke, against a region with a test organisation", () => {
  let withTests: TestSystem;
  beforeAll(async () => {
    withTests = await startTestSystem({ regionFile: DEFAULT_REGION_FILE });
  });
  afterAll(() => withTests.stop());

  it("reaches the test organisation alone: no real organisation's inbox or queue sees the case", {
    timeout: 60_000,
  }, async () => {
    const tests = withTests.region.organisations.filter((o) => o.test).map((o) => o.id);
    expect(tests).toEqual(["ops-test"]);
    const result = await runSmoke({
      url: withTests.url,
      opsToken: await withTests.opsToken(),
      region: withTests.region,
      target: localTarget(
        withTests.region,
        { dynamo: withTests.emulators.dynamoEndpoint, sqs: withTests.emulators.sqsEndpoint },
        withTests.tableNames.reports.slice(0, -`${withTests.region.id}-reports`.length),
      ),
      timeoutMs: 30_000,
    });
    expect(result.problems).toEqual([]);
    expect(result).toMatchObject({ ok: true, expected: tests, assigned: tests, delivered: tests });
    // Every real organisation's queue stayed empty all along (the test case was never theirs).
    for (const organisation of withTests.region.organisations)
      if (!organisation.test && hasDeliveryQueue(withTests.region, organisation.id))
        expect(await withTests.drain(withTests.deliveryUrl(organisation.id))).toEqual([]);
  });
});
