/**
 * Reading a region configuration from a file: the one way the command line, `intake dev`, the
 * CDK app and the Lambda functions get their region, so all of them refuse the same mistakes.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { INVALID_REGION_MESSAGE, InvalidInputError } from "../domain/invalid-input.ts";
import { parseRegion, type Region } from "../domain/region.ts";

/** The sample region shipped with the project, used when no region is named. */
export const DEFAULT_REGION_FILE = fileURLToPath(
  new URL("../regions/nl-sample.json", import.meta.url),
);

const unreadable = (message: string) =>
  new InvalidInputError("invalid_region", INVALID_REGION_MESSAGE, [{ path: "", message }]);

export function readRegionFile(file: string = DEFAULT_REGION_FILE): Region {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw unreadable("cannot be read");
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // JSON.parse quotes the input in its message: it is not passed on.
    throw unreadable("is not JSON");
  }
  return parseRegion(json);
}
