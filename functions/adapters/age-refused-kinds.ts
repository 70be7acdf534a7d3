/**
 * What the Lambda packages carry in place of the curves behind age's post-quantum and P-256
 * recipient kinds (`age1pq1…`, `age1tag1…`): the region check refuses every recipient but X25519
 * (domain/region.ts), since the `age` tool organisations decrypt with reads only that, so the
 * functions never seal to them. Swapped in by the bundle's aliases (lib/function-bundling.ts,
 * `AGE_ALIASES`), it saves 80 KB of every package that seals; the tests run the real modules,
 * and test/lib/function-bundling.test.ts seals and opens with the bundled age.
 */
const refused = (): never => {
  throw new Error("This age recipient kind is refused: only X25519 recipients are sealed to.");
};

/** In place of `@noble/post-quantum/hybrid.js`: the two hybrid KEMs age names. */
export const MLKEM768X25519 = {
  getPublicKey: refused,
  encapsulate: refused,
  decapsulate: refused,
} as const;
export const MLKEM768P256 = MLKEM768X25519;

/** In place of `@noble/curves/nist.js`: the P-256 curve of age's tag recipients. */
export const p256 = {
  lengths: { publicKeyUncompressed: 65 },
  Point: { fromBytes: refused },
  utils: { randomSecretKey: refused },
  getPublicKey: refused,
  getSharedSecret: refused,
} as const;
