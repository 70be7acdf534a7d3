/**
 * Schema parts the region's and the report's schemas share, in zod/mini's functional form: the
 * functions bundle only the parts of zod they call (lib/function-bundling.ts).
 */
import * as z from "zod/mini";

/** A list whose items are unique, of `min` (and at most `max`) items when they are given. */
export const uniqueList = <T extends z.core.SomeType>(item: T, min?: number, max?: number) =>
  z.array(item).check(
    z.refine((values) => new Set(values).size === values.length, {
      message: "must not repeat a value",
    }),
    ...(min === undefined ? [] : [z.minLength(min)]),
    ...(max === undefined ? [] : [z.maxLength(max)]),
  );
