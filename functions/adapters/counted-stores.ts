/**
 * The case and assignment stores the handlers use: the DynamoDB stores, wrapped so that each
 * step of the pipeline also updates the monitor's counters (use-cases/count-steps.ts).
 */
import { countingStores } from "../use-cases/count-steps.ts";
import { currentRegion } from "./current-region.ts";
import { dynamoCounters } from "./dynamo-counters.ts";
import { flagStore } from "./dynamo-flags.ts";
import { assignmentStore, caseStore } from "./dynamo-stores.ts";

export const counters = dynamoCounters();

const stores = countingStores(
  { cases: caseStore, assignments: assignmentStore, flags: flagStore },
  counters,
  currentRegion,
);

export const countedCases = stores.cases;
export const countedAssignments = stores.assignments;
export const countedFlags = stores.flags;
