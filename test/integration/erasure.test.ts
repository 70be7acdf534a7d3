/**
 * A deletion reaches every copy (docs/privacy.md, sections 3, 5 and 8). A case is routed, an
 * organisation writes to the person, the person replies, one organisation's consumer keeps
 * failing on its envelope until it is dead-lettered; then the person deletes the case with the
 * receipt. After that, nothing sealed for the case remains in any table or any queue,
 * dead-letter queues included: no age file, armored or binary, and none of the person's words.
 */
import { ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ageSealing } from "../../functions/adapters/seal.ts";
import { staff, staffClient } from "../helpers/org-client.ts";
import { aWorkerWhoLostEverything } from "../helpers/report-factory.ts";
import { eventually, startTestSystem, type TestSystem } from "../helpers/test-system.ts";

const NARRATIVE = "Erasure canary: the farm on the dike road keeps our passports.";
const ADDRESS = "+48 600 111 222";
const REPLY = "Erasure canary reply: please call after nine.";
const MESSAGE = "Erasure canary message: we can meet you tomorrow.";
const ARMOR = "-----BEGIN AGE ENCRYPTED FILE-----";
/** The first line of every age file, armored or not. */
const AGE_HEADER = "age-encryption.org/v1";

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system.stop());

/** Every string a value holds, binary attributes read as text (DynamoDB keeps sealed bytes so). */
function texts(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (value instanceof Uint8Array) return [Buffer.from(value).toString("latin1")];
  if (Array.isArray(value)) return value.flatMap(texts);
  if (value instanceof Set) return [...value].flatMap(texts);
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(texts);
  return [];
}

/** What is sealed, or said, in these texts: every age file and every canary, where it was found. */
const sealedIn = (where: string, found: string[]) =>
  found
    .filter((text) =>
      [ARMOR, AGE_HEADER, NARRATIVE, ADDRESS, REPLY, MESSAGE].some((mark) => text.includes(mark)),
    )
    .map((text) => `${where}: ${text.slice(0, 60)}`);

/** Every message of every queue of the system, dead-letter queues included, taken off them. */
async function everyQueue(): Promise<string[]> {
  const found: string[] = [];
  for (const queue of system.queues)
    for (const url of [queue.url, queue.deadLetterUrl])
      for (const message of await system.drain(url))
        found.push(...sealedIn(url, [message.Body ?? "", ...texts(message.MessageAttributes)]));
  return found;
}

async function post(path: string, body: unknown) {
  const answer = await system.post(body, { path });
  expect(answer.status).toBe(200);
  return answer.body;
}

describe("after the person deletes a case", () => {
  let caseId = "";
  let beforeInTables: string[] = [];
  let afterInTables: string[] = [];
  let afterInQueues: string[] = [];
  let deadLettered = 0;

  beforeAll(async () => {
    const routed = await system.routedCase({
      ...aWorkerWhoLostEverything({
        narrative: NARRATIVE,
        contact: { channel: "phone", address: ADDRESS, safeTimes: "evenings", leaveMessage: false },
      }),
      test: true,
    });
    caseId = routed.caseId;

    // The lead writes to the person, sealed to the person's key; the person answers, sealed to
    // every organisation on the case.
    const lead = await staffClient(system, staff("labour-ngo"));
    expect((await lead.post(`org/cases/${caseId}/claim`)).status).toBe(200);
    const view = await lead.get(`org/cases/${caseId}`);
    const sealed = ageSealing.armor(
      await ageSealing.seal([String(view.body.personRecipient)], MESSAGE),
    );
    expect((await lead.post(`org/cases/${caseId}/messages`, { sealed })).status).toBe(201);
    await post("/api/v1/status/reply", { receipt: routed.receipt, text: REPLY });

    // The coordinator's consumer fails on its envelope five times: SQS dead-letters it.
    const coordinator = system.queues.find(
      (queue) => queue.declaration.organisation === system.region.coordinator,
    );
    if (!coordinator) throw new Error("The sample coordinator has a queue.");
    for (let receive = 0; receive < 6; receive++)
      await system.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: coordinator.url,
          MaxNumberOfMessages: 10,
          VisibilityTimeout: 0,
        }),
      );
    const dead = await eventually(async () => {
      const { Messages = [] } = await system.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: coordinator.deadLetterUrl,
          MaxNumberOfMessages: 10,
          VisibilityTimeout: 0,
        }),
      );
      return Messages.length > 0 ? Messages : undefined;
    });
    // (the emulator may hand the same message out more than once: counted by body)
    deadLettered = new Set(
      dead.filter((message) => message.Body?.includes(caseId)).map((message) => message.Body),
    ).size;

    beforeInTables = sealedIn("a table", texts(await system.items()));
    await post("/api/v1/status/withdraw", { receipt: routed.receipt, kind: "delete" });
    afterInTables = sealedIn("a table", texts(await system.items()));
    afterInQueues = await everyQueue();
  });

  it("had sealed parts, a message and a reply in the tables, and an envelope dead-lettered", () => {
    // The scan sees what it looks for: the case's sealed parts, the message and the reply.
    expect(beforeInTables.length).toBeGreaterThanOrEqual(4);
    expect(deadLettered).toBe(1);
  });

  it("leaves nothing sealed and nothing said in any table", () => {
    expect(afterInTables).toEqual([]);
  });

  it("leaves nothing sealed and nothing said on any queue, dead-letter queues included", () => {
    expect(afterInQueues).toEqual([]);
  });

  it("keeps only the counts of the case, and no way back to it from the receipt", async () => {
    const items = await system.items();
    const record = items.find((item) => item.pk === `case#${caseId}`);
    expect(record?.withdrawn).toMatchObject({ kind: "delete" });
    for (const gone of ["sealed", "messages", "replies", "person", "clear", "routingInput"])
      expect(record?.[gone]).toBeUndefined();
    expect(items.filter((item) => String(item.pk).startsWith("receipt#"))).toEqual([]);
  });
});
