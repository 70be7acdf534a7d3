/**
 * The monitor page in Debian's Chromium, against the real local system (whose sample region
 * publishes open data): reports go in through the API, and the page shows their counts with
 * every small cell hidden, a chart beside every table, the care gaps on the tile map, in Dutch
 * and in English, at 360 px and on a desktop; axe finds nothing, every request stays on the
 * origin, nothing is written to the browser's storage.
 */
import { mkdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { axeViolations } from "../helpers/axe.ts";
import { systemAndBrowser, watchedPage } from "../helpers/browser.ts";
import { eventually } from "../helpers/test-system.ts";

const live = systemAndBrowser();
const SCREENSHOTS = "test-results/screenshots";

async function reports(count: number, changes: Record<string, unknown>): Promise<void> {
  for (let sent = 0; sent < count; sent++) {
    const answer = await live.system.submit(changes);
    expect(answer.status).toBe(201);
  }
}

describe("the monitor page", () => {
  it("shows the counts of reports sent through the API, every small one hidden", async () => {
    const { system, browser } = live;
    await reports(11, { municipality: "GM0363", needs: ["shelter"] });
    await reports(2, { municipality: "GM0599", exploitation: ["online_sexual"], sector: "webcam" });
    await system.settled();
    await eventually(async () => {
      const view = (await (await fetch(`${system.url}/api/v1/open/monitor`)).json()) as {
        tables: { table: string; total: unknown }[];
      };
      return view.tables.find((table) => table.table === "urgency")?.total === 13
        ? true
        : undefined;
    }, 30_000);

    mkdirSync(SCREENSHOTS, { recursive: true });
    for (const [width, locale, words] of [
      [360, "en", "Reports per municipality"],
      [1280, "nl", "Meldingen per gemeente"],
    ] as const) {
      const { page, requests, storageWrites, context } = await watchedPage(browser, { width });
      await page.goto(`${system.url}/monitor/${locale}/`);
      await page.waitForSelector("#figures section");
      const section = page.locator("section.figure", { hasText: words });
      const amsterdam = section.locator("tr", { hasText: "Amsterdam" });
      const rotterdam = section.locator("tr", { hasText: "Rotterdam" });
      // One month of counts: the month's cell and the row's total.
      expect(await amsterdam.locator("td").allTextContents()).toEqual(["11", "11"]);
      expect(await rotterdam.locator("td").allTextContents()).toEqual(["<10", "<10"]);
      // Nothing below the threshold is shown as a number, anywhere on the page.
      const numbers = (await page.locator("td").allTextContents())
        .filter((text) => /^[0-9]+$/.test(text))
        .map(Number);
      expect(numbers.every((value) => value >= 10)).toBe(true);
      // A chart beside every table, and the tile map of the care gaps.
      expect(await page.locator("section.figure svg.chart").count()).toBe(
        await page.locator("section.figure table").count(),
      );
      expect(await page.locator("svg.map rect.tile").count()).toBe(12);
      // Webcam exploitation is marked as a blind spot.
      expect(await page.locator("th.marked").count()).toBeGreaterThan(0);
      expect(await axeViolations(page)).toEqual([]);
      expect(requests.every((url) => url.startsWith(system.url))).toBe(true);
      expect(await storageWrites()).toEqual([]);
      await page.screenshot({
        path: `${SCREENSHOTS}/monitor-${locale}-${width}.png`,
        fullPage: true,
      });
      await page.emulateMedia({ media: "print" });
      expect(await page.locator("#period").isVisible()).toBe(false);
      await context.close();
    }
  }, 240_000);

  it("says it needs JavaScript when it has none", async () => {
    const { page, context } = await watchedPage(live.browser, { javaScript: false });
    await page.goto(`${live.system.url}/monitor/`);
    expect(await page.locator("#no-script").isVisible()).toBe(true);
    expect(await page.locator("html").getAttribute("lang")).toBe("nl");
    await context.close();
  });
});
