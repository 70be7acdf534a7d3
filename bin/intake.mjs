#!/usr/bin/env node
// The `intake` command. The project runs its TypeScript as it is (no build step), so this shim
// registers tsx's loader before it hands over to the command line in cli/intake.ts.
import { setFlagsFromString } from "node:v8";
import { register } from "tsx/esm/api";

// The AWS SDK warns on every client made on Node 20 that its 2027 releases will need Node 22.
// The lockfile pins a release that supports Node 20; the warning would only bury the output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
// tsx's loader runs in a thread of its own (module.register), with a V8 heap of its own. Its
// young generation grew to 2 × 16 MiB while it compiled the project at the start, and stayed so
// long after: 47 MB of heap for 22 MB in use, in every `intake` process. Semi-spaces of 1 MiB
// for the isolates made from now on, that thread's only: this one's heap was sized when it
// started, and V8 reads the flag when it sizes a heap.
setFlagsFromString("--max-semi-space-size=1");
register();
await import("../cli/intake.ts");
