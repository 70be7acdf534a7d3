import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decide } from "../../domain/route.ts";
import { SUPPORTED_LOCALES } from "../../domain/vocabulary.ts";
import { sampleRegion } from "../helpers/region-factory.ts";
import { aReport, aWorkerWhoLostEverything } from "../helpers/report-factory.ts";
import { type Run, runIntake } from "../helpers/run-intake.ts";

const dir = mkdtempSync(join(tmpdir(), "intake-cli-"));
function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

/** Exit 2, nothing on standard output, and the contract's error shape on standard error. */
function expectInvalid(run: Run, code: string) {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe("");
  const body = JSON.parse(run.stderr);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe("string");
  expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  return body.error as { fields?: { path: string; message: string }[] };
}

const CANARY = "CANARY-c1i";

describe.concurrent("intake triage", () => {
  it("prints the decision of one report, read from a file", async ({ expect }) => {
    const run = await runIntake(["triage", file("one.json", aWorkerWhoLostEverything())]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(decide(aWorkerWhoLostEverything(), sampleRegion));
    expect(JSON.parse(run.stdout).routing.lead).toBe("labour-ngo");
  });

  it("prints an array of decisions, in order, for an array read from standard input", async ({
    expect,
  }) => {
    const reports = [
      aReport({ inDanger: "yes" }),
      aReport({ needs: ["information"] }),
      aWorkerWhoLostEverything(),
    ];
    const run = await runIntake(["triage", "-"], JSON.stringify(reports));
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(reports.map((report) => decide(report, sampleRegion)));
  });

  it("reads standard input when no file is named", async ({ expect }) => {
    const run = await runIntake(["triage"], JSON.stringify(aReport()));
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).triage.reasons).toEqual(["S1"]);
  });

  it("prints [] for an empty array", async ({ expect }) => {
    const run = await runIntake(["triage", "-"], "[]");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([]);
  });

  it("uses the region named with --region", async ({ expect }) => {
    const region = JSON.parse(readFileSync("regions/nl-sample.json", "utf8"));
    region.coordinator = "victim-support";
    const run = await runIntake(
      ["triage", "--region", file("region.json", region)],
      JSON.stringify(aReport()),
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).routing.organisations).toEqual(["victim-support"]);
  });

  it.for<[string, string, { path: string; message: string }[]]>([
    ["empty input", "", [{ path: "", message: "is empty" }]],
    ["blank input", " \n\t", [{ path: "", message: "is empty" }]],
    ["input that is not JSON", `{"narrative": "${CANARY}`, [{ path: "", message: "is not JSON" }]],
    ["a JSON number", "42", [{ path: "", message: "must be an object" }]],
    ["JSON null", "null", [{ path: "", message: "must be an object" }]],
    ["a JSON string", `"${CANARY}"`, [{ path: "", message: "must be an object" }]],
  ])("refuses %s with exit 2", async ([, input, fields], { expect }) => {
    const error = expectInvalid(await runIntake(["triage", "-"], input), "invalid_report");
    expect(error.fields).toEqual(fields);
    expect(JSON.stringify(error)).not.toContain(CANARY);
  });

  it("refuses an array with an invalid member, naming the member's index, and prints nothing", async ({
    expect,
  }) => {
    const reports = [
      aReport(),
      aReport(),
      aReport(),
      { ...aReport(), contact: { channel: "phone", leaveMessage: true } },
      { ...aReport(), minor: "x" },
    ];
    const error = expectInvalid(
      await runIntake(["triage", "-"], JSON.stringify(reports)),
      "invalid_report",
    );
    expect(error.fields).toEqual([
      { path: "3.contact.address", message: "is required for this channel" },
      { path: "4.minor", message: "is not one of the allowed values" },
    ]);
  });

  it("lists every field at fault, never echoing the input", async ({ expect }) => {
    const input = {
      ...aReport(),
      inDanger: CANARY,
      narrative: CANARY.repeat(500),
      previousReceipt: CANARY,
      [CANARY]: 1,
      __proto__: { polluted: true },
      extra: "x",
    };
    const text = JSON.stringify(input).replace('"extra"', '"__proto__":{"polluted":true},"extra"');
    const error = expectInvalid(await runIntake(["triage", "-"], text), "invalid_report");
    expect(error.fields?.map((field) => field.path)).toEqual([
      "inDanger",
      "narrative",
      "previousReceipt",
      "",
      "__proto__",
      "extra",
    ]);
    expect(JSON.stringify(error)).not.toContain(CANARY);
  });

  it("refuses an unknown option and a second input file", async () => {
    expectInvalid(await runIntake(["triage", "--regoin", "x"]), "usage");
    expectInvalid(await runIntake(["triage", "a.json", "b.json"]), "usage");
  });

  it("refuses an input file that cannot be read", async () => {
    expectInvalid(await runIntake(["triage", join(dir, "missing.json")]), "usage");
  });

  it("refuses to triage against an invalid region", async ({ expect }) => {
    const error = expectInvalid(
      await runIntake(
        ["triage", "--region", file("bad-region.json", { id: "x" })],
        JSON.stringify(aReport()),
      ),
      "invalid_region",
    );
    expect(error.fields?.length).toBeGreaterThan(5);
  });
});

