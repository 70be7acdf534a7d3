/**
 * Makes the public demo keys of a sample region: one X25519 age identity per staff member,
 * written to demo/<region>.keys.json, and their recipients written into the region file.
 * Only for regions marked "sample": true; a real region's staff make their own keys with
 * `age-keygen` and ops copy only the public `age1…` line into the region file.
 *
 *   npx tsx scripts/make-demo-keys.ts regions/nl-sample.json
 */
import { readFileSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import { generateX25519Identity, identityToRecipient } from "age-encryption";

const STAFF_PER_ORGANISATION: Record<string, number> = { "coordination-centre": 2 };

const file = process.argv[2];
if (!file) {
  process.stderr.write("usage: tsx scripts/make-demo-keys.ts regions/NAME.json\n");
  process.exit(2);
}
const region = JSON.parse(readFileSync(file, "utf8"));
if (region.sample !== true) {
  process.stderr.write('refused: only a region marked "sample": true gets public demo keys\n');
  process.exit(2);
}

const keys: Record<string, { staff: string; identity: string; recipient: string }[]> = {};
for (const organisation of region.organisations) {
  const staff = [];
  for (let n = 1; n <= (STAFF_PER_ORGANISATION[organisation.id] ?? 1); n++) {
    const identity = await generateX25519Identity();
    staff.push({ staff: `staff-${n}`, identity, recipient: await identityToRecipient(identity) });
  }
  keys[organisation.id] = staff;
  organisation.recipients = staff.map((member) => member.recipient);
}

const out = `demo/${basename(file, ".json")}.keys.json`;
writeFileSync(
  out,
  `${JSON.stringify(
    {
      notice:
        "PUBLIC DEMO KEYS. Anyone can read what is sealed to these identities. They exist for the local demo and the tests of a sample region; a region that uses them cannot be deployed.",
      region: region.id,
      organisations: keys,
    },
    null,
    2,
  )}\n`,
);
writeFileSync(file, `${JSON.stringify(region, null, 2)}\n`);
process.stdout.write(`wrote ${out} and the recipients of ${file}\n`);
