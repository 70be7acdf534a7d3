import { beforeAll, describe, expect, it } from "vitest";
import { type KeyAttribute, TABLES, type TableDeclaration } from "../../config/resources.ts";
import { SWEEPER_READS } from "../../lib/data-tables.ts";
import { logicalId, type Synthesized, synthesize } from "../helpers/synth.ts";

let synthesized: Synthesized;
beforeAll(() => {
  synthesized = synthesize();
});

const keySchema = (partitionKey: KeyAttribute, sortKey?: KeyAttribute) => [
  { AttributeName: partitionKey.name, KeyType: "HASH" },
  ...(sortKey ? [{ AttributeName: sortKey.name, KeyType: "RANGE" }] : []),
];

/** The table's resource, found through its declaration's construct. */
function tableResource(declaration: TableDeclaration) {
  const { stack, template } = synthesized;
  const id = logicalId(stack.tables.table(declaration.id));
  const resource = template.findResources("AWS::DynamoDB::Table")[id];
  if (!resource) throw new Error(`No table resource ${id}`);
  return resource;
}

const withIndex = TABLES.filter((declaration) => declaration.waitingIndex);
const withoutIndex = TABLES.filter(
  (declaration) => !declaration.waitingIndex && !declaration.inboxIndex,
);

/** The table's global secondary index of that name. */
function indexOf(declaration: TableDeclaration, name: string) {
  const indexes = (tableResource(declaration).Properties.GlobalSecondaryIndexes ?? []) as {
    IndexName: string;
    KeySchema: unknown;
    Projection: { ProjectionType: string; NonKeyAttributes?: string[] };
  }[];
  const found = indexes.find((index) => index.IndexName === name);
  if (!found) throw new Error(`No index ${name} on ${declaration.id}`);
  return found;
}

const declarationOf = (id: TableDeclaration["id"]) => {
  const declaration = TABLES.find((table) => table.id === id);
  if (!declaration) throw new Error(`No table ${id}`);
  return declaration;
};

