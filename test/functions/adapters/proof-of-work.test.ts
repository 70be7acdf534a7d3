import { createHash } from "node:crypto";
import { createChallenge } from "altcha-lib/v1";
import { describe, expect, it } from "vitest";
import {
  checkProof,
  issueChallenge,
  POW_MAX_NUMBER,
  solveChallenge,
} from "../../../functions/adapters/proof-of-work.ts";

const KEY = "a-test-hmac-key-of-enough-length-000000";

describe("the proof of work", () => {
  it("issues the pinned challenge: SHA-256, below 100,000, expiring in ten minutes", async () => {
    const now = Date.now();
    const challenge = await issueChallenge(KEY, now);
    expect(challenge).toMatchObject({ algorithm: "SHA-256", maxnumber: POW_MAX_NUMBER });
    const expires = Number(new URLSearchParams(challenge.salt.split("?")[1]).get("expires"));
    expect(expires).toBe(Math.floor((now + 10 * 60_000) / 1000));
  });

  it("accepts a solved challenge once checked, with a stable challenge id", async () => {
    const proof = solveChallenge(await issueChallenge(KEY, Date.now()));
    const checked = await checkProof(proof, KEY);
    expect(checked?.challengeId).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await checkProof(proof, KEY))?.challengeId).toBe(checked?.challengeId);
  });

  it.each([
    [
      "signed with another key",
      async () => solveChallenge(await issueChallenge("other", Date.now())),
    ],
    [
      "expired",
      async () =>
        solveChallenge(
          await createChallenge({
            hmacKey: KEY,
            maxnumber: 100,
            expires: new Date(Date.now() - 1),
          }),
        ),
    ],
    [
      "with a wrong number",
      async () => {
        const proof = JSON.parse(
          Buffer.from(solveChallenge(await issueChallenge(KEY, Date.now())), "base64").toString(),
        );
        return Buffer.from(JSON.stringify({ ...proof, number: proof.number + 1 })).toString(
          "base64",
        );
      },
    ],
    [
      "of another algorithm (a correct SHA-1 solution)",
      async () => {
        const challenge = await createChallenge({
          hmacKey: KEY,
          maxnumber: 100,
          algorithm: "SHA-1",
        });
        let number = 0;
        while (
          createHash("sha1")
            .update(challenge.salt + number)
            .digest("hex") !== challenge.challenge
        )
          number++;
        return Buffer.from(JSON.stringify({ ...challenge, number })).toString("base64");
      },
    ],
    ["not base64 JSON", async () => "%%%"],
  ])("refuses a proof %s", async (_, make) => {
    expect(await checkProof(await make(), KEY)).toBeNull();
  });
});
