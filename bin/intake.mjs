#!/usr/bin/env node
// The `intake` command. The project runs its TypeScript as it is (no build step), so this shim
// registers tsx's loader before it hands over to the command line in cli/intake.ts.
import { register } from "tsx/esm/api";

// The AWS SDK warns on every client made on Node 20 that its 2027 releases will need Node 22.
// The lockfile pins a release that supports Node 20; the warning would only bury the output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
register();
await import("../cli/intake.ts");
