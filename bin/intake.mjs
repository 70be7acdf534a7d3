#!/usr/bin/env node
// The `intake` command. The project runs its TypeScript as it is (no build step), so this shim
// registers tsx's loader before it hands over to the command line in cli/intake.ts.
import { register } from "tsx/esm/api";

register();
await import("../cli/intake.ts");