describe.concurrent("intake region check", () => {
  it("accepts the sample region", async ({ expect }) => {
    const run = await runIntake(["region", "check", "regions/nl-sample.json"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      ok: true,
      region: "nl-sample",
      sample: true,
      organisations: 13,
      testOrganisations: ["ops-test"],
    });
    expect(run.stderr).not.toContain("canary");
  });

  it("warns, and passes, when the canary would reach real organisations", async ({ expect }) => {
    const region = JSON.parse(readFileSync("regions/nl-sample.json", "utf8"));
    region.organisations = region.organisations.filter((o: { test?: boolean }) => !o.test);
    const run = await runIntake(["region", "check", file("no-test-org.json", region)]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, testOrganisations: [] });
    expect(run.stderr).toMatch(
      /^warning: the canary runs every 60 minutes and no organisation is marked "test": true/m,
    );
  });

  it("lists every error of a region file", async ({ expect }) => {
    const region = JSON.parse(readFileSync("regions/nl-sample.json", "utf8"));
    region.coordinator = "no-such-organisation";
    const unknownAt = region.locales.push("xx") - 1;
    region.organisations[2].id = region.organisations[1].id;
    region.organisations[3].municipalities = ["GM0000"];
    region.organisations[4].recipients = ["age1pq1notakey"];
    const error = expectInvalid(
      await runIntake(["region", "check", file("broken.json", region)]),
      "invalid_region",
    );
    expect(error.fields).toEqual([
      { path: `locales.${unknownAt}`, message: "is not one of the allowed values" },
      { path: "organisations.4.recipients.0", message: "must be an X25519 age recipient (age1…)" },
      { path: "organisations.2.id", message: "is used by two organisations" },
      { path: "organisations.3.municipalities.0", message: "is not declared in municipalities" },
      { path: "coordinator", message: "must be the id of one of the organisations" },
    ]);
  });

  it("reports which locales lack which texts, and passes: they fall back to the first language", async ({
    expect,
  }) => {
    // pt and tr once they are supported (issue 16); two other locales until then.
    const supported: readonly string[] = SUPPORTED_LOCALES;
    const [none, some] = ["pt", "tr"].every((locale) => supported.includes(locale))
      ? ["pt", "tr"]
      : ["es", "fr"];
    const region = JSON.parse(readFileSync("regions/nl-sample.json", "utf8"));
    const first = region.locales[0];
    region.locales = [first, none, some];
    const texts: Record<string, string>[] = [
      region.runBy,
      ...region.emergency.hotlines.flatMap((line: Record<string, object>) => [
        line.name,
        line.hours,
      ]),
      ...Object.values(region.fallbacks),
    ].filter((text) => typeof text === "object");
    for (const text of texts) {
      delete text[none as string];
      text[some as string] = text.en ?? "";
    }
    delete region.runBy[some as string];
    delete region.emergency.hotlines[1].hours[some as string];

    const run = await runIntake(["region", "check", file("pt-tr.json", region)]);
    expect(run.code).toBe(0);
    const { missingTexts } = JSON.parse(run.stdout);
    expect(missingTexts).toHaveLength(2);
    expect(missingTexts[0]).toMatchObject({ locale: none, shownIn: [first] });
    expect(missingTexts[0].texts).toHaveLength(texts.length);
    expect(missingTexts[0].texts).toEqual(expect.arrayContaining(["runBy", "fallbacks.shelter"]));
    expect(missingTexts[1]).toEqual({
      locale: some,
      texts: ["runBy", "emergency.hotlines.1.hours"],
      shownIn: [first],
    });
    expect(run.stderr).toContain(
      `warning: ${some} lacks 2 text(s), shown in ${first} instead: runBy, emergency.hotlines.1.hours`,
    );
  });

  it("reports no missing text for the sample region, which gives every text in every locale", async ({
    expect,
  }) => {
    const run = await runIntake(["region", "check", "regions/nl-sample.json"]);
    expect(JSON.parse(run.stdout).missingTexts).toEqual([]);
    expect(run.stderr).toBe("");
  });

  it.for([
    ["not JSON", "{ id: nl }", "is not JSON"],
    ["missing", null, "cannot be read"],
  ] as const)("refuses a region file that is %s", async ([, content, message], { expect }) => {
    const path = content === null ? join(dir, "nope.json") : file("not-json.json", content);
    const error = expectInvalid(await runIntake(["region", "check", path]), "invalid_region");
    expect(error.fields).toEqual([{ path: "", message }]);
  });

  it("refuses a call without a file", async () => {
    expectInvalid(await runIntake(["region", "check"]), "usage");
    expectInvalid(await runIntake(["region", "lint", "x.json"]), "usage");
  });
});

describe("intake itself", () => {
  it("refuses an unknown command with exit 2", async () => {
    expectInvalid(await runIntake(["frobnicate"]), "usage");
  });

  it("prints its usage with --help", async () => {
    const run = await runIntake(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("intake triage");
  });
});

describe.concurrent("intake monitor", () => {
  it.each([
    [["monitor", "nothing"], "usage"],
    [["monitor", "--from", "2025-13"], "invalid_request"],
    [["monitor", "--from", "2025-05", "--to", "2025-01"], "invalid_request"],
    [["monitor", "--csv", "--json"], "usage"],
    [["monitor", "--url", "not a url"], "usage"],
  ])("refuses %j with exit 2 and the contract's error shape", async (args, code) => {
    expectInvalid(await runIntake(args), code);
  });
});
