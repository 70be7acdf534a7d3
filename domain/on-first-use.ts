/**
 * A value made the first time it is asked for, not when its module loads: for zod schemas.
 * A schema is an object that calls build, and a module-level schema is built at every cold
 * start of every function whose bundle has its module, whether or not that function ever
 * parses with it (a status function built the organisations' schemas, and all seven of the
 * secrets'). esbuild keeps such a schema in a bundle even unused: zod marks its builders
 * `@__NO_SIDE_EFFECTS__`, which esbuild does not carry across modules. So each call is marked
 * with esbuild's `@__PURE__` annotation, which it does honour: a bundle that never asks
 * drops it whole.
 */
export function onFirstUse<T>(make: () => T): () => T {
  let made: T | undefined;
  return () => {
    made ??= make();
    return made;
  };
}
