/**
 * Bad input of any kind gets a 4xx in the contract's error shape, never a 5xx, never a piece
 * of the input in the answer, and nothing stored or enqueued.
 */
import { randomUUID } from "node:crypto";
import { createChallenge } from "altcha-lib/v1";
import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { solveChallenge } from "../../functions/adapters/proof-of-work.ts";
import { generateSecretsJson } from "../../functions/adapters/secrets.ts";
import { aWorkerWhoLostEverything } from "../helpers/report-factory.ts";
import { type Answer, startTestSystem, type TestSystem } from "../helpers/test-system.ts";

const CANARY = "CANARY-b4d";
const secrets = generateSecretsJson();
let system: TestSystem;
let before: Record<string, unknown>[];

beforeAll(async () => {
  system = await startTestSystem({ secrets });
});
afterAll(() => system.stop());
beforeEach(async () => {
  before = await system.items();
});

/** A 4xx with the contract's shape, no echo of the input, and nothing kept or enqueued. */
async function expectRefused(answer: Answer, status: number, code: string) {
  expect(answer.status).toBe(status);
  const error = answer.body.error as { code: string; message: string };
  expect(error.code).toBe(code);
  expect(typeof error.message).toBe("string");
  expect(JSON.stringify(answer.body)).not.toContain(CANARY);
  expect(await system.items()).toEqual(before);
  expect(await system.drain(system.routingUrl())).toEqual([]);
  return answer.body.error as { fields?: { path: string; message: string }[] };
}

const valid = async (changes: Record<string, unknown> = {}) => ({
  ...aWorkerWhoLostEverything({ narrative: CANARY }),
  submissionId: randomUUID(),
  proof: await system.proof(),
  ...changes,
});

describe("a body that is not a report", () => {
  it.each([
    ["malformed JSON", `{"narrative": "${CANARY}`, [{ path: "", message: "is not JSON" }]],
    ["an empty body", "", [{ path: "", message: "is empty" }]],
    ["a JSON array", "[]", [{ path: "", message: "must be an object" }]],
    ["a JSON string", `"${CANARY}"`, [{ path: "", message: "must be an object" }]],
    [
      "deeply nested JSON",
      `${"[".repeat(20000)}${"]".repeat(20000)}`,
      [{ path: "", message: "must be an object" }],
    ],
  ])("refuses %s with 400 (not middy's 415)", async (_, raw, fields) => {
    const error = await expectRefused(await system.post(undefined, { raw }), 400, "invalid_report");
    expect(error.fields).toEqual(fields);
  });

  it("names every field at fault of an invalid report", async () => {
    const body = await valid({
      inDanger: CANARY,
      extra: CANARY,
      contact: { channel: "email", leaveMessage: false },
    });
    const error = await expectRefused(await system.post(body), 400, "invalid_report");
    expect(error.fields?.map((field) => field.path)).toEqual([
      "inDanger",
      "contact.address",
      "extra",
    ]);
  });

  it("requires a submissionId from JSON clients", async () => {
    const { submissionId: _, ...body } = await valid();
    const error = await expectRefused(await system.post(body), 400, "invalid_report");
    expect(error.fields).toEqual([{ path: "submissionId", message: "is required" }]);
  });
});

describe("size and media type", () => {
  it("refuses a body over 64 KiB with 413", async () => {
    const body = { ...(await valid()), narrative: "ش".repeat(40_000) };
    await expectRefused(await system.post(body), 413, "payload_too_large");
  });

  it("takes a 4,000-character Arabic narrative (8 KB in UTF-8)", async () => {
    const answer = await system.post({ ...(await valid()), narrative: "ش".repeat(4000) });
    expect(answer.status).toBe(201);
    await system.settled();
  });

  it.each(["text/plain", "application/xml", "application/json; charset=iso-8859-1", ""])(
    "refuses the media type %j with 415",
    async (contentType) => {
      await expectRefused(
        await system.post(await valid(), { contentType }),
        415,
        "unsupported_media_type",
      );
    },
  );
});

describe("the proof of work", () => {
  it("is required from JSON clients, with a code of its own", async () => {
    const { proof: _, ...body } = await valid();
    await expectRefused(await system.post(body), 400, "invalid_proof");
  });

  it.each([
    ["garbage", "not-a-proof"],
    ["base64 of something else", Buffer.from(`{"x":"${CANARY}"}`).toString("base64")],
  ])("refuses %s", async (_, proof) => {
    await expectRefused(await system.post(await valid({ proof })), 400, "invalid_proof");
  });

  it("refuses a proof signed with another key", async () => {
    const foreign = await createChallenge({ hmacKey: "another key", maxnumber: 1000 });
    await expectRefused(
      await system.post(await valid({ proof: solveChallenge(foreign) })),
      400,
      "invalid_proof",
    );
  });

  it("refuses an expired proof", async () => {
    const expired = await createChallenge({
      hmacKey: secrets.powHmacKey,
      maxnumber: 1000,
      expires: new Date(Date.now() - 1000),
    });
    await expectRefused(
      await system.post(await valid({ proof: solveChallenge(expired) })),
      400,
      "invalid_proof",
    );
  });

  it("refuses a proof used before, under another submissionId", async () => {
    const proof = await system.proof();
    const first = await system.post(await valid({ proof }));
    expect(first.status).toBe(201);
    await system.settled();
    before = await system.items();
    await expectRefused(await system.post(await valid({ proof })), 400, "invalid_proof");
  });
});

