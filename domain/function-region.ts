/**
 * The region as the functions get it: everything the region file says but the organisations'
 * alert contacts (`alerts`: staff email addresses and phone numbers). Only the stack needs
 * those, for the SNS subscriptions of each organisation's topic (lib/alerts.ts); a function
 * publishes to the topic and never learns who is subscribed, so no contact is in a code
 * package, and a function that tried to read one would not compile (`alerts?: never`).
 */
import type { Organisation, Region } from "./region.ts";

export type FunctionOrganisation = Omit<Organisation, "alerts"> & { alerts?: never };

export type FunctionRegion = Omit<Region, "organisations"> & {
  organisations: FunctionOrganisation[];
};

/** The file beside each function's bundle that holds its region (lib/function-bundling.ts). */
export const FUNCTION_REGION_FILE = "region.json";

/** The region without its contacts: what is written beside a bundle, and what `intake dev` runs. */
export function functionRegion(region: Region): FunctionRegion {
  return {
    ...region,
    organisations: region.organisations.map(
      ({ alerts: _contacts, ...organisation }) => organisation,
    ),
  };
}
