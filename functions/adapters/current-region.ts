/**
 * The region this deployment serves, read once per process (a Lambda cold start, or the local
 * runtime), on first use. On Lambda it is the file beside the bundle, validated at synth; locally
 * and in the tests, the region file (the `#region-source` import, package.json `imports`).
 * Either way without the organisations' contacts (domain/function-region.ts).
 */
import { readRegion } from "#region-source";
import type { FunctionRegion } from "../../domain/function-region.ts";

let region: FunctionRegion | undefined;

export function currentRegion(): FunctionRegion {
  region ??= readRegion();
  return region;
}
