import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/integration/global-setup.ts"],
    // Child processes (the CLI) and, later, the local emulators make some tests slow to start.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // No skipped or focused test may pass CI quietly.
    allowOnly: false,
  },
});
