/** The secrets `intake dev --data DIR` keeps: made once, the owner's alone, refused when not. */
import { chmodSync, mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigurationError } from "../../config/environment.ts";
import { dataFolderSecrets, SECRETS_FILE } from "../../local/data-folder.ts";

const folder = () => join(mkdtempSync(join(tmpdir(), "intake-data-")), "data");

describe("the data folder's secrets", () => {
  it("are made the first time, owner-only, and the same on every later start", () => {
    const dir = folder();
    const made = dataFolderSecrets(dir);
    expect(statSync(join(dir, SECRETS_FILE)).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o077).toBe(0);
    expect(dataFolderSecrets(dir)).toEqual(made);
    // The monitor's counters key, its own: not a receipt key.
    expect(made.countersHmacKey).toMatch(/^[A-Za-z0-9+/=]{44}$/);
    expect(Object.values(made.receiptHashKeys)).not.toContain(made.countersHmacKey);
  });

  it("still start from a file made before the counters key, as it was", () => {
    const dir = folder();
    const { countersHmacKey: _, ...before } = dataFolderSecrets(dir);
    writeFileSync(join(dir, SECRETS_FILE), JSON.stringify(before), { mode: 0o600 });
    expect(dataFolderSecrets(dir)).toEqual(before);
  });

  it.each([0o640, 0o604, 0o666])("are refused when the file's mode is %o", (mode) => {
    const dir = folder();
    dataFolderSecrets(dir);
    chmodSync(join(dir, SECRETS_FILE), mode);
    expect(() => dataFolderSecrets(dir)).toThrow(ConfigurationError);
  });

  it.each([
    ["not JSON", "{"],
    ["not secrets", '{"powHmacKey":"short"}'],
  ])("are refused when the file is %s, without quoting it", (_, text) => {
    const dir = folder();
    dataFolderSecrets(dir);
    writeFileSync(join(dir, SECRETS_FILE), text, { mode: 0o600 });
    expect(() => dataFolderSecrets(dir)).toThrow(ConfigurationError);
    try {
      dataFolderSecrets(dir);
    } catch (error) {
      expect((error as Error).message).not.toContain(text);
    }
  });
});
