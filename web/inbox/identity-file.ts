/**
 * An age identity file as `age-keygen -o key.txt` writes it (and `age -i` reads it): comment
 * lines (`# created: …`, `# public key: age1…`) and one `AGE-SECRET-KEY-1…` line per key.
 * The same reading as `cli/pull-envelopes.ts`'s `identitiesIn`, kept here without Node's
 * file system so that it runs in the browser.
 */

/** The X25519 identities of an identity file, in its order; comments and blanks ignored. */
export function identitiesIn(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.startsWith("AGE-SECRET-KEY-1"));
}

/** A key file is a few hundred bytes; anything much larger is the wrong file. */
export const IDENTITY_FILE_MAX_BYTES = 64 * 1024;