describe("paths and methods", () => {
  it("answers 405 for a wrong method and 404 for an unknown API path", async () => {
    const get = await fetch(`${system.url}/api/v1/reports`);
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    const missing = await fetch(`${system.url}/api/v1/nothing`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe("not_found");
  });
});

describe("the person's status: bad input", () => {
  const STEPS = ["", "/pin", "/reply", "/withdraw", "/check-in"];
  const at = (step: string) => ({ path: `/api/v1/status${step}` });
  const receipt = "1234 5678 9012 3456";

  it.each(
    STEPS.flatMap((step) => [
      [step, "malformed JSON", `{"receipt": "${CANARY}`],
      [step, "a JSON array", "[]"],
      [step, "an unknown field", JSON.stringify({ receipt, [CANARY]: 1 })],
      [step, "a receipt that is not a string", JSON.stringify({ receipt: 1234 })],
      [step, "a receipt of 10,000 characters", JSON.stringify({ receipt: CANARY.repeat(1000) })],
    ]),
  )("POST /api/v1/status%s: refuses %s with 400", async (step, _, raw) => {
    await expectRefused(await system.post(undefined, { raw, ...at(step) }), 400, "invalid_request");
  });

  it.each([
    ["/withdraw", { receipt, kind: "everything" }],
    ["/check-in", { receipt, answers: { safe: "maybe" } }],
    ["/check-in", { receipt, answers: { [CANARY]: "yes" } }],
    ["/reply", { receipt, text: "" }],
    ["/reply", { receipt, text: "x".repeat(4001) }],
    ["/reply", { receipt, text: "x", inReplyTo: CANARY }],
    ["/pin", { receipt }],
  ])("POST /api/v1/status%s: refuses %j with 400", async (step, body) => {
    await expectRefused(await system.post(body, at(step)), 400, "invalid_request");
  });

  it("refuses a body over 32 KiB with 413, and another media type with 415", async () => {
    const big = { receipt, text: CANARY.repeat(4000) };
    await expectRefused(await system.post(big, at("/reply")), 413, "payload_too_large");
    await expectRefused(
      await system.post({ receipt }, { ...at(""), contentType: "text/plain" }),
      415,
      "unsupported_media_type",
    );
  });

  it("answers 404 for an unknown step, and 405 for a GET (the receipt never goes in a URL)", async () => {
    await expectRefused(await system.post({ receipt }, at("/nothing")), 404, "not_found");
    const get = await fetch(`${system.url}/api/v1/status`);
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
  });

  it("answers any JSON value at any step with a 4xx or an answer, never a 5xx (fuzz)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...STEPS), fc.jsonValue(), async (step, value) => {
        const answer = await system.post(value, at(step));
        expect(answer.status).toBeLessThan(500);
        expect(JSON.stringify(answer.body)).not.toContain(CANARY);
      }),
      { numRuns: 40 },
    );
  });
});

describe("any mutation of a valid report (fuzz)", () => {
  it("gets 201 or a 4xx, never a 5xx, and keeps nothing when refused", async () => {
    const base = await valid();
    const keys = Object.keys(base);
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant("drop" as const), key: fc.constantFrom(...keys) }),
      fc.record({
        kind: fc.constant("set" as const),
        key: fc.constantFrom(...keys, "__proto__", "x"),
        value: fc.jsonValue(),
      }),
      fc.record({ kind: fc.constant("raw" as const), text: fc.string({ maxLength: 200 }) }),
    );
    await fc.assert(
      fc.asyncProperty(mutation, async (change) => {
        const body = { ...base, submissionId: randomUUID() } as Record<string, unknown>;
        let raw: string;
        if (change.kind === "raw") raw = change.text;
        else {
          if (change.kind === "drop") delete body[change.key];
          else body[change.key] = change.value;
          raw = JSON.stringify(body);
        }
        const answer = await system.post(undefined, { raw });
        expect(answer.status).toBeLessThan(500);
        if (answer.status !== 201) {
          expect(answer.status).toBeGreaterThanOrEqual(400);
          expect(answer.body.error).toBeDefined();
        }
      }),
      { numRuns: 60 },
    );
    // Refused posts kept nothing: every case stored came from a 201 (the proof is spent then).
    const cases = (await system.items()).filter((item) => String(item.pk).startsWith("case#"));
    expect(cases.length).toBeLessThanOrEqual(
      before.filter((item) => String(item.pk).startsWith("case#")).length + 1,
    );
    await system.settled();
  });
});
