/**
 * Page speed: Largest Contentful Paint of every locale page of the region under Lighthouse's
 * default mobile profile (simulated throttling: slow 4G, 4× CPU slowdown, a mid-range phone's
 * screen), the performance category only, against the local system. Target: LCP at most 1.5 s.
 *
 * Lantern, Lighthouse's simulator, replays what it observed with the profile's network and
 * CPU, and scales the observed CPU tasks: on a busy machine one run can be off by 100-300 ms.
 * So the baseline and a few pages that stand for the others (SPEED_LOCALES) are measured three
 * times, in rounds over all pages (the machine's minutes are shared out alike), and the median
 * is printed with the spread; every other locale once, in the first round (a run takes ~5 s,
 * and 24 locales three times would take minutes for little: their pages differ by their text).
 *
 * Baseline, in the same rounds: a one-line page of the same local system (bench/page-site.ts),
 * the least any page costs under this profile. What a form page costs is its distance to it.
 */
import type { Result, RunnerResult } from "lighthouse";
import { CHROMIUM, QUIET_FLAGS } from "./chromium.ts";
import { loadAverage, percentile, table } from "./measure.ts";
import { FLOOR_PAGE } from "./page-site.ts";

/**
 * Measured in every round: the region's first language, the lingua franca, a right-to-left
 * page and a CJK page. Every other locale is measured in the first round only.
 */
const SPEED_LOCALES = ["nl", "en", "ar", "zh"];
const ROUNDS = 3;
const TARGET_LCP_MS = 1_500;
/** A run takes 5-10 s here; past this, something hangs and the bench says so. */
const RUN_TIMEOUT_MS = 90_000;
/**
 * Now and then Lighthouse 12.2.3 finds no navigation start in the trace of Debian's Chromium,
 * which is much younger than it (NO_NAVSTART, seen with Chromium 156). Such a run is made
 * again, and counted.
 */
const ATTEMPTS = 3;

/**
 * Every host name but the local system's resolves to nothing, at once: the machine blocks
 * outside traffic, and a request left waiting would hold Lighthouse until its own timeouts.
 */
const OFFLINE = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1";

interface Measured {
  lcp: number;
  fcp: number;
  tbt: number;
  cls: number;
  bytes: number;
  benchmarkIndex: number;
}

const METRICS: Record<Exclude<keyof Measured, "benchmarkIndex">, string> = {
  lcp: "largest-contentful-paint",
  fcp: "first-contentful-paint",
  tbt: "total-blocking-time",
  cls: "cumulative-layout-shift",
  bytes: "total-byte-weight",
};

