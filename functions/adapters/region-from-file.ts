/**
 * `#region-source` everywhere but on Lambda (`intake dev`, the command line, the tests): the
 * region file named by `INTAKE_REGION_FILE`, or the sample region, validated as the CDK app
 * validates it, and without the organisations' contacts, as on Lambda.
 */
import { ENV } from "../../config/environment.ts";
import { DEFAULT_REGION_FILE, readRegionFile } from "../../config/region-file.ts";
import { type FunctionRegion, functionRegion } from "../../domain/function-region.ts";

export const readRegion = (): FunctionRegion =>
  functionRegion(readRegionFile(process.env[ENV.regionFile] ?? DEFAULT_REGION_FILE));
