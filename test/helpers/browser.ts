/**
 * Debian's Chromium, driven by playwright-core, as the browser tests use it. When Chromium is
 * missing the tests fail with a clear message, never skip (.ci/run installs it with apt).
 */
import { existsSync } from "node:fs";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { startTestSystem, type TestSystem } from "./test-system.ts";

export const CHROMIUM = process.env.CHROME_PATH ?? "/usr/bin/chromium";

/** The flags of a quiet, offline Chromium: no background requests to Google, no sandbox as root. */
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-default-apps",
];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `Chromium is not at ${CHROMIUM}: install Debian's chromium package (apt-get install chromium).`,
    );
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}

/**
 * The local system and Chromium for one test file: both started before its tests (at once),
 * both stopped after them. Read `system` and `browser` inside tests and hooks only.
 */
export function systemAndBrowser(): { system: TestSystem; browser: Browser } {
  const live = {} as { system: TestSystem; browser: Browser };
  beforeAll(async () => {
    [live.system, live.browser] = await Promise.all([startTestSystem(), launchChromium()]);
  });
  afterAll(async () => {
    await live.browser?.close();
    await live.system?.stop();
  });
  return live;
}

export interface Watched {
  context: BrowserContext;
  page: Page;
  /** every URL the page asked for */
  requests: string[];
  /** every write to localStorage, sessionStorage or document.cookie */
  storageWrites: () => Promise<string[]>;
}

/**
 * A fresh context and page that record every request and every attempt to write to browser
 * storage or cookies (by wrapping the setters before any script of the page runs).
 */
export async function watchedPage(
  browser: Browser,
  options: { javaScript?: boolean; width?: number; locale?: string } = {},
): Promise<Watched> {
  const context = await browser.newContext({
    javaScriptEnabled: options.javaScript ?? true,
    viewport: { width: options.width ?? 390, height: 800 },
    ...(options.locale ? { locale: options.locale } : {}),
  });
  await context.addInitScript(() => {
    const writes: string[] = [];
    (globalThis as unknown as { __writes: string[] }).__writes = writes;
    for (const name of ["setItem", "removeItem", "clear"] as const) {
      const original = Storage.prototype[name];
      Storage.prototype[name] = function (this: Storage, ...args: never[]) {
        writes.push(`${this === localStorage ? "local" : "session"}Storage.${name}`);
        return (original as (...a: never[]) => unknown).apply(this, args);
      } as never;
    }
    const cookie = Object.getOwnPropertyDescriptor(Document.prototype, "cookie");
    Object.defineProperty(Document.prototype, "cookie", {
      get() {
        return cookie?.get?.call(this);
      },
      set(value: string) {
        writes.push("document.cookie");
        cookie?.set?.call(this, value);
      },
    });
  });
  const page = await context.newPage();
  const requests: string[] = [];
  page.on("request", (request) => requests.push(request.url()));
  return {
    context,
    page,
    requests,
    storageWrites: async () =>
      options.javaScript === false
        ? []
        : page.evaluate(() => (globalThis as unknown as { __writes?: string[] }).__writes ?? []),
  };
}
