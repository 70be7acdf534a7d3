/**
 * A report as the form without JavaScript posts it (contract section 2b): field names are JSON
 * paths, one pair per list member, a checkbox present when true and absent when false.
 */
export function formBodyOf(report: Record<string, unknown>): string {
  return new URLSearchParams(
    Object.entries(report).flatMap(([name, value]) => pairsOf(name, value)),
  ).toString();
}

function pairsOf(name: string, value: unknown): [string, string][] {
  if (Array.isArray(value)) return value.map((member) => [name, String(member)]);
  if (value !== null && typeof value === "object")
    return Object.entries(value).flatMap(([key, inner]) => pairsOf(`${name}.${key}`, inner));
  if (typeof value === "boolean") return value ? [[name, "on"]] : [];
  return value === undefined ? [] : [[name, String(value)]];
}

export const FORM_TYPE = "application/x-www-form-urlencoded";
