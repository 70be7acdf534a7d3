/**
 * Every region file shipped in regions/ makes a stack that CDK's own CloudFormation validation
 * accepts. In a file of its own: the validator's WebAssembly engine keeps a worker busy for
 * seconds after it has run.
 */
import path from "node:path";
import { describe, it } from "vitest";
import { readRegionFile } from "../../config/region-file.ts";
import { queuesOf, TABLES } from "../../config/resources.ts";
import { REGIONS_DIR, regionFileNames, synthesize } from "../helpers/synth.ts";

const regionFiles = regionFileNames();

describe("every region file in regions/", () => {
  it.each(regionFiles)(
    "%s: synthesizes, and passes CDK's CloudFormation validation",
    (name) => {
      const region = readRegionFile(path.join(REGIONS_DIR, name));
      const { template } = synthesize(region, { validate: true });
      template.resourceCountIs("AWS::SQS::Queue", queuesOf(region).length * 2);
      template.resourceCountIs("AWS::DynamoDB::Table", TABLES.length);
      // A whole region bundles every function with esbuild: a few seconds alone, more on a busy machine.
    },
    120_000,
  );
});
