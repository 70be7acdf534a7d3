/**
 * Reports taken in and routed under injected faults (crashes between any two steps, DynamoDB
 * and SQS throttling, process kills with the in-memory queues lost): every 201 ends with one
 * case, delivered once to each routed organisation (repeats dropped by their envelope id).
 * `npm run bench` runs the same with 2,000 reports (CHAOS_REPORTS=N here runs N).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSecretsJson, secretsFromJson } from "../../functions/adapters/secrets.ts";
import { runChaos } from "../helpers/chaos.ts";
import { startTestSystem, type TestSystem } from "../helpers/test-system.ts";

const REPORTS = Number(process.env.CHAOS_REPORTS ?? 200);
const secretsJson = generateSecretsJson();
let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem({
    secrets: secretsJson,
    pollers: false,
    logLevel: "ERROR",
    visibilityTimeoutSeconds: 2,
  });
});
afterAll(() => system.stop());

describe("chaos", () => {
  it(`loses no case and duplicates none, over ${REPORTS} reports under faults and kills`, async () => {
    const figures = await runChaos(system, secretsFromJson(secretsJson), {
      reports: REPORTS,
      faultRate: 0.005,
      kills: 2,
    });
    expect(figures.reports).toBe(REPORTS);
    expect(figures.faults).toBeGreaterThan(10);
    expect(figures.kills).toBe(2);
    expect(figures.deliveries).toBeGreaterThanOrEqual(REPORTS);
    expect({ lost: figures.lost, duplicated: figures.duplicated, parked: figures.parked }).toEqual({
      lost: 0,
      duplicated: 0,
      parked: 0,
    });
  }, 300_000);
});
