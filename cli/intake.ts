/**
 * The `intake` command (docs/report-contract.md, section 6). Each subcommand is a module of its
 * own; this file only reads the arguments and maps failures to exit codes.
 */
import { parseArgs } from "node:util";
import { readRegionFile } from "../config/region-file.ts";
import { canaryWarning } from "../domain/canary.ts";
import { missingTexts } from "../domain/region-texts.ts";
import { exitCodeOf, printJson, readInput, UsageError } from "./io.ts";
import { triageText } from "./triage-reports.ts";

const USAGE = `usage:
  intake dev [--region FILE] [--port N] [--data DIR] [--verbose]
  intake org token issue|revoke ORG NAME [--days N] [--region FILE] [--dynamo URL | --outputs FILE [--stack NAME]]
  intake ops token issue|revoke NAME [--days N] [--region FILE] [--dynamo URL | --outputs FILE [--stack NAME]]
  intake org pull ORG (--identity FILE | --demo) [--api URL] [--region FILE] [--sqs URL | --queue-url URL] [--keep]
      (reads the cases with the token in INTAKE_TOKEN; --demo issues one on intake dev: [--dynamo URL] [--prefix P])
  intake proof [--url URL]
  intake triage [--region FILE] [FILE|-]
  intake region check FILE
  intake monitor [TABLE] [--url URL] [--from YYYY-MM] [--to YYYY-MM] [--csv | --json]   (INTAKE_TOKEN: a staff or ops token)`;

type Command = (args: string[]) => Promise<number> | number;

/** Reads a command's arguments: the named options and positionals, nothing else. */
function options<Name extends string, Flag extends string = never>(
  args: string[],
  names: readonly Name[],
  flags: readonly Flag[] = [],
) {
  try {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        ...Object.fromEntries(names.map((name) => [name, { type: "string" as const }])),
        ...Object.fromEntries(flags.map((flag) => [flag, { type: "boolean" as const }])),
      },
    });
    return {
      values: values as Partial<Record<Name, string>> & Partial<Record<Flag, boolean>>,
      positionals,
    };
  } catch {
    // parseArgs names the unknown option in its message; the usage says the same without it.
    throw new UsageError(`Unknown option.\n${USAGE}`);
  }
}

/** `intake org token issue|revoke ORG NAME …` and `intake ops token issue|revoke NAME …`. */
async function credentials(kind: "org" | "ops", args: string[]): Promise<number> {
  const [verb, ...rest] = args;
  if (verb !== "issue" && verb !== "revoke") throw new UsageError(`Say issue or revoke.\n${USAGE}`);
  const { values, positionals } = options(rest, [
    "region",
    "dynamo",
    "prefix",
    "outputs",
    "stack",
    "days",
  ]);
  const region = readRegionFile(values.region);
  const days = Number(values.days ?? 90);
  if (!Number.isInteger(days) || days < 1 || days > 365)
    throw new UsageError("--days takes 1 to 365.");
  const { holder, manageCredentials } = await import("./manage-credentials.ts");
  printJson(
    await manageCredentials(
      region,
      verb,
      holder(region, kind, positionals),
      {
        ...(values.dynamo ? { dynamo: values.dynamo } : {}),
        ...(values.prefix ? { prefix: values.prefix } : {}),
        ...(values.outputs ? { outputs: values.outputs } : {}),
        ...(values.stack ? { stack: values.stack } : {}),
      },
      days,
    ),
  );
  return 0;
}

