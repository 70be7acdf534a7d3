/**
 * age's ASCII armor alone (`-----BEGIN AGE ENCRYPTED FILE-----`, what `age -d` reads from a
 * pipe): the organisations' function only armors what the case keeps and reads the armor of
 * what organisations send, so it bundles this and not age's encryption (adapters/seal.ts).
 */
import { armor } from "age-encryption";
import type { Armor } from "../ports/crypto.ts";

function dearmor(text: string): Uint8Array | null {
  try {
    return armor.decode(text);
  } catch {
    return null;
  }
}

export const ageArmor: Armor = { armor: (file) => armor.encode(file), dearmor };
