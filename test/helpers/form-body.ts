/**
 * A report as the form without JavaScript posts it (contract section 2b): field names are JSON
 * paths, one pair per list member, a checkbox present when true and absent when false.
 */
export function formBodyOf(report: Record<string, unknown>): string {
  const params = new URLSearchParams();
  const add = (name: string, value: unknown): void => {
    if (Array.isArray(value)) for (const member of value) params.append(name, String(member));
    else if (value !== null && typeof value === "object")
      for (const [key, inner] of Object.entries(value)) add(`${name}.${key}`, inner);
    else if (typeof value === "boolean") {
      if (value) params.append(name, "on");
    } else if (value !== undefined) params.append(name, String(value));
  };
  for (const [name, value] of Object.entries(report)) add(name, value);
  return params.toString();
}

export const FORM_TYPE = "application/x-www-form-urlencoded";
