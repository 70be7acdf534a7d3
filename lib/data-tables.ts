/**
 * The DynamoDB tables, one per declaration in lib/resources.ts. Names are left to
 * CloudFormation (the functions get them from environment variables), so a table can be
 * replaced and two regions can share an account.
 */
import { RemovalPolicy } from "aws-cdk-lib";
import {
  AttributeType,
  BillingMode,
  type ITable,
  ProjectionType,
  Table,
} from "aws-cdk-lib/aws-dynamodb";
import { Grant, type IGrantable } from "aws-cdk-lib/aws-iam";
import { Construct } from "constructs";
import { type KeyAttribute, TABLES, type TableDeclaration } from "./resources.ts";

export type TableId = TableDeclaration["id"];

const ATTRIBUTE_TYPES = {
  S: AttributeType.STRING,
  N: AttributeType.NUMBER,
} as const satisfies Record<KeyAttribute["type"], AttributeType>;

const attribute = (key: KeyAttribute) => ({ name: key.name, type: ATTRIBUTE_TYPES[key.type] });

/**
 * What the sweeper reads from a waiting item (functions/adapters/dynamo-stores.ts). The index
 * projects these and the keys only: a second copy of a whole case in an index would double
 * what a breach or a backup exposes, for nothing the sweeper needs.
 */
export const SWEEPER_READS = ["caseId", "organisation"] as const;

function keyNames(declaration: TableDeclaration): string[] {
  const index = declaration.waitingIndex;
  return [declaration.partitionKey, declaration.sortKey, index?.partitionKey, index?.sortKey]
    .filter((key) => key !== undefined)
    .map((key) => key.name);
}

export class UndeclaredResourceError extends Error {
  override name = "UndeclaredResourceError";
}

export class DataTables extends Construct {
  private readonly byId = new Map<TableId, { declaration: TableDeclaration; table: Table }>();

  constructor(scope: Construct, id: string) {
    super(scope, id);
    for (const declaration of TABLES) {
      const table = new Table(this, declaration.id, {
        partitionKey: attribute(declaration.partitionKey),
        ...(declaration.sortKey ? { sortKey: attribute(declaration.sortKey) } : {}),
        // On-demand: traffic is a trickle with bursts (a campaign, a raid in the news).
        billingMode: BillingMode.PAY_PER_REQUEST,
        // TTL deletes within days of expiry; the functions ignore expired items meanwhile.
        timeToLiveAttribute: declaration.ttlAttribute,
        // 35 days of restore points, against a bad deploy or an operator's mistake.
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        // Deleting the stack must never delete cases or receipts people rely on.
        removalPolicy: RemovalPolicy.RETAIN,
      });
      const index = declaration.waitingIndex;
      if (index) {
        const keys = keyNames(declaration);
        const nonKeyAttributes = SWEEPER_READS.filter((name) => !keys.includes(name));
        table.addGlobalSecondaryIndex({
          indexName: index.name,
          partitionKey: attribute(index.partitionKey),
          sortKey: attribute(index.sortKey),
          ...(nonKeyAttributes.length > 0
            ? { projectionType: ProjectionType.INCLUDE, nonKeyAttributes }
            : { projectionType: ProjectionType.KEYS_ONLY }),
        });
      }
      this.byId.set(declaration.id, { declaration, table });
    }
  }

  table(id: TableId): Table {
    return this.entry(id).table;
  }

  /** Every table with its declaration, in the order of TABLES. */
  all(): { declaration: TableDeclaration; table: ITable }[] {
    return [...this.byId.values()];
  }

  /** `dynamodb:Query` on the table's waiting index only: no item reads, no scans. */
  grantQueryWaiting(grantee: IGrantable, id: TableId): Grant {
    const { declaration, table } = this.entry(id);
    if (!declaration.waitingIndex) {
      throw new UndeclaredResourceError(`The ${id} table declares no waiting index.`);
    }
    return Grant.addToPrincipal({
      grantee,
      actions: ["dynamodb:Query"],
      resourceArns: [`${table.tableArn}/index/${declaration.waitingIndex.name}`],
    });
  }

  private entry(id: TableId) {
    const entry = this.byId.get(id);
    if (!entry) throw new UndeclaredResourceError(`No table is declared as ${id}.`);
    return entry;
  }
}
