/** The form in Debian's Chromium with JavaScript off: a plain form post, answered with a page. */
import { describe, expect, it } from "vitest";
import { CATALOGS } from "../../domain/catalogs.ts";
import { dynamo } from "../../functions/adapters/aws-clients.ts";
import { AwsNetworkError } from "../../functions/adapters/aws-requests.ts";
import { axeViolationsWithoutScript } from "../helpers/axe.ts";
import { systemAndBrowser, watchedPage } from "../helpers/browser.ts";
import { fillAll, WORKER } from "../helpers/form-filler.ts";

const live = systemAndBrowser();

/** Posts the form and waits for the page the server answers with. */
async function post(page: import("playwright-core").Page) {
  const [response] = await Promise.all([
    page.waitForResponse((candidate) => candidate.url().endsWith("/api/v1/reports")),
    page.click("#step-words button[type=submit]"),
  ]);
  await page.waitForLoadState();
  return response;
}

describe("without JavaScript", () => {
  it("shows every question at once, and answers a valid post with the receipt in the page's language", async () => {
    const watched = await watchedPage(live.browser, { javaScript: false });
    const { page } = watched;
    await page.goto(`${live.system.url}/nl/`);
    expect(await page.locator(".step:visible").count()).toBe(4);
    await fillAll(page, WORKER);
    const response = await post(page);
    expect(response.status()).toBe(201);
    expect(response.headers()["cache-control"]).toBe("no-store");
    expect(response.headers()["content-security-policy"]).toContain("default-src 'none'");
    expect(await page.getAttribute("html", "lang")).toBe("nl");
    expect(await page.textContent("#receipt [data-slot=code]")).toMatch(
      /^\d{4} \d{4} \d{4} \d{4}$/,
    );
    expect(await page.textContent("#receipt [data-slot=message]")).toBe(
      CATALOGS.nl["guidance.passedOnUrgent"],
    );
    expect(await axeViolationsWithoutScript(page)).toEqual([]);
    const origin = new URL(live.system.url).origin;
    expect(watched.requests.filter((url) => new URL(url).origin !== origin)).toEqual([]);
    expect(await watched.context.cookies()).toEqual([]);
    await watched.context.close();

    // Marked unproven for the organisations: it came without a proof of work.
    await live.system.settled();
    const cases = (await live.system.items()).filter((item) => String(item.pk).startsWith("case#"));
    expect(cases.some((item) => item.unproven === true && item.source === "form")).toBe(true);
  }, 60_000);

  it("answers an invalid post with the form again, the answers kept and each problem beside its question", async () => {
    const { page, context } = await watchedPage(live.browser, { javaScript: false });
    await page.goto(`${live.system.url}/en/`);
    await fillAll(page, {
      ...WORKER,
      exploitation: [],
      address: "",
      narrative: "My own words, kept.",
    });
    const response = await post(page);
    expect(response.status()).toBe(400);
    expect(await page.textContent("#q-exploitation-error")).toBe(CATALOGS.en["error.chooseOne"]);
    expect(await page.textContent("#q-contact-address-error")).toBe(CATALOGS.en["error.address"]);
    expect(await page.isVisible("#problems")).toBe(true);
    expect(await page.inputValue('[name="narrative"]')).toBe("My own words, kept.");
    expect(await page.isChecked('[name="lost"][value="housing"]')).toBe(true);
    expect(await page.isChecked('[name="contact.channel"][value="phone"]')).toBe(true);
    expect(await page.inputValue('[name="municipality"]')).toBe("GM0344");
    expect(await axeViolationsWithoutScript(page)).toEqual([]);

    // Put right, it goes through.
    await page.check('[name="exploitation"][value="labour"]');
    await page.fill('[name="contact.address"]', "+48 600 000 000");
    expect((await post(page)).status()).toBe(201);
    await context.close();
  }, 60_000);

  it("answers a post the service could not take in with the form again, the answers kept, saying so; sent again, it goes through", async () => {
    const { page, context } = await watchedPage(live.browser, { javaScript: false });
    await page.goto(`${live.system.url}/pl/`);
    await fillAll(page, { ...WORKER, narrative: "Moje słowa, zachowane." });
    // DynamoDB does not answer while the report is taken in: nothing can be stored.
    const before = (await live.system.items()).length;
    const stop = dynamo.beforeEachCall(() => {
      throw new AwsNetworkError(new Error("connect ECONNREFUSED"));
    });
    let response: Awaited<ReturnType<typeof post>>;
    try {
      response = await post(page);
    } finally {
      stop();
    }
    expect(response.status()).toBe(503);
    expect(response.headers()["retry-after"]).toBe("5");
    expect(response.headers()["content-type"]).toContain("text/html");
    expect(await page.getAttribute("html", "lang")).toBe("pl");
    expect(await page.textContent("#problems")).toBe(CATALOGS.pl["send.failed"]);
    expect(await page.inputValue('[name="narrative"]')).toBe("Moje słowa, zachowane.");
    expect(await page.isChecked('[name="lost"][value="housing"]')).toBe(true);
    expect(await page.inputValue('[name="contact.address"]')).toBe(WORKER.address);
    expect(await axeViolationsWithoutScript(page)).toEqual([]);
    expect((await live.system.items()).length).toBe(before);

    // The person presses Send again, once the service answers: the receipt.
    expect((await post(page)).status()).toBe(201);
    expect(await page.textContent("#receipt [data-slot=code]")).toMatch(
      /^\d{4} \d{4} \d{4} \d{4}$/,
    );
    await context.close();
  }, 60_000);

  it("takes a 4,000-character Arabic narrative", async () => {
    const { page, context } = await watchedPage(live.browser, { javaScript: false });
    await page.goto(`${live.system.url}/ar/`);
    await fillAll(page, { ...WORKER, narrative: "ش".repeat(4000) });
    expect((await post(page)).status()).toBe(201);
    expect(await page.getAttribute("html", "dir")).toBe("rtl");
    await context.close();
  }, 60_000);
});
