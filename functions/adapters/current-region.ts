/**
 * The region this deployment serves, read once per process (a Lambda cold start, or the local
 * runtime). On AWS the validated region is inlined into the bundle at synth; locally and in the
 * tests it is read from a file.
 */

import { ENV } from "../../config/environment.ts";
import { DEFAULT_REGION_FILE, readRegionFile } from "../../config/region-file.ts";
import { parseRegion, type Region } from "../../domain/region.ts";

let region: Region | undefined;

export function currentRegion(): Region {
  if (!region) {
    // esbuild's `define` replaces this exact dotted expression with the region (lib/intake-function.ts).
    const inlined = process.env.INTAKE_REGION_JSON;
    region = inlined
      ? parseRegion(JSON.parse(inlined))
      : readRegionFile(process.env[ENV.regionFile] ?? DEFAULT_REGION_FILE);
  }
  return region;
}
