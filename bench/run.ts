/**
 * `npm run bench`: every benchmark of the project, each printed beside a baseline of the same
 * run. `--reports N` (or BENCH_REPORTS=N) posts fewer reports than the 2,000 of the intake
 * latency benchmark for a quick run; the CPU and end-to-end benchmarks post at most 500. The
 * page benchmarks (weight, and Lighthouse's LCP) need Debian's Chromium (CHROME_PATH);
 * `--pages` runs those two alone, for every locale of the sample region; `--inbox` the inbox's
 * first load and the time to open a case alone; `--monitor` the monitor's section alone (a year
 * of counters, the monitor API's p50 and p99, the page's weight); `--bundles` each function's
 * package size and module load alone (a minute).
 */
import { parseArgs } from "node:util";
import { readRegionFile } from "../config/region-file.ts";
import { generateSecretsJson, secretsFromJson } from "../functions/adapters/secrets.ts";
import { benchChaos } from "./chaos.ts";
import { benchCosts } from "./costs.ts";
import { benchDecisions } from "./decide-reports.ts";
import { benchEndToEnd } from "./end-to-end.ts";
import { benchFunctionBundles } from "./function-bundles.ts";
import { startEmulatorsProcess, withLocalSystem } from "./in-process-system.ts";
import { benchInbox } from "./inbox-open.ts";
import { benchIntakeCpu } from "./intake-cpu.ts";
import { benchIntakeLatency } from "./intake-latency.ts";
import { benchIntakeParts } from "./intake-parts.ts";
import { loadAverage, machine } from "./measure.ts";
import { benchMonitor } from "./monitor.ts";
import { buildPageSite } from "./page-site.ts";
import { benchPageSpeed } from "./page-speed.ts";
import { benchPageWeight } from "./page-weight.ts";
import { benchTaps } from "./taps.ts";

// Before any SDK client is made (the imports above make none when they load).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

const { values } = parseArgs({
  options: {
    reports: { type: "string" },
    pages: { type: "boolean" },
    inbox: { type: "boolean" },
    monitor: { type: "boolean" },
    bundles: { type: "boolean" },
  },
});
/** `--pages`: only the form's pages, each locale's weight and LCP (a few minutes, not fifteen). */
const PAGES_ONLY = values.pages === true;
/** `--inbox`: only the inbox's first load and the time to open a case (a minute or two). */
const INBOX_ONLY = values.inbox === true;
/** `--monitor`: only the monitor's API latency over a year of counters, and its page's weight. */
const MONITOR_ONLY = values.monitor === true;
/** `--bundles`: only each function's package, its size and module load, beside the baselines. */
const BUNDLES_ONLY = values.bundles === true;
const EVERYTHING = !PAGES_ONLY && !INBOX_ONLY && !MONITOR_ONLY && !BUNDLES_ONLY;
const REPORTS = Number(values.reports ?? process.env.BENCH_REPORTS ?? 2_000);
if (!Number.isInteger(REPORTS) || REPORTS < 10) throw new Error("--reports takes a number ≥ 10.");
const SMALLER_RUNS = Math.min(500, REPORTS);

const started = Date.now();
const print = (text: string) => process.stdout.write(`${text}\n\n`);

/** Everything but the pages: the intake's latency, CPU, chaos and the monitor. */
async function backendSections(): Promise<void> {
  const latency = await withLocalSystem(
    { emulators, secrets: secretsJson, namePrefix: "latency-", pollers: false },
    async (system) => {
      const measured = await benchIntakeLatency(system, secrets.powHmacKey, REPORTS, emulators.pid);
      print(measured.text);
      print(await benchIntakeParts(system, secrets, measured));
      return measured;
    },
  );
  await withLocalSystem(
    { emulators, secrets: secretsJson, namePrefix: "cpu-", pollers: true },
    async (system) =>
      print(await benchIntakeCpu(system, secrets.powHmacKey, SMALLER_RUNS, latency, emulators.pid)),
  );
  // The chaos run and its baseline, each on a system of its own, one after the other.
  print(
    await benchChaos(
      (namePrefix, work) =>
        withLocalSystem(
          {
            emulators,
            secrets: secretsJson,
            namePrefix,
            pollers: false,
            visibilityTimeoutSeconds: 2,
          },
          work,
        ),
      secrets,
      REPORTS,
    ),
  );
  await monitorSection();
}

/** The monitor's figures, on a system of its own. */
async function monitorSection(): Promise<void> {
  await withLocalSystem(
    { emulators, secrets: secretsJson, namePrefix: "monitor-", pollers: false },
    async (system) => print(await benchMonitor(system)),
  );
}

print(`${machine()}; ${loadAverage()} at the start`);
if (EVERYTHING) print(benchDecisions());
if (EVERYTHING || BUNDLES_ONLY) print(await benchFunctionBundles(readRegionFile()));
if (EVERYTHING) print(benchCosts(readRegionFile()));
if (BUNDLES_ONLY) {
  print(`${loadAverage()} at the end`);
  process.exit(0);
}

// The bench knows the HMAC key of its local systems, so it can sign cheap challenges for them.
const secretsJson = generateSecretsJson();
const secrets = secretsFromJson(secretsJson);
const emulators = await startEmulatorsProcess();

try {
  if (EVERYTHING) await backendSections();
  if (MONITOR_ONLY) await monitorSection();
  else await pageSections();
} finally {
  await emulators.stop();
}

/** The form's pages and the inbox. */
async function pageSections(): Promise<void> {
  // The form's pages, from a local system like the others (the same static server and
  // headers), whose web root also holds the speed benchmark's baseline page.
  const site = await buildPageSite(readRegionFile());
  try {
    await withLocalSystem(
      {
        emulators,
        secrets: secretsJson,
        namePrefix: "pages-",
        pollers: false,
        webRoot: site.webRoot,
      },
      async (system) => {
        if (INBOX_ONLY) return;
        print(await benchPageWeight(system.url, system.region.locales));
        print(await benchPageSpeed(system.url, system.region.locales));
        if (EVERYTHING) print(await benchTaps(system.url));
      },
    );
    // The inbox needs its cases routed, so its system runs the pollers.
    if (!PAGES_ONLY)
      await withLocalSystem(
        {
          emulators,
          secrets: secretsJson,
          namePrefix: "inbox-",
          pollers: true,
          webRoot: site.webRoot,
        },
        async (system) => print(await benchInbox(system.url, secrets.powHmacKey)),
      );
  } finally {
    site.remove();
  }
}

if (EVERYTHING) print(await benchEndToEnd(SMALLER_RUNS));
process.stdout.write(
  `npm run bench took ${((Date.now() - started) / 1000).toFixed(0)} s; ${loadAverage()} at the end\n`,
);
