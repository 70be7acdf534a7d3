/**
 * Privacy end to end: a canary put in the narrative, the contact address and the previous
 * receipt, and the receipt the intake makes, appear in no log line, no DynamoDB attribute and
 * no queue message, plain or base64 or hex encoded; and Debian's `age` tool, with the demo key
 * of each routed organisation, decrypts exactly what rule G7 gives it (read through the
 * organisations' API: an envelope only points at the case), and nothing with the key of an
 * organisation that was not routed.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { identityFile } from "../helpers/demo-keys.ts";
import { staff, staffClient } from "../helpers/org-client.ts";
import { aWorkerWhoLostEverything } from "../helpers/report-factory.ts";
import { eventually, startTestSystem, type TestSystem } from "../helpers/test-system.ts";

const CANARY = "CANARY7c0ffee";
const PREVIOUS = "9753 1864 2097 5318";
const NARRATIVE = `They kept my passport. ${CANARY}-narrative`;
const ADDRESS = `+31 6 ${CANARY}-address`;

let system: TestSystem;
const logs: string[] = [];
const original = { out: process.stdout.write, err: process.stderr.write };

beforeAll(async () => {
  // Everything this process prints while the system runs, the handlers' logs among it.
  const capture = (stream: "out" | "err") =>
    function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
      logs.push(String(chunk));
      return (original[stream] as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
    };
  process.stdout.write = capture("out") as typeof process.stdout.write;
  process.stderr.write = capture("err") as typeof process.stderr.write;
  system = await startTestSystem({ logLevel: "DEBUG" });
});

afterAll(async () => {
  await system.stop();
  process.stdout.write = original.out;
  process.stderr.write = original.err;
});

/** The forms a secret could take at rest or in transit. */
function encodings(secret: string): string[] {
  const forms = new Set<string>();
  for (const variant of [secret, secret.replace(/\s/g, "")]) {
    forms.add(variant);
    forms.add(Buffer.from(variant).toString("base64"));
    forms.add(Buffer.from(variant).toString("base64url"));
    forms.add(Buffer.from(variant).toString("hex"));
  }
  return [...forms];
}

/** Every string in a value, with binary attributes read as text, base64 and hex too. */
function texts(value: unknown, into: string[] = []): string[] {
  if (typeof value === "string") into.push(value);
  else if (value instanceof Uint8Array) {
    const bytes = Buffer.from(value);
    into.push(
      bytes.toString("utf8"),
      bytes.toString("latin1"),
      bytes.toString("base64"),
      bytes.toString("hex"),
    );
  } else if (value && typeof value === "object")
    for (const inner of Object.values(value)) texts(inner, into);
  return into;
}

function expectNowhere(secret: string, haystacks: string[], where: string) {
  for (const form of encodings(secret)) {
    const found = haystacks.find((text) => text.includes(form));
    expect(found, `${where} holds ${secret} as ${form}`).toBeUndefined();
  }
}

describe("a report with canaries in every personal field", () => {
  let receipt = "";
  const envelopes: Record<string, Record<string, unknown>> = {};
  /** what each routed organisation reads of the case through its API */
  const sealedFor: Record<string, { narrative?: string; contact?: string }> = {};
  const dir = mkdtempSync(join(tmpdir(), "intake-age-"));

  beforeAll(async () => {
    const answer = await system.submit(
      aWorkerWhoLostEverything({
        narrative: NARRATIVE,
        contact: { channel: "phone", address: ADDRESS, safeTimes: "evenings", leaveMessage: false },
        previousReceipt: PREVIOUS,
      }),
    );
    expect(answer.status).toBe(201);
    receipt = String(answer.body.receipt);
    await eventually(async () => {
      for (const queue of system.queues) {
        const { organisation } = queue.declaration;
        if (!organisation) continue;
        for (const message of await system.drain(queue.url))
          envelopes[organisation] = JSON.parse(message.Body ?? "{}");
      }
      return Object.keys(envelopes).length >= 3 ? true : undefined;
    });
    // Let the router finish its last writes before the tables are read.
    await eventually(async () =>
      (await system.items()).some((item) => item.state === "routed") ? true : undefined,
    );
    for (const [organisation, envelope] of Object.entries(envelopes)) {
      const client = await staffClient(system, staff(organisation));
      const view = await client.get(`org/cases/${String(envelope.caseId)}`);
      expect(view.status).toBe(200);
      sealedFor[organisation] = view.body.sealed as { narrative?: string; contact?: string };
    }
  });

  it("went to the labour NGO (lead), legal aid and the coordinator", () => {
    expect(Object.keys(envelopes).sort()).toEqual([
      "coordination-centre",
      "labour-ngo",
      "legal-aid",
    ]);
  });

  it("leaves no canary and no receipt in any log line", () => {
    expect(logs.join("").length).toBeGreaterThan(0); // the handlers did log
    for (const secret of [CANARY, PREVIOUS, receipt]) expectNowhere(secret, logs, "a log line");
  });

  it("leaves no canary and no receipt in any DynamoDB attribute", async () => {
    const stored = texts(await system.items());
    expect(stored.length).toBeGreaterThan(10);
    for (const secret of [CANARY, PREVIOUS, receipt]) expectNowhere(secret, stored, "DynamoDB");
  });

  it("leaves no canary and no receipt in any queue message", () => {
    const sent = texts(envelopes);
    for (const secret of [CANARY, PREVIOUS, receipt])
      expectNowhere(secret, sent, "a queue message");
  });

  const decrypt = (organisation: string, armored: string) => {
    try {
      return execFileSync("age", ["--decrypt", "--identity", identityFile(dir, organisation)], {
        input: armored,
        stdio: ["pipe", "pipe", "pipe"],
      }).toString("utf8");
    } catch {
      return null;
    }
  };

  it.each(["labour-ngo", "legal-aid", "coordination-centre"])(
    "lets %s read the narrative with its own key, using the standard age tool",
    (organisation) => {
      const sealed = sealedFor[organisation]?.narrative ?? "";
      expect(sealed).toMatch(/^-----BEGIN AGE ENCRYPTED FILE-----/);
      expect(decrypt(organisation, sealed)).toBe(NARRATIVE);
    },
  );

  it("gives the contact to the lead alone", () => {
    const contact = decrypt("labour-ngo", sealedFor["labour-ngo"]?.contact ?? "");
    expect(JSON.parse(contact ?? "{}")).toEqual({
      channel: "phone",
      address: ADDRESS,
      safeTimes: "evenings",
      leaveMessage: false,
    });
    expect(sealedFor["legal-aid"]?.contact).toBeUndefined();
    expect(sealedFor["coordination-centre"]?.contact).toBeUndefined();
  });

  it("lets no other organisation's key open anything", () => {
    const sealed = Object.values(sealedFor).flatMap((parts) => Object.values(parts));
    expect(sealed.length).toBe(4);
    for (const outsider of ["categorical-shelter", "police-trafficking-unit", "victim-support"]) {
      for (const text of sealed) expect(decrypt(outsider, text ?? "")).toBeNull();
    }
    // and one routed organisation cannot open what was sealed for another
    expect(decrypt("legal-aid", sealedFor["labour-ngo"]?.contact ?? "")).toBeNull();
  });
});
