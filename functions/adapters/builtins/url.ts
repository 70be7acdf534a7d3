/** aws4's `require("url")`, bundled as an import (lib/function-bundling.ts, `BUILTIN_ALIASES`). */
export * from "node:url";
