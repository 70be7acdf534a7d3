/**
 * The `intake` command (docs/report-contract.md, section 6). Each subcommand is a module of its
 * own; this file only reads the arguments and maps failures to exit codes.
 */
import { parseArgs } from "node:util";
import { readRegionFile } from "../functions/adapters/region-file.ts";
import { exitCodeOf, printJson, readInput, UsageError } from "./io.ts";
import { triageText } from "./triage-reports.ts";

const USAGE = `usage:
  intake triage [--region FILE] [FILE|-]
  intake region check FILE`;

type Command = (args: string[]) => Promise<number> | number;

function options(args: string[], extra: Record<string, { type: "string" }> = {}) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: { region: { type: "string" }, ...extra },
    });
  } catch {
    // parseArgs names the unknown option in its message; the usage says the same without it.
    throw new UsageError(`Unknown option.\n${USAGE}`);
  }
}

const commands: Record<string, Command> = {
  triage(args) {
    const { values, positionals } = options(args);
    if (positionals.length > 1) throw new UsageError(`Give at most one input file.\n${USAGE}`);
    const region = readRegionFile(values.region);
    printJson(triageText(readInput(positionals[0]), region));
    return 0;
  },

  region(args) {
    const { positionals } = options(args);
    const [verb, file, ...rest] = positionals;
    if (verb !== "check" || file === undefined || rest.length > 0)
      throw new UsageError(`Name one region file to check.\n${USAGE}`);
    const region = readRegionFile(file);
    printJson({
      ok: true,
      region: region.id,
      sample: region.sample,
      organisations: region.organisations.length,
      municipalities: region.municipalities.length,
      locales: region.locales,
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
