/**
 * Page weight: what a first load of each locale page fetches, as Debian's Chromium really
 * requests it (playwright-core, a fresh context per page, so nothing comes from a cache; the
 * pages are `no-store` anyway), gzipped at level 9 and raw. Target: the HTML, CSS and
 * JavaScript of a first load at most 30 KiB gzipped. The proof-of-work worker loads on
 * submit, so it is printed apart and not counted.
 *
 * Baseline, in the same run: the same bytes brotli-compressed at quality 11. CloudFront's
 * CACHING_OPTIMIZED policy (lib/web-hosting.ts) lets it compress with brotli, and every
 * browser of the last years asks for it, so that is what a phone actually receives; gzip is
 * what the target is written in, and what an old browser or a proxy would get.
 */
import { createHash } from "node:crypto";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { type Browser, chromium, type Response } from "playwright-core";
import { ASSETS } from "../web/pages/page-shell.ts";
import { CHROMIUM, PLAYWRIGHT_FLAGS } from "./chromium.ts";
import { table } from "./measure.ts";

const TARGET_BYTES = 30 * 1024;
/** What a first load may take before the bench gives up on it (a local page takes < 1 s). */
const LOAD_TIMEOUT_MS = 30_000;
const ICON_WAIT_MS = 10_000;
const AT_ONCE = 4;

type Kind = "html" | "css" | "js" | "other";

interface Sizes {
  raw: number;
  gzip: number;
  brotli: number;
}

const ZERO: Sizes = { raw: 0, gzip: 0, brotli: 0 };

/** Brotli 11 takes tens of milliseconds a file; the CSS and JS are the same on every page. */
const measured = new Map<string, Sizes>();

function sizesOf(bytes: Buffer): Sizes {
  const key = createHash("sha256").update(bytes).digest("base64");
  const known = measured.get(key);
  if (known) return known;
  const sizes = {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }).length,
  };
  measured.set(key, sizes);
  return sizes;
}

const add = (a: Sizes, b: Sizes): Sizes => ({
  raw: a.raw + b.raw,
  gzip: a.gzip + b.gzip,
  brotli: a.brotli + b.brotli,
});

function kindOf(contentType: string): Kind {
  if (contentType.startsWith("text/html")) return "html";
  if (contentType.startsWith("text/css")) return "css";
  if (/javascript/.test(contentType)) return "js";
  return "other";
}

interface Fetched {
  path: string;
  kind: Kind;
  body: Buffer;
}

async function fetched(response: Response, origin: string): Promise<Fetched | undefined> {
  const url = new URL(response.url());
  if (url.origin !== origin) return undefined; // refused by the route below, never fetched
  return {
    path: url.pathname,
    kind: kindOf((await response.headerValue("content-type")) ?? ""),
    // compressed once the pages are loaded: the local system answers from this event loop
    body: await response.body(),
  };
}

/** Each compressed on its own, as HTTP compresses each response. */
function totalOf(files: readonly Fetched[], kinds: readonly Kind[]): Sizes {
  return files
    .filter((file) => kinds.includes(file.kind))
    .reduce((sum, file) => add(sum, sizesOf(file.body)), ZERO);
}

