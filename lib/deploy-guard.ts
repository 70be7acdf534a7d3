/**
 * A region marked `"sample": true` synthesizes, for the tests and for reading, but is never
 * deployed: its organisations' private keys are public (demo/), so any case routed there could
 * be read by anyone.
 *
 * `npm run deploy` refuses it before anything runs (scripts/deploy.ts). This is the second
 * guard, inside the template itself, for `cdk deploy` run by hand or a template uploaded some
 * other way: a CloudFormation rule (the template's `Rules` section) whose assertion is false.
 * CloudFormation evaluates rules when a stack or a change set is created or updated, before it
 * creates or changes any resource, and refuses the operation with the assertion's description.
 * The assertion compares the `AWS::AccountId` pseudo parameter with a string no account id can
 * be, the documented shape of a rule on a pseudo parameter. (The CDK CLI still uploads the
 * assets to the bootstrap bucket before it asks for the change set.)
 */
import { Aws, CfnRule, Fn, type Stack } from "aws-cdk-lib";
import type { Region } from "../domain/region.ts";

export const SAMPLE_RULE_ID = "RefuseSampleRegion";
/** Not twelve digits: no account id is ever equal to it. */
export const NEVER_AN_ACCOUNT = "sample-region-never-deployed";

export const sampleRefusal = (regionId: string) =>
  `Region ${regionId} is sample data: its organisations' private keys are public, so it is never deployed. Write a region file of your own (docs/deploy.md).`;

/** Adds the refusing rule to a sample region's stack; a real region's stack is left alone. */
export function refuseDeployOfSample(stack: Stack, region: Region): CfnRule | undefined {
  if (!region.sample) return undefined;
  return new CfnRule(stack, SAMPLE_RULE_ID, {
    assertions: [
      {
        assert: Fn.conditionEquals(Aws.ACCOUNT_ID, NEVER_AN_ACCOUNT),
        assertDescription: sampleRefusal(region.id),
      },
    ],
  });
}
