/**
 * The inbox list (`GET /api/v1/org/cases`) on the real local system: its rows (needs, languages,
 * municipality, who claimed it, the others, the markers), its filters and their refusals, and
 * its `ETag` / `If-None-Match` (304) for the inbox's poll. Prints how long a list of 50 cases
 * takes here (a figure, never asserted).
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assignmentStore } from "../../functions/adapters/dynamo-assignments.ts";
import { caseStore } from "../../functions/adapters/dynamo-cases.ts";
import { type OrgClient, staff, staffClient } from "../helpers/org-client.ts";
import { aWorkerWhoLostEverything } from "../helpers/report-factory.ts";
import { startTestSystem, type TestSystem } from "../helpers/test-system.ts";

let system: TestSystem;
let ana: OrgClient;
let bo: OrgClient;

beforeAll(async () => {
  system = await startTestSystem();
  [ana, bo] = await Promise.all([
    staffClient(system, staff("labour-ngo", "Ana")),
    staffClient(system, staff("labour-ngo", "Bo")),
  ]);
});
afterAll(() => system.stop());

const routedCase = () => system.routedCase({ ...aWorkerWhoLostEverything(), test: true });

/** The list as the inbox fetches it, with the tag it last saw. */
const fetchList = (client: OrgClient, query = "", ifNoneMatch?: string) =>
  fetch(`${system.url}/api/v1/org/cases${query}`, {
    headers: {
      Authorization: `Bearer ${client.token}`,
      ...(ifNoneMatch ? { "If-None-Match": ifNoneMatch } : {}),
    },
  });

type Row = Record<string, unknown> & { caseId: string };
const rowsOf = async (client: OrgClient, query = "") => {
  const answer = await client.get(`org/cases${query}`);
  expect(answer.status).toBe(200);
  return answer.body.cases as Row[];
};

describe("the inbox list's rows", () => {
  it("tells the needs, languages, municipality, the others, who claimed it, and a read case's readAt", async () => {
    const { caseId } = await routedCase();
    const before = (await rowsOf(ana)).find((row) => row.caseId === caseId);
    expect(before).toMatchObject({
      live: true,
      contactLanguages: ["pl"],
      municipality: "GM0344",
      newReply: false,
      fromOthers: false,
    });
    expect(((before?.needs ?? []) as string[]).length).toBeGreaterThan(0);
    expect(before?.others).toEqual(
      expect.arrayContaining([expect.objectContaining({ organisation: "legal-aid" })]),
    );
    expect(before).not.toHaveProperty("claimedBy");

    expect((await ana.post(`org/cases/${caseId}/claim`)).status).toBe(200);
    expect((await bo.get(`org/cases/${caseId}`)).status).toBe(200);
    const after = (await rowsOf(ana)).find((row) => row.caseId === caseId);
    expect(after).toMatchObject({ claimedBy: "Ana", state: "claimed" });
    expect(after?.readAt).toEqual(expect.any(Number));

    expect((await rowsOf(ana, "?claimed=me")).map((row) => row.caseId)).toContain(caseId);
    expect((await rowsOf(bo, "?claimed=me")).map((row) => row.caseId)).not.toContain(caseId);
    expect((await rowsOf(bo, "?claimed=nobody")).map((row) => row.caseId)).not.toContain(caseId);
    const need = String(((after?.needs ?? []) as string[])[0]);
    expect((await rowsOf(ana, `?need=${need}`)).map((row) => row.caseId)).toContain(caseId);
  });

  it.each([
    ["a need that is not one", "?need=flying"],
    ["an empty need", "?need="],
    ["claimed by someone named", "?claimed=Ana"],
    ["claimed in capitals", "?claimed=ME"],
    ["a filter the list does not know", "?claimedBy=me"],
  ])("refuses %s with 400 in the contract's shape", async (_name, query) => {
    const answer = await ana.get(`org/cases${query}`);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: { code: "invalid_request" } });
  });
});

describe("the inbox list's ETag", () => {
  it("answers 304 with no body while the list is the same, and 200 with a new tag once it changed", async () => {
    await routedCase();
    const first = await fetchList(ana);
    const tag = first.headers.get("etag");
    expect(first.status).toBe(200);
    expect(tag).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
    await first.text();

    for (const asked of [tag, `W/${tag}`, `"other", ${tag}`]) {
      const same = await fetchList(ana, "", String(asked));
      expect(same.status).toBe(304);
      expect(same.headers.get("etag")).toBe(tag);
      expect(same.headers.get("cache-control")).toBe("no-store");
      expect(await same.text()).toBe("");
    }
    const filtered = await fetchList(ana, "?claimed=me", String(tag));
    expect(filtered.status).toBe(200);
    await filtered.text();

    const { caseId } = await routedCase();
    const changed = await fetchList(ana, "", String(tag));
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(tag);
    const body = (await changed.json()) as { cases: Row[] };
    expect(body.cases.map((row) => row.caseId)).toContain(caseId);
  });

  it("answers a stale tag with the whole list", async () => {
    const answer = await fetchList(ana, "", '"stale"');
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { cases: Row[] }).cases.length).toBeGreaterThan(0);
  });
});

async function medianOf5(run: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let round = 0; round < 5; round++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[2] ?? Number.NaN;
}

describe("the list of 50 cases", () => {
  it("lists them all, and prints how long it takes here", async () => {
    const { caseId } = await routedCase();
    const record = await caseStore.get(caseId, Date.now());
    const assignments = await assignmentStore.ofCase(caseId);
    if (!record) throw new Error("The routed case is not stored.");
    // Copies of a real routed case, with its assignments, each under an id of its own.
    const copies = Array.from({ length: 50 }, () => randomUUID());
    await Promise.all(
      copies.map(async (copy) => {
        await caseStore.create({ ...record, caseId: copy });
        for (const assignment of assignments)
          await assignmentStore.create({ ...assignment, caseId: copy, envelopeId: randomUUID() });
      }),
    );
    const listed = await rowsOf(ana);
    expect(listed.length).toBeGreaterThanOrEqual(50);
    expect(listed.map((row) => row.caseId)).toEqual(expect.arrayContaining(copies));

    // Beside a baseline of the same run: the same call's path without the rows (GET /org/me),
    // and the inbox index's query alone (what the list read before its rows read their cases).
    const figures = {
      list: await medianOf5(async () => (await fetchList(ana)).text()),
      me: await medianOf5(() => ana.get("org/me")),
      index: await medianOf5(() => assignmentStore.ofOrganisation("labour-ngo")),
    };
    console.info(
      `GET /org/cases of ${listed.length} cases on the local emulators: median ${figures.list.toFixed(1)} ms; baseline GET /org/me ${figures.me.toFixed(1)} ms, inbox index query alone ${figures.index.toFixed(1)} ms`,
    );
  });
});
