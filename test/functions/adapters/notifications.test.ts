import { describe, expect, it } from "vitest";
import { alertTopicName } from "../../../config/resources.ts";
import { ALERT_TEXT } from "../../../functions/adapters/notifications.ts";
import { forbiddenIn } from "../../web/forbidden-words.ts";

describe("alerts", () => {
  it.each(Object.entries(ALERT_TEXT))("%s says only that something waits", (_, text) => {
    expect(forbiddenIn("en", text)).toEqual([]);
    expect(text.length).toBeLessThan(60);
    expect(text).not.toMatch(/danger|police|case|report/i);
  });

  it("names each organisation's topic after the region and the organisation", () => {
    expect(alertTopicName("nl-sample", "labour-ngo")).toBe("nl-sample-alerts-labour-ngo");
  });
});
