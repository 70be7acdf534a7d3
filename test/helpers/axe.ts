/** axe-core in the page: the WCAG 2.1 A and AA rules, and the violations it finds. */

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve("axe-core/axe.min.js"),
  "utf8",
);

export async function axeViolations(page: Page): Promise<string[]> {
  // Injected through the DevTools protocol, so the page's CSP (script-src 'self') still holds.
  const client = await page.context().newCDPSession(page);
  await client.send("Runtime.evaluate", { expression: AXE_SOURCE });
  const result = await client.send("Runtime.evaluate", {
    expression: `axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })
      .then((r) => JSON.stringify(r.violations.map((v) => v.id + ": " + v.nodes.map((n) => n.target.join(" ")).join(", "))))`,
    awaitPromise: true,
    returnByValue: true,
  });
  await client.detach();
  return JSON.parse(String(result.result.value ?? "[]"));
}

/**
 * axe on a page as it is without JavaScript: axe needs script to run, so the same HTML is
 * loaded into a page of a script-enabled context in which the site's own script is blocked.
 */
export async function axeViolationsWithoutScript(page: Page): Promise<string[]> {
  const html = await page.content();
  const browser = page.context().browser();
  if (!browser) throw new Error("The page has no browser.");
  const context = await browser.newContext();
  await context.route("**/assets/form.js", (route) => route.abort());
  // Served from the same origin (so the stylesheet loads), but answered here.
  const url = new URL("/axe-copy-of-the-page", page.url()).href;
  await context.route(url, (route) =>
    route.fulfill({ contentType: "text/html; charset=utf-8", body: html }),
  );
  const copy = await context.newPage();
  await copy.goto(url);
  const violations = await axeViolations(copy);
  await context.close();
  return violations;
}
