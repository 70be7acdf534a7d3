/** Regions for tests: the shipped sample, and small made-up ones where a rule needs a shape. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DEFAULT_REGION_FILE, readRegionFile } from "../../config/region-file.ts";
import { parseRegion, type Region, type RegionInput } from "../../domain/region.ts";

type OrganisationInput = RegionInput["organisations"][number];

/** A valid X25519 recipient (one of the public demo keys). */
export const A_RECIPIENT = "age1ggltyp4tq7xgx4hpu4l0jyuc3z9msj79p4fcdyezu7ls8e76s37qjsaetc";

export const sampleRegion: Region = readRegionFile();

/**
 * The sample region's file without its test organisation: the region most integration tests
 * run, where a report marked `test` (sent for the `caseId` its answer names) is routed among
 * the real organisations, as in a region that has no test organisation. Written once a process.
 */
export const sampleWithoutTestOrganisationsFile = (() => {
  let file: string | undefined;
  return (): string => {
    if (file) return file;
    const raw = JSON.parse(readFileSync(DEFAULT_REGION_FILE, "utf8"));
    raw.organisations = raw.organisations.filter((o: { test?: boolean }) => o.test !== true);
    file = path.join(mkdtempSync(path.join(tmpdir(), "region-")), "nl-sample.json");
    writeFileSync(file, JSON.stringify(raw));
    return file;
  };
})();

/** A care organisation everywhere, for every type, adults only, speaking Dutch. */
export function anOrganisation(
  id: string,
  changes: Partial<OrganisationInput> = {},
): OrganisationInput {
  return {
    id,
    name: `Organisation ${id}`,
    kind: "care",
    needs: ["information"],
    exploitation: ["*"],
    municipalities: ["*"],
    languages: ["nl"],
    minors: false,
    recipients: [A_RECIPIENT],
    ...changes,
  };
}

/** The raw input of a small region: coordinator `coord` and the given organisations after it. */
export function aRegionInput(
  organisations: OrganisationInput[] = [],
  changes: Partial<RegionInput> = {},
): RegionInput {
  return {
    id: "test-region",
    name: "Test region",
    locales: ["nl", "en", "ar"],
    quickExitUrl: "https://www.example.org/",
    emergency: { number: "112", hotlines: [] },
    municipalities: [
      { code: "GM0344", name: "Utrecht" },
      { code: "GM0363", name: "Amsterdam" },
    ],
    coordinator: "coord",
    organisations: [
      anOrganisation("coord", { needs: ["information"], minors: true, languages: ["nl", "en"] }),
      ...organisations,
    ],
    retention: { caseDays: 90 },
    escalation: { emergencyUnclaimedMinutes: 30, highUnclaimedHours: 24 },
    ...changes,
  };
}

export function aRegion(
  organisations: OrganisationInput[] = [],
  changes: Partial<RegionInput> = {},
): Region {
  return parseRegion(aRegionInput(organisations, changes));
}

/**
 * Made-up staff contacts, one email address and one number per organisation: example.org
 * addresses, and numbers of the UK's range for drama (Ofcom's 07700 900xxx), which reach nobody.
 */
export const staffContactsOf = (index: number) => ({
  email: [`duty-${index}@example.org`],
  sms: [`+4477009001${String(index).padStart(2, "0")}`],
});

/** The region with staff contacts on every organisation (the sample region has none). */
export function withStaffContacts(region: Region): Region {
  return parseRegion({
    ...region,
    organisations: region.organisations.map((organisation, index) => ({
      ...organisation,
      alerts: staffContactsOf(index),
    })),
  });
}

/** Every contact of the region's organisations. */
export const staffContacts = (region: Region): string[] =>
  region.organisations.flatMap(({ alerts }) => [...(alerts?.email ?? []), ...(alerts?.sms ?? [])]);