function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took more than ${ms / 1000} s.`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** Any request of the run that was not for the local system (refused, see OFFLINE). */
function elsewhere(lhr: Result, origin: string): string[] {
  const details = lhr.audits["network-requests"]?.details as
    | { items?: { url?: string }[] }
    | undefined;
  return (details?.items ?? [])
    .map((item) => item.url ?? "")
    .filter((url) => /^https?:/.test(url) && new URL(url).origin !== origin);
}

const seconds = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : "n/a");
const median = (values: number[]) => percentile(values, 50);

type Lighthouse = typeof import("lighthouse").default;

interface Page {
  label: string;
  path: string;
}

/** What the rounds gathered besides the figures. */
interface Notes {
  problems: Set<string>;
  retried: string[];
}

/** The baseline, then every locale's page; `rounds`: how many times each is measured. */
function pagesOf(locales: readonly string[]): (Page & { rounds: number })[] {
  const chosen = locales.filter((locale) => SPEED_LOCALES.includes(locale));
  const everyRound = chosen.length > 0 ? chosen : locales.slice(0, 1);
  return [
    { label: "baseline: one-line page", path: FLOOR_PAGE, rounds: ROUNDS },
    ...locales.map((locale) => ({
      label: locale,
      path: `/${locale}/`,
      rounds: everyRound.includes(locale) ? ROUNDS : 1,
    })),
  ];
}

/** One Lighthouse run of a page, made again after a Lighthouse error up to ATTEMPTS times. */
async function lighthouseRun(
  lighthouse: Lighthouse,
  port: number,
  url: string,
  path: string,
  notes: Notes,
): Promise<Result> {
  for (let attempt = 1; ; attempt++) {
    const result: RunnerResult | undefined = await within(
      RUN_TIMEOUT_MS,
      `Lighthouse on ${path}`,
      lighthouse(url, {
        port,
        output: "json",
        logLevel: "silent",
        onlyCategories: ["performance"],
        // bf-cache navigates away and back after the load: a second a run, and no metric.
        skipAudits: ["bf-cache"],
        disableFullPageScreenshot: true,
        maxWaitForFcp: 15_000,
        maxWaitForLoad: 20_000,
      }),
    );
    const failed = result ? result.lhr.runtimeError?.code : "no result";
    if (result && !failed) return result.lhr;
    if (attempt >= ATTEMPTS)
      throw new Error(`Lighthouse on ${path} failed ${attempt} times: ${failed}`);
    notes.retried.push(`${path} (${failed})`);
  }
}

/** A run's figures; its warnings, requests elsewhere and missing metrics go to the notes. */
function measuredOf(lhr: Result, path: string, origin: string, { problems }: Notes): Measured {
  for (const warning of lhr.runWarnings) problems.add(`${path}: ${warning}`);
  for (const other of elsewhere(lhr, origin)) problems.add(`${path} asked for ${other} (refused)`);
  const value = (id: string) => {
    const audit = lhr.audits[id];
    if (audit?.numericValue === undefined)
      problems.add(`${id}: ${audit?.errorMessage ?? "not measured"}`);
    return audit?.numericValue ?? Number.NaN;
  };
  return {
    lcp: value(METRICS.lcp),
    fcp: value(METRICS.fcp),
    tbt: value(METRICS.tbt),
    cls: value(METRICS.cls),
    bytes: value(METRICS.bytes),
    benchmarkIndex: lhr.environment.benchmarkIndex,
  };
}

function rowOf(page: Page, measured: Measured[]): string[] {
  const of = (key: keyof Measured) => measured.map((run) => run[key]);
  const lcp = median(of("lcp"));
  return [
    page.label,
    String(measured.length),
    measured.length > 1
      ? `${seconds(lcp)} (${(Math.min(...of("lcp")) / 1000).toFixed(2)}–${seconds(Math.max(...of("lcp")))})`
      : seconds(lcp),
    seconds(median(of("fcp"))),
    `${median(of("tbt")).toFixed(0)} ms`,
    `${median(of("cls")).toFixed(3)} / ${Math.max(...of("cls")).toFixed(3)}`,
    `${(median(of("bytes")) / 1024).toFixed(1)} KiB`,
    page.path === FLOOR_PAGE ? "" : lcp <= TARGET_LCP_MS ? "yes" : "NO",
  ];
}

/** The profile Lighthouse ran with, as its settings say. */
function profileOf(version: string, settings: Result["configSettings"] | undefined): string[] {
  const throttling = settings?.throttling;
  const screen = settings?.screenEmulation;
  return [
    `Page speed: Lighthouse ${version}, ${settings?.formFactor} profile, throttling ${settings?.throttlingMethod}: ${throttling?.rttMs} ms RTT,`,
    `${throttling?.throughputKbps?.toFixed(0)} kbit/s, ${throttling?.cpuSlowdownMultiplier}× CPU, ${screen?.width}×${screen?.height} at ${screen?.deviceScaleFactor}×; the median of its runs, ${ROUNDS} for ${SPEED_LOCALES.join(", ")} and the baseline (target: LCP ≤ ${seconds(TARGET_LCP_MS)})`,
  ];
}

export async function benchPageSpeed(baseUrl: string, locales: readonly string[]): Promise<string> {
  // Loaded here, not with the bench: Lighthouse is a large program the other sections never use.
  const [{ default: lighthouse }, { launch }] = await Promise.all([
    import("lighthouse"),
    import("chrome-launcher"),
  ]);
  const origin = new URL(baseUrl).origin;
  const pages = pagesOf(locales);
  const runs = new Map<string, Measured[]>(pages.map((page) => [page.path, []]));
  const notes: Notes = { problems: new Set<string>(), retried: [] };
  let settings: Result["configSettings"] | undefined;
  let version = "";

  const chrome = await launch({
    chromePath: CHROMIUM,
    chromeFlags: ["--headless=new", ...QUIET_FLAGS, OFFLINE],
    logLevel: "silent",
  });
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const page of pages.filter(({ rounds }) => round < rounds)) {
        const url = `${baseUrl}${page.path}`;
        const lhr = await lighthouseRun(lighthouse, chrome.port, url, page.path, notes);
        settings ??= lhr.configSettings;
        version = lhr.lighthouseVersion;
        runs.get(page.path)?.push(measuredOf(lhr, page.path, origin, notes));
      }
    }
  } finally {
    chrome.kill();
  }

  const rows = pages.map((page) => rowOf(page, runs.get(page.path) ?? []));
  const indexes = [...runs.values()].flat().map((run) => run.benchmarkIndex);
  return [
    ...profileOf(version, settings),
    table([
      ["page", "runs", "LCP (min–max)", "FCP", "TBT", "CLS median / worst", "bytes", "≤ 1.5 s"],
      ...rows,
    ]),
    `bytes are as \`intake dev\` sends them, uncompressed, and Lantern simulates their download so;`,
    `CloudFront sends them in brotli (see the page weight above). CLS is not simulated: it is what`,
    `Chromium saw on the fast local load. Lighthouse's benchmarkIndex of this machine: median ${median(indexes).toFixed(0)} (${Math.min(...indexes).toFixed(0)}–${Math.max(...indexes).toFixed(0)}), ${loadAverage()}`,
    ...(notes.retried.length > 0
      ? [`runs made again after a Lighthouse error: ${notes.retried.join(", ")}`]
      : []),
    ...[...notes.problems].map((problem) => `note: ${problem}`),
  ].join("\n");
}
