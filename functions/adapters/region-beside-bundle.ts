/**
 * `#region-source` on Lambda: the region is a file beside the bundle (`/var/task/region.json`,
 * written there by lib/function-bundling.ts from the region validated at synth, without the
 * organisations' contacts). It is read once, on first use: 20 KB of JSON with the sample
 * region's texts in 12 locales parse in about 0.2 ms, so it is not split per locale.
 */
import { readFileSync } from "node:fs";
import { FUNCTION_REGION_FILE, type FunctionRegion } from "../../domain/function-region.ts";
import { packageFile } from "./package-files.ts";

export const readRegion = (): FunctionRegion =>
  JSON.parse(readFileSync(packageFile(FUNCTION_REGION_FILE), "utf8")) as FunctionRegion;
