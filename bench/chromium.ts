/**
 * Debian's Chromium for the page benchmarks, quiet and offline: no background requests to
 * Google, no sandbox (the bench may run as root). Playwright adds `--headless` itself and
 * Lighthouse's launcher does not, hence the two headless flags.
 */
export const CHROMIUM = process.env.CHROME_PATH ?? "/usr/bin/chromium";

export const QUIET_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
];

/** For playwright-core's `chromium.launch({ args })`. */
export const PLAYWRIGHT_FLAGS = ["--headless", ...QUIET_FLAGS];
