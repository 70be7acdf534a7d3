/**
 * The case and assignment stores the handlers use: the DynamoDB stores, wrapped so that each
 * step of the pipeline also updates the monitor's counters (use-cases/count-steps.ts).
 */

import { currentRegion } from "../adapters/current-region.ts";
import { assignmentStore } from "../adapters/dynamo-assignments.ts";
import { caseStore } from "../adapters/dynamo-cases.ts";
import { dynamoCounters } from "../adapters/dynamo-counters.ts";
import { flagStore } from "../adapters/dynamo-flags.ts";
import { countingStores } from "../use-cases/count-steps.ts";

export const counters = dynamoCounters();

const stores = countingStores(
  { cases: caseStore, assignments: assignmentStore, flags: flagStore },
  counters,
  currentRegion,
);

export const countedCases = stores.cases;
export const countedAssignments = stores.assignments;
export const countedFlags = stores.flags;
