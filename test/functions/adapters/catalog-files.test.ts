/** The Lambda source of catalogs: the files beside the bundle, read once per locale. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogOf } from "../../../functions/adapters/catalog-files.ts";
import { copyCatalogs } from "../../../lib/function-bundling.ts";
import { sampleRegion } from "../../helpers/synth.ts";

const taskRoot = mkdtempSync(path.join(tmpdir(), "intake-task-"));
const saved = process.env.LAMBDA_TASK_ROOT;

beforeAll(() => {
  copyCatalogs(sampleRegion(), taskRoot);
  process.env.LAMBDA_TASK_ROOT = taskRoot;
});
afterAll(() => {
  if (saved === undefined) delete process.env.LAMBDA_TASK_ROOT;
  else process.env.LAMBDA_TASK_ROOT = saved;
  rmSync(taskRoot, { recursive: true, force: true });
});

describe("catalogOf (Lambda)", () => {
  it.each(sampleRegion().locales)("reads the %s catalog shipped beside the bundle", (locale) => {
    expect(catalogOf(locale)?.["page.title"]).toEqual(expect.any(String));
  });

  it("reads a catalog once, then answers from memory", () => {
    const first = catalogOf("en");
    writeFileSync(path.join(taskRoot, "locales", "en.json"), "{}");
    expect(catalogOf("en")).toBe(first);
  });

  it.each(["xx", "../en", "en/../en", "", "EN"])(
    "has no catalog for %j (no file, or not a locale code)",
    (locale) => {
      expect(catalogOf(locale)).toBeUndefined();
    },
  );
});