/** Every response of a first load of `url` in a fresh context (so nothing comes from a cache). */
async function firstLoad(
  browser: Browser,
  url: string,
  origin: string,
  elsewhere: Set<string>,
  noIcon: Set<string>,
): Promise<Fetched[]> {
  const context = await browser.newContext({ viewport: { width: 390, height: 800 } });
  try {
    // Anything bound for another origin is refused at once (and reported): this machine blocks
    // outside traffic, and a request left hanging would hold the page until the timeout.
    await context.route(
      (target) => target.origin !== origin,
      (route) => {
        elsewhere.add(route.request().url());
        return route.abort("blockedbyclient");
      },
    );
    const page = await context.newPage();
    const responses: Promise<Fetched | undefined>[] = [];
    const seen = new Set<string>();
    page.on("response", (response) => {
      seen.add(response.url());
      responses.push(fetched(response, origin));
    });
    await page.goto(url, { waitUntil: "networkidle", timeout: LOAD_TIMEOUT_MS });
    // Chromium asks for the icon after `load`, when it gets to it: on a busy machine, after the
    // network has been idle for a while. So the icon the page declares is waited for.
    const icon = await page.evaluate("document.querySelector('link[rel~=icon]')?.href ?? ''");
    if (typeof icon === "string" && icon !== "") {
      const came = page.waitForResponse(icon, { timeout: ICON_WAIT_MS }).then(
        () => true,
        () => false,
      );
      if (!seen.has(icon) && !(await came)) noIcon.add(new URL(url).pathname);
    }
    return (await Promise.all(responses)).filter((file) => file !== undefined);
  } finally {
    await context.close();
  }
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

export async function benchPageWeight(
  baseUrl: string,
  locales: readonly string[],
): Promise<string> {
  const origin = new URL(baseUrl).origin;
  const pages: { locale: string; files: Fetched[] }[] = [];
  const requested = new Set<string>();
  const elsewhere = new Set<string>();
  const noIcon = new Set<string>();

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: PLAYWRIGHT_FLAGS });
  try {
    // A few pages at a time: the bytes do not depend on it, and each waits mostly for idleness.
    let next = 0;
    await Promise.all(
      Array.from({ length: AT_ONCE }, async () => {
        for (let index = next++; index < locales.length; index = next++) {
          const locale = locales[index] as string;
          const files = await firstLoad(
            browser,
            `${baseUrl}/${locale}/`,
            origin,
            elsewhere,
            noIcon,
          );
          for (const file of files) requested.add(file.path.replace(`/${locale}/`, "/<locale>/"));
          pages[index] = { locale, files };
        }
      }),
    );
  } finally {
    await browser.close();
  }

  let heaviest = 0;
  const rows = pages.map(({ locale, files }) => {
    const html = totalOf(files, ["html"]);
    const css = totalOf(files, ["css"]);
    const js = totalOf(files, ["js"]);
    const counted = add(add(html, css), js);
    heaviest = Math.max(heaviest, counted.gzip);
    return [
      locale,
      String(files.length),
      String(html.raw),
      String(html.gzip),
      String(css.gzip),
      String(js.gzip),
      String(totalOf(files, ["other"]).gzip),
      `${counted.gzip} (${kib(counted.gzip)})`,
      String(counted.brotli),
      String(counted.raw),
      counted.gzip <= TARGET_BYTES ? "yes" : "NO",
    ];
  });
  const worker = sizesOf(
    Buffer.from(await (await fetch(`${baseUrl}${ASSETS.worker}`)).arrayBuffer()),
  );
  return [
    `Page weight: the first load of each locale page in Chromium, in bytes, each file gzipped at level 9`,
    `on its own (target: HTML + CSS + JS ≤ ${TARGET_BYTES.toLocaleString("en")} bytes gzipped); baseline: the same bytes in brotli 11, as CloudFront sends them`,
    table([
      [
        "page",
        "files",
        "HTML raw",
        "HTML gz",
        "CSS gz",
        "JS gz",
        "other gz",
        "HTML+CSS+JS gz",
        "same, brotli",
        "same, raw",
        "≤ 30 KiB",
      ],
      ...rows,
      [
        "worker (on submit)",
        "1",
        "",
        "",
        "",
        String(worker.gzip),
        "",
        "",
        String(worker.brotli),
        String(worker.raw),
        "",
      ],
    ]),
    `a first load fetches: ${[...requested].join(", ")}; the heaviest page leaves ${kib(TARGET_BYTES - heaviest)} of the target`,
    ...(requested.has(ASSETS.worker)
      ? [
          "note: a first load fetched the proof-of-work worker (counted in JS), which should load on submit",
        ]
      : []),
    ...(noIcon.size > 0
      ? [
          `note: Chromium did not ask for the icon within ${ICON_WAIT_MS / 1000} s on ${[...noIcon].join(", ")}`,
        ]
      : []),
    elsewhere.size > 0
      ? `note: requests to other origins, refused: ${[...elsewhere].join(", ")}`
      : "requests to other origins: none",
  ].join("\n");
}
