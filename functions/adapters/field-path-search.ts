/**
 * What the Lambda packages carry in place of powertools' JMESPath engine
 * (`@aws-lambda-powertools/jmespath`, 23 KB and its set-up at load), swapped in by the bundle's
 * aliases (lib/function-bundling.ts). Powertools' idempotency calls it only with the paths of
 * functions/wiring/intake.ts (`submissionId`, `body`): a plain field path, which this answers as
 * JMESPath does (the value, or null when a step is missing). Any other expression is refused, so
 * a JMESPath feature added to those settings fails at once, in the bundle test, not quietly.
 */
const FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** JMESPath's `search`, for an expression of plain fields (`a` or `a.b`). */
export function search(expression: string, data: unknown): unknown {
  const fields = expression.split(".");
  if (!fields.every((field) => FIELD.test(field)))
    throw new Error(`Only plain field paths are searched in the functions: ${expression}`);
  let value: unknown = data;
  for (const field of fields) {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return null;
    value = (value as Record<string, unknown>)[field] ?? null;
  }
  return value;
}

/** In place of powertools' custom JMESPath functions: none is called by a plain field path. */
export class PowertoolsFunctions {}
