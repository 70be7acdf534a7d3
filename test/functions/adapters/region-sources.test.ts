/**
 * Where a function's region comes from (`#region-source`): on Lambda the package's
 * `region.json`, elsewhere the region file; either way without the organisations' contacts.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ENV } from "../../../config/environment.ts";
import { functionRegion } from "../../../domain/function-region.ts";
import { currentRegion } from "../../../functions/adapters/current-region.ts";
import { readRegion as readBesideBundle } from "../../../functions/adapters/region-beside-bundle.ts";
import { readRegion as readFromFile } from "../../../functions/adapters/region-from-file.ts";
import { writeRegion } from "../../../lib/function-bundling.ts";
import { withoutVariables } from "../../helpers/clean-env.ts";
import { sampleRegion, staffContacts, withStaffContacts } from "../../helpers/region-factory.ts";

const region = withStaffContacts(sampleRegion);
const folder = mkdtempSync(path.join(tmpdir(), "intake-region-source-"));
const regionFile = path.join(folder, "region-file.json");
writeFileSync(regionFile, JSON.stringify(region));
writeRegion(region, folder);

withoutVariables([ENV.regionFile, "LAMBDA_TASK_ROOT"]);
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe.each([
  [
    "the package's region.json (Lambda)",
    () => (process.env.LAMBDA_TASK_ROOT = folder),
    readBesideBundle,
  ],
  ["the region file (local)", () => (process.env[ENV.regionFile] = regionFile), readFromFile],
])("the region from %s", (_, point, read) => {
  it("is the region as validated, without any staff contact", () => {
    point();
    const read_ = read();
    expect(read_).toEqual(functionRegion(region));
    expect(read_.organisations.map((organisation) => "alerts" in organisation)).not.toContain(true);
    const text = JSON.stringify(read_);
    expect(staffContacts(region).filter((contact) => text.includes(contact))).toEqual([]);
  });
});

describe("the region from a file", () => {
  it("refuses a region file with a mistake, as the CDK app does", () => {
    const broken = path.join(folder, "broken.json");
    writeFileSync(broken, JSON.stringify({ ...region, coordinator: "nobody" }));
    process.env[ENV.regionFile] = broken;
    expect(() => readFromFile()).toThrow(expect.objectContaining({ name: "InvalidInputError" }));
  });
});

describe("currentRegion", () => {
  it("reads the sample region once, and gives no function a way to its contacts", () => {
    const first = currentRegion();
    expect(currentRegion()).toBe(first);
    expect(first.id).toBe(sampleRegion.id);
    // @ts-expect-error: a function's region has no contacts to read (domain/function-region.ts)
    expect(first.organisations[0]?.alerts?.email).toBeUndefined();
  });
});
