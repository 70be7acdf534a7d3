import { describe, expect, it } from "vitest";
import type { Caller } from "../../../functions/ports/access.ts";
import {
  authenticate,
  DEFAULT_TOKEN_DAYS,
  issueCredential,
  MAX_TOKEN_DAYS,
  REQUESTS_PER_MINUTE,
  revokeCredentials,
  tokenHash,
} from "../../../functions/use-cases/credentials.ts";
import { inMemoryAuditLog, inMemoryCredentials } from "../../helpers/in-memory/access.ts";

const NOW = Date.UTC(2025, 2, 3, 9, 0, 0);
const DAY = 86_400_000;
const ANNA: Caller = { kind: "staff", organisation: "shelter", name: "anna" };
const OPS: Caller = { kind: "ops", name: "olga" };

const deps = () => ({ credentials: inMemoryCredentials(), audit: inMemoryAuditLog() });
const bearer = (token: string) => `Bearer ${token}`;

describe("issuing a credential", () => {
  it("shows the token once and keeps only its hash, writing the issue to the holder's trail", async () => {
    const d = deps();
    const { token, expiresAt } = await issueCredential(d, ANNA, DEFAULT_TOKEN_DAYS, NOW);
    expect(token).toMatch(/^intake_[A-Za-z0-9_-]{43}$/);
    expect(expiresAt).toBe(NOW / 1000 + DEFAULT_TOKEN_DAYS * 86_400);
    const kept = await d.credentials.find(tokenHash(token), NOW);
    expect(kept).toMatchObject({ tokenHash: tokenHash(token), caller: ANNA, issuedAt: NOW });
    expect(JSON.stringify(kept)).not.toContain(token);
    expect(await d.audit.list("shelter", 10)).toEqual([
      {
        at: NOW,
        organisation: "shelter",
        actor: "ops",
        action: "token_issued",
        detail: { holder: "anna", days: String(DEFAULT_TOKEN_DAYS) },
      },
    ]);
  });

  it("issues different tokens each time, and an ops credential to the ops trail", async () => {
    const d = deps();
    const first = await issueCredential(d, OPS, 1, NOW);
    const second = await issueCredential(d, OPS, 1, NOW);
    expect(first.token).not.toBe(second.token);
    expect(await d.audit.list("ops", 10)).toHaveLength(2);
  });

  it(`never lasts more than ${MAX_TOKEN_DAYS} days`, async () => {
    const d = deps();
    const { token, expiresAt } = await issueCredential(d, ANNA, 10_000, NOW);
    expect(expiresAt).toBe(NOW / 1000 + MAX_TOKEN_DAYS * 86_400);
    expect((await authenticate(d, bearer(token), NOW + MAX_TOKEN_DAYS * DAY - 1000)).ok).toBe(true);
    expect(await authenticate(d, bearer(token), NOW + MAX_TOKEN_DAYS * DAY)).toEqual({
      ok: false,
      problem: "unauthorized",
    });
  });
});

describe("authenticating a request", () => {
  it("finds the credential behind a valid bearer token", async () => {
    const d = deps();
    const { token } = await issueCredential(d, ANNA, 30, NOW);
    const auth = await authenticate(d, bearer(token), NOW);
    expect(auth).toMatchObject({ ok: true, credential: { caller: ANNA } });
  });

  it.each([
    ["no header", undefined],
    ["an empty header", ""],
    ["another scheme", "Basic dXNlcjpwYXNz"],
    ["a token of the wrong shape", "Bearer intake_short"],
    ["a token without the prefix", `Bearer ${"a".repeat(50)}`],
    ["an unknown token of the right shape", `Bearer intake_${"A".repeat(43)}`],
    ["two tokens", `Bearer intake_${"A".repeat(43)} intake_${"B".repeat(43)}`],
  ])("refuses %s as unauthorized", async (_, header) => {
    const d = deps();
    await issueCredential(d, ANNA, 30, NOW);
    expect(await authenticate(d, header, NOW)).toEqual({ ok: false, problem: "unauthorized" });
  });

  it("gives an expired, a revoked and an unknown token the same answer", async () => {
    const d = deps();
    const expired = (await issueCredential(d, OPS, 1, NOW)).token;
    const revoked = (await issueCredential(d, ANNA, 30, NOW)).token;
    await revokeCredentials(d, ANNA, NOW);
    const later = NOW + 2 * DAY;
    const answers = await Promise.all(
      [expired, revoked, `intake_${"Z".repeat(43)}`].map((token) =>
        authenticate(d, bearer(token), later),
      ),
    );
    expect(new Set(answers.map((answer) => JSON.stringify(answer)))).toEqual(
      new Set([JSON.stringify({ ok: false, problem: "unauthorized" })]),
    );
  });

  it(`lets ${REQUESTS_PER_MINUTE} requests a minute through, then says to slow down until the next minute`, async () => {
    const d = deps();
    const { token } = await issueCredential(d, ANNA, 30, NOW);
    const other = (await issueCredential(d, ANNA, 30, NOW)).token;
    for (let request = 0; request < REQUESTS_PER_MINUTE; request++)
      expect((await authenticate(d, bearer(token), NOW + request)).ok).toBe(true);
    expect(d.credentials.requestsIn(tokenHash(token), NOW)).toBe(REQUESTS_PER_MINUTE);
    expect(await authenticate(d, bearer(token), NOW + 59_000)).toEqual({
      ok: false,
      problem: "too_many_requests",
    });
    // Each token has its own limit; the next minute starts again.
    expect((await authenticate(d, bearer(other), NOW + 59_000)).ok).toBe(true);
    expect((await authenticate(d, bearer(token), NOW + 60_000)).ok).toBe(true);
  });
});

describe("revoking credentials", () => {
  it("revokes every token of one holder, and only theirs, and says how many", async () => {
    const d = deps();
    const anna = [
      (await issueCredential(d, ANNA, 30, NOW)).token,
      (await issueCredential(d, ANNA, 90, NOW)).token,
    ];
    const namesake = (
      await issueCredential(d, { kind: "staff", organisation: "legal", name: "anna" }, 30, NOW)
    ).token;
    expect(await revokeCredentials(d, ANNA, NOW + 1000)).toBe(2);
    for (const token of anna)
      expect((await authenticate(d, bearer(token), NOW + 2000)).ok).toBe(false);
    expect((await authenticate(d, bearer(namesake), NOW + 2000)).ok).toBe(true);
    // Revoking again finds nothing left to revoke, and says so in the trail.
    expect(await revokeCredentials(d, ANNA, NOW + 3000)).toBe(0);
    const trail = await d.audit.list("shelter", 10);
    expect(trail.map((entry) => [entry.action, entry.detail?.count])).toEqual([
      ["token_revoked", "0"],
      ["token_revoked", "2"],
      ["token_issued", undefined],
      ["token_issued", undefined],
    ]);
  });
});
