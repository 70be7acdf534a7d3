/**
 * DynamoDB's document API as the adapters use it: the five item operations, in plain values,
 * over one signed JSON call each (adapters/aws-requests.ts). The command classes keep the
 * shapes of `@aws-sdk/lib-dynamodb` (same names, same inputs, whose types come from there), so
 * an adapter reads as the SDK's documentation does; the values are converted to and from
 * DynamoDB's attribute values by `@aws-sdk/util-dynamodb`, the SDK's own converter, with the
 * option the adapters relied on (`removeUndefinedValues`).
 */
import type {
  DeleteCommandInput,
  GetCommandInput,
  PutCommandInput,
  QueryCommandInput,
  ScanCommandInput,
  UpdateCommandInput,
} from "@aws-sdk/lib-dynamodb";
import { marshall, type NativeAttributeValue, unmarshall } from "@aws-sdk/util-dynamodb";
import { type AwsService, AwsServiceError, type CallOptions, callJson } from "./aws-requests.ts";

export const DYNAMODB: AwsService = {
  signingName: "dynamodb",
  endpointVariable: "DYNAMODB",
  hostPrefix: "dynamodb",
};

/** An item, as the adapters read and write it. */
export type Item = Record<string, NativeAttributeValue>;

/** A conditional write refused: `item` is the item as it was, when the request asked for it. */
export class ConditionalCheckFailedException extends AwsServiceError {
  constructor(
    cause: AwsServiceError,
    readonly Item?: Item,
  ) {
    super(cause.code, cause.status, cause.message, cause.body);
  }
}

type AttributeValues = ReturnType<typeof marshall>;
type Wire = Record<string, unknown>;

const toWire = (item: Item): AttributeValues =>
  marshall(item, { removeUndefinedValues: true }) as unknown as AttributeValues;

/** JSON carries a binary value (`B`, `BS`) in base64, both ways. */
function binaryFromBase64(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(binaryFromBase64);
  if (!value || typeof value !== "object") return value;
  const attribute = value as Record<string, unknown>;
  if (typeof attribute.B === "string") return { B: fromBase64(attribute.B) };
  if (Array.isArray(attribute.BS)) return { BS: attribute.BS.map((b) => fromBase64(String(b))) };
  if (Array.isArray(attribute.L)) return { L: attribute.L.map(binaryFromBase64) };
  if (attribute.M && typeof attribute.M === "object") return { M: itemFromBase64(attribute.M) };
  return attribute;
}
const fromBase64 = (text: string) => new Uint8Array(Buffer.from(text, "base64"));
const itemFromBase64 = (item: object) =>
  Object.fromEntries(Object.entries(item).map(([name, value]) => [name, binaryFromBase64(value)]));

const fromWire = (item: unknown): Item | undefined =>
  item ? unmarshall(itemFromBase64(item as object) as unknown as AttributeValues) : undefined;

/** The input as DynamoDB takes it: the values of these fields are attribute values. */
function wireInput(input: Wire): Wire {
  const wire: Wire = { ...input };
  for (const field of ["Key", "Item", "ExpressionAttributeValues", "ExclusiveStartKey"]) {
    const value = input[field];
    if (value !== undefined) wire[field] = toWire(value as Item);
  }
  return wire;
}

abstract class DynamoCommand<Input extends Wire> {
  abstract readonly operation: string;
  constructor(readonly input: Input) {}
}

export class GetCommand extends DynamoCommand<GetCommandInput> {
  readonly operation = "GetItem";
}
export class PutCommand extends DynamoCommand<PutCommandInput> {
  readonly operation = "PutItem";
}
export class UpdateCommand extends DynamoCommand<UpdateCommandInput> {
  readonly operation = "UpdateItem";
}
export class DeleteCommand extends DynamoCommand<DeleteCommandInput> {
  readonly operation = "DeleteItem";
}
export class QueryCommand extends DynamoCommand<QueryCommandInput> {
  readonly operation = "Query";
}
/** Only the local tools and the tests scan: no function does. */
export class ScanCommand extends DynamoCommand<ScanCommandInput> {
  readonly operation = "Scan";
}

type AnyCommand =
  | GetCommand
  | PutCommand
  | UpdateCommand
  | DeleteCommand
  | QueryCommand
  | ScanCommand;

/** Runs before each call, with the command: may throw to fail it (the tests' crash points). */
export type BeforeCall = (command: AnyCommand) => void;

export interface ItemOutput {
  Item?: Item;
}
export interface WriteOutput {
  Attributes?: Item;
}
export interface QueryOutput {
  Items?: Item[];
  Count?: number;
  LastEvaluatedKey?: Item;
}

/** The SDK's client options the adapters set (adapters/aws-clients.ts). */
export class DynamoDocumentClient {
  private readonly beforeCalls = new Set<BeforeCall>();

  constructor(private readonly options: CallOptions) {}

  /** Adds a step run before each call; the returned function removes it. */
  beforeEachCall(step: BeforeCall): () => void {
    this.beforeCalls.add(step);
    return () => this.beforeCalls.delete(step);
  }

  send(command: GetCommand): Promise<ItemOutput>;
  send(command: PutCommand | UpdateCommand | DeleteCommand): Promise<WriteOutput>;
  send(command: QueryCommand | ScanCommand): Promise<QueryOutput>;
  async send(command: AnyCommand): Promise<ItemOutput & WriteOutput & QueryOutput> {
    // The SDK's command classes share these names: one passed here by mistake must not be sent.
    if (!(command instanceof DynamoCommand)) throw new TypeError("not a command of dynamo-client");
    for (const step of this.beforeCalls) step(command);
    let output: Wire;
    try {
      output = await callJson<Wire>(
        DYNAMODB,
        `DynamoDB_20120810.${command.operation}`,
        "1.0",
        wireInput(command.input as Wire),
        this.options,
      );
    } catch (error) {
      if (error instanceof AwsServiceError && error.code === "ConditionalCheckFailedException")
        throw new ConditionalCheckFailedException(error, fromWire(error.body.Item));
      throw error;
    }
    const items = output.Items as unknown[] | undefined;
    return {
      ...(output.Item ? { Item: fromWire(output.Item) } : {}),
      ...(output.Attributes ? { Attributes: fromWire(output.Attributes) } : {}),
      ...(items ? { Items: items.map((item) => fromWire(item) as Item) } : {}),
      ...(typeof output.Count === "number" ? { Count: output.Count } : {}),
      ...(output.LastEvaluatedKey ? { LastEvaluatedKey: fromWire(output.LastEvaluatedKey) } : {}),
    };
  }
}
