/**
 * The DynamoDB tables, one per declaration in config/resources.ts, and the region's data key.
 * Names are left to CloudFormation (the functions get them from environment variables; the
 * stack outputs them for ops), so a table can be replaced and two regions can share an account.
 *
 * Defaults, each explicit below:
 * - on-demand capacity;
 * - TTL on `expiresAt` (config/resources.ts), which the functions also check, since TTL deletes late;
 * - point-in-time recovery (35 days of restore points);
 * - encrypted with a customer-managed KMS key that rotates its key material every year, so the
 *   key policy (not an AWS-owned key) decides who can ever read a table or a backup of it;
 * - deletion protection on, and the tables and the key retained when the stack is deleted:
 *   tearing a region down never takes the cases and receipt links people rely on;
 * - the declared indexes only, each projecting what its readers use and nothing more: the sparse
 *   `waiting` index (the sweeper, the escalation) and the assignments' `inbox` index (an
 *   organisation's list of cases).
 */
import { Duration, RemovalPolicy, Stack } from "aws-cdk-lib";
import {
  AttributeType,
  BillingMode,
  type ITable,
  ProjectionType,
  Table,
  TableEncryption,
} from "aws-cdk-lib/aws-dynamodb";
import { Grant, type IGrantable } from "aws-cdk-lib/aws-iam";
import { Key } from "aws-cdk-lib/aws-kms";
import { Construct } from "constructs";
import {
  type IndexDeclaration,
  type KeyAttribute,
  TABLES,
  type TableDeclaration,
} from "../config/resources.ts";
import { pinLogicalId, STATEFUL_IDS } from "./stateful-ids.ts";

export type TableId = TableDeclaration["id"];

const ATTRIBUTE_TYPES = {
  S: AttributeType.STRING,
  N: AttributeType.NUMBER,
} as const satisfies Record<KeyAttribute["type"], AttributeType>;

const attribute = (key: KeyAttribute) => ({ name: key.name, type: ATTRIBUTE_TYPES[key.type] });

/**
 * What the sweeper and the escalation read from a waiting item
 * (functions/adapters/dynamo-cases.ts). The index projects these and the keys only: a second
 * copy of a whole case in an index would double what a breach or a backup exposes, for nothing
 * they need.
 */
export const SWEEPER_READS = ["caseId", "organisation"] as const;

/** The indexes a table may declare (config/resources.ts), by the declaration's field. */
export type IndexField = "waitingIndex" | "inboxIndex";
/** Where a Query may run: the table itself, or one of its declared indexes. */
export type QueryTarget = "table" | IndexField;

/** The attributes an index always carries: the table's keys and its own. */
function keyNames(declaration: TableDeclaration, index: IndexDeclaration): string[] {
  return [declaration.partitionKey, declaration.sortKey, index.partitionKey, index.sortKey]
    .filter((key) => key !== undefined)
    .map((key) => key.name);
}

/**
 * An index's projection: the keys, and the non-key attributes its readers need, named once.
 * DynamoDB projects the keys by itself; naming one again is refused, so they are left out.
 */
function projectionOf(
  declaration: TableDeclaration,
  index: IndexDeclaration,
  reads: readonly string[],
) {
  const keys = keyNames(declaration, index);
  const nonKeyAttributes = [...new Set(reads)].filter((name) => !keys.includes(name));
  return nonKeyAttributes.length > 0
    ? { projectionType: ProjectionType.INCLUDE, nonKeyAttributes }
    : { projectionType: ProjectionType.KEYS_ONLY };
}

/** The item operations the functions use (functions/adapters/dynamo-cases.ts, powertools). */
export type ItemAction =
  | "dynamodb:GetItem"
  | "dynamodb:PutItem"
  | "dynamodb:UpdateItem"
  | "dynamodb:DeleteItem";

/**
 * What a caller of DynamoDB needs of the data key, and only through DynamoDB: DynamoDB uses the
 * key on the caller's behalf (the table key is decrypted with the caller's permission).
 */
export const KEY_ACTIONS_TO_READ = ["kms:Decrypt", "kms:DescribeKey"] as const;
export const KEY_ACTIONS_TO_WRITE = [
  ...KEY_ACTIONS_TO_READ,
  "kms:Encrypt",
  "kms:GenerateDataKey",
] as const;

export class UndeclaredResourceError extends Error {
  override name = "UndeclaredResourceError";
}

