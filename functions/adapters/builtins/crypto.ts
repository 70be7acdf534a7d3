/**
 * `node:crypto` as the packages import it (lib/function-bundling.ts, `BUILTIN_ALIASES`): the
 * module's own exports, not ESM's facade of it. The facade reads every export once, and reading
 * `webcrypto` loads Node's WebCrypto, about 1.5 ms of a module load, before anything asks for it.
 * The names are those the bundled code imports; a new one fails the build, not a call.
 */
const crypto = process.getBuiltinModule("node:crypto");

export const {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hkdfSync,
  randomBytes,
  randomInt,
  randomUUID,
  scrypt,
} = crypto;
export default crypto;
