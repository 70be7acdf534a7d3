/**
 * Where powertools' idempotency keeps its records: the idempotency table, through the
 * functions' own DynamoDB client (adapters/dynamo-client.ts). Powertools' DynamoDB layer would
 * bring the whole AWS SDK back into the bundle, so this layer does what that one does, with the
 * same item (`id`, `status`, `expiresAt` (TTL), `in_progress_expiration`, `data`,
 * `validation`) and the same conditions, so records and their meaning are unchanged:
 * - a record is written only if none exists, or the one there has expired, or it is still "in
 *   progress" past its in-progress expiry (the Lambda that wrote it timed out);
 * - a refused write reads back the record that was there (`ReturnValuesOnConditionCheckFailure`),
 *   so a repeat within the window answers from it without another read.
 */
import {
  PERSISTENCE_ATTRIBUTE_KEY_MAPPINGS as ATTRIBUTES,
  IdempotencyItemAlreadyExistsError,
  IdempotencyItemNotFoundError,
  IdempotencyRecordStatus,
} from "@aws-lambda-powertools/idempotency";
import {
  BasePersistenceLayer,
  IdempotencyRecord,
} from "@aws-lambda-powertools/idempotency/persistence";
import {
  ConditionalCheckFailedException,
  DeleteCommand,
  type DynamoDocumentClient,
  GetCommand,
  type Item,
  PutCommand,
  UpdateCommand,
} from "./dynamo-client.ts";

const KEY = "id";

export class DynamoIdempotencyLayer extends BasePersistenceLayer {
  constructor(
    private readonly client: DynamoDocumentClient,
    private readonly tableName: string,
    /** the TTL attribute of the table (config/resources.ts) */
    private readonly expiryAttr: string,
  ) {
    super();
  }

  private recordOf(item: Item): IdempotencyRecord {
    return new IdempotencyRecord({
      idempotencyKey: item[KEY],
      status: item[ATTRIBUTES.statusAttr],
      expiryTimestamp: item[this.expiryAttr],
      inProgressExpiryTimestamp: item[ATTRIBUTES.inProgressExpiryAttr],
      responseData: item[ATTRIBUTES.dataAttr],
      payloadHash: item[ATTRIBUTES.validationKeyAttr],
    });
  }

  protected async _getRecord(idempotencyKey: string): Promise<IdempotencyRecord> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { [KEY]: idempotencyKey },
        ConsistentRead: true,
      }),
    );
    if (!Item) throw new IdempotencyItemNotFoundError();
    return this.recordOf(Item);
  }

  protected async _putRecord(record: IdempotencyRecord): Promise<void> {
    const now = Date.now();
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            [KEY]: record.idempotencyKey,
            [this.expiryAttr]: record.expiryTimestamp,
            [ATTRIBUTES.statusAttr]: record.getStatus(),
            [ATTRIBUTES.inProgressExpiryAttr]: record.inProgressExpiryTimestamp,
            ...(this.isPayloadValidationEnabled()
              ? { [ATTRIBUTES.validationKeyAttr]: record.payloadHash }
              : {}),
          },
          ConditionExpression:
            "attribute_not_exists(#id) OR #expiry < :now OR (#status = :inprogress AND attribute_exists(#in_progress_expiry) AND #in_progress_expiry < :now_in_millis)",
          ExpressionAttributeNames: {
            "#id": KEY,
            "#expiry": this.expiryAttr,
            "#in_progress_expiry": ATTRIBUTES.inProgressExpiryAttr,
            "#status": ATTRIBUTES.statusAttr,
          },
          ExpressionAttributeValues: {
            ":now": now / 1000,
            ":now_in_millis": now,
            ":inprogress": IdempotencyRecordStatus.INPROGRESS,
          },
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      throw new IdempotencyItemAlreadyExistsError(
        "Failed to put record for already existing idempotency key",
        error.Item && this.recordOf(error.Item),
      );
    }
  }

  protected async _updateRecord(record: IdempotencyRecord): Promise<void> {
    const names: Record<string, string> = {
      "#expiry": this.expiryAttr,
      "#status": ATTRIBUTES.statusAttr,
    };
    const values: Item = { ":expiry": record.expiryTimestamp, ":status": record.getStatus() };
    if (record.responseData !== undefined) {
      names["#response_data"] = ATTRIBUTES.dataAttr;
      values[":response_data"] = record.responseData;
    }
    if (this.isPayloadValidationEnabled()) {
      names["#validation_key"] = ATTRIBUTES.validationKeyAttr;
      values[":validation_key"] = record.payloadHash;
    }
    const sets = Object.keys(names).map((name) => `${name} = :${name.slice(1)}`);
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { [KEY]: record.idempotencyKey },
        UpdateExpression: `SET ${sets.join(", ")}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
  }

  protected async _deleteRecord(record: IdempotencyRecord): Promise<void> {
    await this.client.send(
      new DeleteCommand({ TableName: this.tableName, Key: { [KEY]: record.idempotencyKey } }),
    );
  }
}
