/**
 * The status page as HTML: what a person typed in a step that was refused comes back to them on
 * every kind of page, even one with no box to write in (a locked or a withdrawn case).
 */
import { describe, expect, it } from "vitest";
import type { Status } from "../../domain/status-views.ts";
import { renderStatusAnswer } from "../../web/pages/status-page.ts";
import { sampleRegion as region } from "../helpers/region-factory.ts";

const TYPED = "please call me <tonight>, I have nowhere to sleep";
const credentials = { receipt: "1234 5678 9012 3456" };
const opened = (withdrawn: boolean): Status => ({
  found: true,
  locked: false,
  locale: "en",
  timeline: [{ event: "received", at: Date.UTC(2026, 0, 1) }],
  messages: [],
  next: { next: [], tonight: [] },
  canShare: false,
  checkIn: null,
  pinSet: false,
  withdrawn,
  wrongPinTries: 0,
});

describe("a refused step's text", () => {
  it.each<[string, Status]>([
    ["a locked case", { found: true, locked: true }],
    ["an unknown code", { found: false }],
    ["a withdrawn case", opened(true)],
    ["an open case", opened(false)],
  ])("comes back on the page of %s, escaped", (_label, status) => {
    const html = renderStatusAnswer({ region, locale: "en" }, status, credentials, {
      notice: "status.notPossible.kept",
      keptText: TYPED,
    });
    expect(html).toContain("please call me &lt;tonight&gt;, I have nowhere to sleep");
    expect(html).not.toContain("<tonight>");
  });

  it("adds nothing when nothing was typed", () => {
    const html = renderStatusAnswer(
      { region, locale: "en" },
      { found: true, locked: true },
      credentials,
    );
    expect(html).not.toContain('id="kept-text"');
  });
});
