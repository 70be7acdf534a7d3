import { describe, expect, it } from "vitest";
import { viewerAddress } from "../../../functions/http/viewer-address.ts";
import { apiEvent } from "../../helpers/api-event.ts";

describe("viewerAddress", () => {
  it.each([
    [
      "an IPv4 viewer, from CloudFront's header",
      { "CloudFront-Viewer-Address": "203.0.113.9:52344" },
      "203.0.113.9",
    ],
    [
      "an IPv6 viewer, from CloudFront's header",
      { "cloudfront-viewer-address": "2001:db8::7:443" },
      "2001:db8::7",
    ],
    [
      "CloudFront's header, whatever the viewer wrote in X-Forwarded-For",
      { "X-Forwarded-For": "192.0.2.1, 203.0.113.9", "CloudFront-Viewer-Address": "203.0.113.9:1" },
      "203.0.113.9",
    ],
    [
      "the connection, never X-Forwarded-For, without CloudFront",
      { "X-Forwarded-For": "192.0.2.1" },
      "198.51.100.4",
    ],
    [
      "the connection, for a header without a port",
      { "CloudFront-Viewer-Address": "203.0.113.9" },
      "198.51.100.4",
    ],
  ])("reads %s", (_, headers, expected) => {
    expect(
      viewerAddress(apiEvent({ path: "/api/v1/status", headers, sourceIp: "198.51.100.4" })),
    ).toBe(expected);
  });
});
