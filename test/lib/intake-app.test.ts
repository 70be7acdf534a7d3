import { describe, expect, it } from "vitest";
import { environmentOf, MissingAwsRegionError } from "../../lib/intake-app.ts";
import { aRegion } from "../helpers/region-factory.ts";

const CLI = { CDK_DEFAULT_ACCOUNT: "111111111111", CDK_DEFAULT_REGION: "eu-west-1" };

describe("environmentOf: where a region's stack goes", () => {
  it("takes the account and the AWS region of a file that names both, whatever the CLI says", () => {
    const region = aRegion([], { aws: { account: "222222222222", region: "eu-west-3" } });
    expect(environmentOf(region, CLI)).toEqual({ account: "222222222222", region: "eu-west-3" });
  });

  it("takes the file's AWS region and the CLI's account", () => {
    const region = aRegion([], { aws: { region: "eu-central-1" } });
    expect(environmentOf(region, CLI)).toEqual({ account: "111111111111", region: "eu-central-1" });
  });

  it("takes the CLI's AWS region when the file names none", () => {
    expect(environmentOf(aRegion(), CLI)).toEqual({ account: "111111111111", region: "eu-west-1" });
  });

  it("leaves the account unresolved when nobody names one", () => {
    const region = aRegion([], { aws: { region: "eu-central-1" } });
    expect(environmentOf(region, {})).toEqual({ region: "eu-central-1" });
  });

  it("refuses to guess the AWS region: where the data lives is decided", () => {
    expect(() => environmentOf(aRegion(), {})).toThrow(MissingAwsRegionError);
    expect(() => environmentOf(aRegion(), { CDK_DEFAULT_ACCOUNT: "111111111111" })).toThrow(
      "names no AWS region",
    );
  });
});