/** The data key's yearly rotation (KMS: 90 to 2560 days; 365 is the AWS default). */
export const DATA_KEY_ROTATION = Duration.days(365);

export interface DataTablesProps {
  /** The region's id, for the data key's alias (`alias/intake/<regionId>/data`). */
  regionId: string;
}

export class DataTables extends Construct {
  /**
   * The region's data key: the tables, and the secrets (lib/secrets.ts), are encrypted with it.
   * Retained with the tables: a table restored from a backup needs it.
   */
  readonly key: Key;
  private readonly byId = new Map<TableId, { declaration: TableDeclaration; table: Table }>();

  constructor(scope: Construct, id: string, props: DataTablesProps) {
    super(scope, id);
    this.key = new Key(this, "Key", {
      description: `intake ${props.regionId}: tables and secrets`,
      alias: `alias/intake/${props.regionId}/data`,
      enableKeyRotation: true,
      rotationPeriod: DATA_KEY_ROTATION,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    pinLogicalId(this.key, STATEFUL_IDS.dataKey);
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
        encryption: TableEncryption.CUSTOMER_MANAGED,
        encryptionKey: this.key,
        // Deleting the stack, or a console click, must never delete cases or receipts.
        deletionProtection: true,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      const indexes: [IndexDeclaration | undefined, readonly string[]][] = [
        [declaration.waitingIndex, SWEEPER_READS],
        // What an inbox list shows, as config/resources.ts declares it, and nothing of the case.
        [declaration.inboxIndex, declaration.inboxIndex?.nonKeyAttributes ?? []],
      ];
      for (const [index, reads] of indexes) {
        if (!index) continue;
        table.addGlobalSecondaryIndex({
          indexName: index.name,
          partitionKey: attribute(index.partitionKey),
          sortKey: attribute(index.sortKey),
          ...projectionOf(declaration, index, reads),
        });
      }
      pinLogicalId(table, STATEFUL_IDS.tables[declaration.id]);
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

  /**
   * Exactly these item operations on the table itself (no index, no scan, no batch), and the
   * data key through DynamoDB only: to decrypt for a reader, to encrypt too for a writer.
   */
  grantItems(grantee: IGrantable, id: TableId, actions: readonly ItemAction[]): Grant {
    const { table } = this.entry(id);
    const writes = actions.some((action) => action !== "dynamodb:GetItem");
    this.grantKeyThroughDynamo(grantee, writes ? KEY_ACTIONS_TO_WRITE : KEY_ACTIONS_TO_READ);
    return Grant.addToPrincipal({
      grantee,
      actions: [...actions],
      resourceArns: [table.tableArn],
    });
  }

  /** `dynamodb:Query` on the table's waiting index only: no item reads, no scans. */
  grantQueryWaiting(grantee: IGrantable, id: TableId): Grant {
    return this.grantQuery(grantee, id, ["waitingIndex"]);
  }

  /**
   * `dynamodb:Query` on exactly these targets (the table itself, or its declared indexes by
   * their field in config/resources.ts), never a scan; the data key through DynamoDB, to decrypt.
   */
  grantQuery(grantee: IGrantable, id: TableId, targets: readonly QueryTarget[]): Grant {
    const { declaration, table } = this.entry(id);
    const resourceArns = targets.map((target) => {
      if (target === "table") return table.tableArn;
      const index = declaration[target];
      if (!index) throw new UndeclaredResourceError(`The ${id} table declares no ${target}.`);
      return `${table.tableArn}/index/${index.name}`;
    });
    this.grantKeyThroughDynamo(grantee, KEY_ACTIONS_TO_READ);
    return Grant.addToPrincipal({ grantee, actions: ["dynamodb:Query"], resourceArns });
  }

  private grantKeyThroughDynamo(grantee: IGrantable, actions: readonly string[]): Grant {
    const stack = Stack.of(this);
    return Grant.addToPrincipal({
      grantee,
      actions: [...actions],
      resourceArns: [this.key.keyArn],
      conditions: {
        StringEquals: { "kms:ViaService": `dynamodb.${stack.region}.${stack.urlSuffix}` },
      },
    });
  }

  private entry(id: TableId) {
    const entry = this.byId.get(id);
    if (!entry) throw new UndeclaredResourceError(`No table is declared as ${id}.`);
    return entry;
  }
}