describe("DataTables", () => {
  it("makes one table per declaration, and no other", () => {
    synthesized.template.resourceCountIs("AWS::DynamoDB::Table", TABLES.length);
  });

  it.each(TABLES)("$id: has the declared keys", (declaration) => {
    const { Properties } = tableResource(declaration);
    expect(Properties.KeySchema).toEqual(keySchema(declaration.partitionKey, declaration.sortKey));
    const declared = [declaration.partitionKey, declaration.sortKey].filter(
      (key) => key !== undefined,
    );
    for (const key of declared) {
      expect(Properties.AttributeDefinitions).toContainEqual({
        AttributeName: key.name,
        AttributeType: key.type,
      });
    }
  });

  it.each(TABLES)("$id: is on demand, with PITR and TTL on expiresAt", (declaration) => {
    expect(tableResource(declaration).Properties).toMatchObject({
      BillingMode: "PAY_PER_REQUEST",
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: "expiresAt", Enabled: true },
    });
  });

  it.each(TABLES)("$id: is retained when the stack or the resource goes", (declaration) => {
    expect(tableResource(declaration)).toMatchObject({
      DeletionPolicy: "Retain",
      UpdateReplacePolicy: "Retain",
    });
  });

  it.each(withIndex)("$id: has the sparse waiting index with the declared keys", (declaration) => {
    const index = declaration.waitingIndex;
    if (!index) throw new Error("no waiting index");
    expect(indexOf(declaration, index.name)).toEqual({
      IndexName: "waiting",
      KeySchema: keySchema(index.partitionKey, index.sortKey),
      Projection: expect.anything(),
    });
  });

  it("declares the waiting index on reports and assignments", () => {
    expect(withIndex.map((declaration) => declaration.id)).toEqual(["reports", "assignments"]);
  });

  it("has exactly the declared indexes on each table: waiting, and inbox on assignments", () => {
    const names = Object.fromEntries(
      TABLES.map((declaration) => [
        declaration.id,
        (tableResource(declaration).Properties.GlobalSecondaryIndexes ?? []).map(
          (index: { IndexName: string }) => index.IndexName,
        ),
      ]),
    );
    expect(names).toEqual({
      reports: ["waiting"],
      assignments: ["waiting", "inbox"],
      idempotency: [],
      audit: [],
      counters: [],
      access: [],
    });
  });

  it("assignments: the inbox index lists an organisation's cases by the time they came in", () => {
    const declaration = declarationOf("assignments");
    expect(indexOf(declaration, "inbox")).toEqual({
      IndexName: "inbox",
      KeySchema: keySchema({ name: "organisation", type: "S" }, { name: "receivedAt", type: "N" }),
      Projection: {
        ProjectionType: "INCLUDE",
        NonKeyAttributes: declaration.inboxIndex?.nonKeyAttributes,
      },
    });
    expect(tableResource(declaration).Properties.AttributeDefinitions).toContainEqual({
      AttributeName: "receivedAt",
      AttributeType: "N",
    });
  });

  it("assignments: the inbox index carries what an inbox list reads, and nothing of a case", () => {
    const projected = indexOf(declarationOf("assignments"), "inbox").Projection.NonKeyAttributes;
    // functions/use-cases/organisation-work.ts, listCases: besides the keys (caseId,
    // organisation, receivedAt), these are all it reads of an assignment from the index.
    expect([...(projected ?? [])].sort()).toEqual(
      ["escalatedAt", "expiresAt", "hidden", "outcome", "state", "updatedAt", "urgency"].sort(),
    );
    for (const never of ["claimedBy", "declineReason", "envelopeId", "sealed", "decision"]) {
      expect(projected).not.toContain(never);
    }
  });

  it.each(withoutIndex)("$id: has no secondary index", (declaration) => {
    expect(tableResource(declaration).Properties.GlobalSecondaryIndexes).toBeUndefined();
  });

  it.each([
    // reports: `caseId` is no key there, so the index carries it (and nothing of the case).
    {
      id: "reports",
      projection: { ProjectionType: "INCLUDE", NonKeyAttributes: [...SWEEPER_READS] },
    },
    // assignments: `caseId` and `organisation` are the table's keys, always projected.
    { id: "assignments", projection: { ProjectionType: "KEYS_ONLY" } },
  ])("$id: the index projects what the sweeper reads, and no more", ({ id, projection }) => {
    const declaration = declarationOf(id as TableDeclaration["id"]);
    expect(indexOf(declaration, "waiting").Projection).toEqual(projection);
  });
});

describe("DataTables: the data key", () => {
  const keyId = () => logicalId(synthesized.stack.tables.key);

  it.each(TABLES)(
    "$id: is encrypted with the region's own KMS key, and protected from deletion",
    (declaration) => {
      expect(tableResource(declaration).Properties).toMatchObject({
        SSESpecification: {
          SSEEnabled: true,
          SSEType: "KMS",
          KMSMasterKeyId: { "Fn::GetAtt": [keyId(), "Arn"] },
        },
        DeletionProtectionEnabled: true,
      });
    },
  );

  it("is customer-managed, rotates yearly, and is kept with the tables", () => {
    const key = synthesized.template.findResources("AWS::KMS::Key")[keyId()];
    expect(key).toMatchObject({
      Properties: { EnableKeyRotation: true, RotationPeriodInDays: 365 },
      DeletionPolicy: "Retain",
      UpdateReplacePolicy: "Retain",
    });
    synthesized.template.hasResourceProperties("AWS::KMS::Alias", {
      AliasName: `alias/intake/${synthesized.region.id}/data`,
      TargetKeyId: { "Fn::GetAtt": [keyId(), "Arn"] },
    });
  });

  it("is granted to no function but through DynamoDB or Secrets Manager", () => {
    const policies = Object.values(synthesized.template.findResources("AWS::IAM::Policy"));
    const statements = policies.flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement as Record<string, unknown>[],
    );
    const onKey = statements.filter((statement) =>
      JSON.stringify(statement.Resource).includes(keyId()),
    );
    expect(onKey.length).toBeGreaterThan(0);
    for (const statement of onKey) {
      expect(JSON.stringify(statement.Condition)).toMatch(
        /kms:ViaService.*(dynamodb|secretsmanager)\./,
      );
    }
  });
});