const commands: Record<string, Command> = {
  async dev(args) {
    const { runDev } = await import("./dev-command.ts");
    return runDev(args);
  },

  triage(args) {
    const { values, positionals } = options(args, ["region"]);
    if (positionals.length > 1) throw new UsageError(`Give at most one input file.\n${USAGE}`);
    const region = readRegionFile(values.region);
    printJson(triageText(readInput(positionals[0]), region));
    return 0;
  },

  async proof(args) {
    const { values, positionals } = options(args, ["url"]);
    if (positionals.length > 0) throw new UsageError(`intake proof takes no file.\n${USAGE}`);
    const { fetchProof } = await import("./fetch-proof.ts");
    process.stdout.write(`${await fetchProof(values.url ?? "http://127.0.0.1:8080")}\n`);
    return 0;
  },

  async org(args) {
    const [verb, ...rest] = args;
    if (verb === "token") return credentials("org", rest);
    if (verb !== "pull") throw new UsageError(`Unknown org command.\n${USAGE}`);
    const { values, positionals } = options(
      rest,
      ["region", "identity", "api", "sqs", "queue-url", "dynamo", "prefix"],
      ["demo", "keep"],
    );
    const [organisation, ...more] = positionals;
    if (!organisation || more.length > 0) throw new UsageError(`Name one organisation.\n${USAGE}`);
    const region = readRegionFile(values.region);
    const { identitiesFrom, pullEnvelopes, withPullToken } = await import("./pull-envelopes.ts");
    const identities = identitiesFrom(
      { ...(values.identity ? { identity: values.identity } : {}), demo: values.demo === true },
      region,
      organisation,
    );
    const demo = {
      demo: values.demo === true,
      ...(values.dynamo ? { dynamo: values.dynamo } : {}),
      ...(values.prefix ? { prefix: values.prefix } : {}),
    };
    const cases = await withPullToken(region, organisation, demo, (token) =>
      pullEnvelopes({
        region,
        organisation,
        identities,
        api: { url: values.api ?? "http://127.0.0.1:8080", token },
        ...(values["queue-url"] ? { queueUrl: values["queue-url"] } : {}),
        ...(values.sqs ? { sqsEndpoint: values.sqs } : {}),
        keep: values.keep === true,
      }),
    );
    printJson(cases);
    return 0;
  },

  ops(args) {
    const [verb, ...rest] = args;
    if (verb !== "token") throw new UsageError(`Unknown ops command.\n${USAGE}`);
    return credentials("ops", rest);
  },

  async monitor(args) {
    const { values, positionals } = options(args, ["url", "from", "to"], ["csv", "json"]);
    if (positionals.length > 1) throw new UsageError(`Name at most one table.\n${USAGE}`);
    if (values.csv && values.json) throw new UsageError("Say --csv or --json, not both.");
    const { printMonitor } = await import("./print-monitor.ts");
    const token = process.env.INTAKE_TOKEN;
    return printMonitor({
      url: values.url ?? "http://127.0.0.1:8080",
      ...(positionals[0] ? { table: positionals[0] } : {}),
      ...(values.from ? { from: values.from } : {}),
      ...(values.to ? { to: values.to } : {}),
      format: values.csv ? "csv" : values.json ? "json" : "text",
      ...(token ? { token } : {}),
    });
  },

  region(args) {
    const { positionals } = options(args, []);
    const [verb, file, ...rest] = positionals;
    if (verb !== "check" || file === undefined || rest.length > 0)
      throw new UsageError(`Name one region file to check.\n${USAGE}`);
    const region = readRegionFile(file);
    // Valid, but some locales would read some of the region's texts in another language.
    const lacking = missingTexts(region, region.locales);
    for (const { locale, texts, shownIn } of lacking)
      process.stderr.write(
        `warning: ${locale} lacks ${texts.length} text(s), shown in ${shownIn.join(", ")} instead: ${texts.join(", ")}\n`,
      );
    const canary = canaryWarning(region);
    if (canary) process.stderr.write(`warning: ${canary}\n`);
    printJson({
      ok: true,
      region: region.id,
      sample: region.sample,
      organisations: region.organisations.length,
      testOrganisations: region.organisations.filter((o) => o.test === true).map((o) => o.id),
      municipalities: region.municipalities.length,
      locales: region.locales,
      missingTexts: lacking,
      monitor: {
        threshold: region.monitor?.threshold ?? 10,
        openData: region.monitor?.openData ?? false,
        tables: region.monitor?.tables ?? "all",
      },
    });
    return 0;
  },
};

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(`${USAGE}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (!command) throw new UsageError(`Unknown command.\n${USAGE}`);
  return command(args);
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  process.exitCode = exitCodeOf(error);
}
