/** What a caseworker reads in an opened case of the inbox, checked in the page. */
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { INBOX_CATALOGS } from "../../web/inbox/catalog.ts";

const en = INBOX_CATALOGS.en;

/**
 * The case's rules in words, each with its id in small print; shelter is nobody's in Utrecht, so
 * the case names it with the region's fallback for tonight.
 */
export async function expectRuleWordsAndGaps(page: Page): Promise<void> {
  const rules = await page.$$eval("#case-details .rules li", (items) =>
    items.map((item) => ({
      id: item.querySelector(".rule-id")?.textContent ?? "",
      text: item.textContent ?? "",
    })),
  );
  expect(rules.map(({ id }) => id)).toEqual(expect.arrayContaining(["N2", "N3", "N4"]));
  for (const { id, text } of rules)
    expect(text).toBe(`${en[`rules.${id}` as keyof typeof en]} ${id}`);
  const gaps = (await page.textContent("#case-details .gaps")) ?? "";
  expect(gaps).toContain(en["needs.shelter"]);
  // regions/nl-sample.json's English fallback for shelter.
  expect(gaps).toContain(
    en["case.fallback"].replace("{text}", "Nowhere to sleep tonight? Call the night shelter"),
  );
}
