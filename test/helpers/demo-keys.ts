/** The public demo keys of the sample region (demo/nl-sample.keys.json), as the tests use them. */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bech32 } from "@scure/base";
import { armor, Decrypter } from "age-encryption";

interface StaffKey {
  staff: string;
  identity: string;
  recipient: string;
}

const file = JSON.parse(readFileSync("demo/nl-sample.keys.json", "utf8")) as {
  organisations: Record<string, StaffKey[]>;
};

export function demoKeys(organisation: string): StaffKey[] {
  const keys = file.organisations[organisation];
  if (!keys) throw new Error(`No demo keys for ${organisation}.`);
  return keys;
}

/** Writes an organisation's first staff identity as the file `age -i` reads. */
export function identityFile(dir: string, organisation: string): string {
  const [key] = demoKeys(organisation);
  const path = join(dir, `${organisation}.key`);
  writeFileSync(path, `# public key: ${key?.recipient}\n${key?.identity}\n`, { mode: 0o600 });
  return path;
}

/** Opens an armored age message with one identity, as an organisation's staff (or the person) would. */
export async function openSealed(identity: string, armored: string): Promise<string> {
  const decrypter = new Decrypter();
  decrypter.addIdentity(identity);
  return decrypter.decrypt(armor.decode(armored), "text");
}

/** Every form a secret key could leave a page in: as written, and its 32 bytes encoded. */
export function secretForms(identity: string): string[] {
  const { words } = bech32.decode(identity.toLowerCase() as `${string}1${string}`, false);
  const scalar = Buffer.from(bech32.fromWords(words));
  return [
    identity,
    identity.toLowerCase(),
    identity.slice("AGE-SECRET-KEY-1".length, -6), // the data part, without its checksum
    scalar.toString("base64"),
    scalar.toString("base64url"),
    scalar.toString("hex"),
    encodeURIComponent(identity),
  ];
}
