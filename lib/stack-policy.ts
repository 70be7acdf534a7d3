/**
 * The region stack's stack policy: CloudFormation refuses any update that would replace or
 * delete a stateful resource (the data key, the tables, the secrets), whatever the template
 * says. cdk has no flag for a stack policy, so `npm run deploy` sets it after each deploy with
 * `aws cloudformation set-stack-policy` (scripts/deploy-state.ts). A stack policy guards updates
 * only: deleting the whole stack is governed by termination protection and the resources'
 * retention (docs/deploy.md, "Tear a region down").
 */
import { STATEFUL_IDS } from "./stateful-ids.ts";

/** Every pinned stateful logical id of the region stack. */
export const statefulLogicalIds = (): string[] => [
  STATEFUL_IDS.dataKey,
  ...Object.values(STATEFUL_IDS.tables),
  ...Object.values(STATEFUL_IDS.secrets),
];

export interface StackPolicy {
  Statement: {
    Effect: "Allow" | "Deny";
    Action: string | string[];
    Principal: "*";
    Resource: string | string[];
  }[];
}

/** Denies Update:Replace and Update:Delete on the stateful resources; allows every other update. */
export const statefulStackPolicy = (): StackPolicy => ({
  Statement: [
    {
      Effect: "Deny",
      Action: ["Update:Replace", "Update:Delete"],
      Principal: "*",
      Resource: statefulLogicalIds().map((id) => `LogicalResourceId/${id}`),
    },
    // A stack policy denies every update it does not allow.
    { Effect: "Allow", Action: "Update:*", Principal: "*", Resource: "*" },
  ],
});
