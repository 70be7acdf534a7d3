/**
 * Environment variables a test file starts each test without, put back as they were after it:
 * for modules that choose their source (AWS or local) from the environment.
 */
import { afterEach, beforeEach } from "vitest";

export function withoutVariables(names: readonly string[]): void {
  let saved: Record<string, string | undefined> = {};
  beforeEach(() => {
    saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
    for (const name of names) delete process.env[name];
  });
  afterEach(() => {
    for (const name of names) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });
}
