/**
 * The logical ids of the region's stateful resources, written down. CloudFormation knows a
 * resource by its logical id only: a new id is a new resource, and the old one is deleted, or,
 * when retained, orphaned with its data while the stack goes on with an empty one. CDK derives
 * ids from construct paths, so renaming or moving a construct would do that silently. These ids
 * are fixed here instead (the values CDK gave them when the stack was first written, so that a
 * deployed region keeps its resources), and test/lib/stateful-ids.test.ts fails on any change
 * to them. Never edit a value: a resource that must change is a migration (docs/deploy.md).
 */
import type { CfnResource } from "aws-cdk-lib";
import type { IConstruct } from "constructs";
import type { TableId } from "./data-tables.ts";

export const STATEFUL_IDS = {
  dataKey: "TablesKeyD3984C03",
  tables: {
    reports: "Tablesreports502F0E23",
    assignments: "Tablesassignments6EEDBB67",
    idempotency: "TablesidempotencyA02207AE",
    audit: "Tablesaudit3BC6CFAF",
    access: "Tablesaccess74FB2F76",
    counters: "Tablescounters33B7B113",
  } satisfies Record<TableId, string>,
  secrets: {
    pow: "SecretsProofOfWork303D91A1",
    receiptKeys: "SecretsReceiptKeysD7D6895E",
    origin: "SecretsOrigin297BAAC6",
    countersKey: "SecretsCountersKeyC90AC403",
  },
} as const;

/**
 * Resources of a stateful type that hold nothing a deploy must keep, pinned so that the deploy's
 * guard (scripts/deploy-state.ts) lets them go: the canary's token (ops put a token in again,
 * docs/deploy.md section 6b), which a region that turns its canary off deletes.
 */
export const DISPOSABLE_IDS = { canaryToken: "CanaryToken" } as const;

/** Gives the construct's CloudFormation resource a fixed logical id. */
export function pinLogicalId(construct: IConstruct, logicalId: string): void {
  (construct.node.defaultChild as CfnResource).overrideLogicalId(logicalId);
}
