/**
 * What the Lambda packages carry in place of the curve code age would never run here, swapped
 * in by the bundle's aliases (lib/function-bundling.ts, `AGE_ALIASES`); the tests run the real
 * modules, and test/lib/function-bundling.test.ts seals and opens with the bundled age.
 * - The curves of age's post-quantum and P-256 recipient kinds (`age1pq1…`, `age1tag1…`): the
 *   region check refuses every recipient but X25519 (domain/region.ts), since the `age` tool
 *   organisations decrypt with reads only that, so the functions never seal to them.
 * - The pure-JavaScript X25519: age uses it only where WebCrypto has no X25519, and Node's
 *   WebCrypto has it (every Node.js runtime Lambda offers). Only its base point is read.
 * Together 100 KB of every package that seals, and their set-up at load.
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

const noWebCrypto = (): never => {
  throw new Error("X25519 needs WebCrypto, which this runtime lacks.");
};

/** In place of `@noble/curves/ed25519.js`: X25519's base point (u = 9), for WebCrypto. */
export const x25519 = {
  GuBytes: Uint8Array.from({ length: 32 }, (_, index) => (index === 0 ? 9 : 0)),
  scalarMult: noWebCrypto,
  scalarMultBase: noWebCrypto,
} as const;
