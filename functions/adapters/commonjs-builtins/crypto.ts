/** aws4's `require("crypto")`, bundled as an import (lib/function-bundling.ts, `BUILTIN_ALIASES`). */
export * from "node:crypto";
