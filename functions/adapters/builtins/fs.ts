/**
 * `node:fs` as the packages import it (lib/function-bundling.ts, `BUILTIN_ALIASES`): the
 * module's own exports, not ESM's facade of it, which reads `fs.promises` and so loads the
 * promises API and what it needs (readline, watchers: about 2 ms of a module load) for the one
 * `readFileSync` the functions call.
 */
export const { readFileSync } = process.getBuiltinModule("node:fs");
