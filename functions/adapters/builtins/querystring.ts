/** aws4's `require("querystring")`, bundled as an import (lib/function-bundling.ts, `BUILTIN_ALIASES`). */
export * from "node:querystring";
