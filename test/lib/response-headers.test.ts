/** The response headers policies' headers, built from config/security-headers.ts. */
import { describe, expect, it } from "vitest";
import { SECURITY_HEADERS } from "../../config/security-headers.ts";
import { responseHeadersFrom, UnmappedSecurityHeaderError } from "../../lib/response-headers.ts";

describe("responseHeadersFrom", () => {
  it("stop synth for a security header CloudFront cannot send, rather than dropping it", () => {
    expect(() => responseHeadersFrom({ "X-XSS-Protection": "1; mode=block" })).toThrow(
      UnmappedSecurityHeaderError,
    );
    expect(() => responseHeadersFrom({ "Referrer-Policy": "sometimes" })).toThrow(
      UnmappedSecurityHeaderError,
    );
    expect(() => responseHeadersFrom({ "Strict-Transport-Security": "forever" })).toThrow(
      UnmappedSecurityHeaderError,
    );
  });

  it("keep a header's preload flag and a missing includeSubDomains as written", () => {
    const { securityHeadersBehavior } = responseHeadersFrom({
      "Strict-Transport-Security": "max-age=300; preload",
    });
    expect(securityHeadersBehavior.strictTransportSecurity).toMatchObject({
      includeSubdomains: false,
      preload: true,
    });
    expect(securityHeadersBehavior.strictTransportSecurity?.accessControlMaxAge.toSeconds()).toBe(
      300,
    );
  });

  it.each([
    ["every header overrides the origin's", [], []],
    ["Cache-Control left to the origin", ["Cache-Control"], ["Cache-Control"]],
    ["a name in another case", ["cache-control"], ["Cache-Control"]],
  ])("%s", (_, originDecides, keptFromOrigin) => {
    const { securityHeadersBehavior, customHeaders } = responseHeadersFrom(
      SECURITY_HEADERS,
      originDecides,
    );
    expect(
      customHeaders.filter((header) => !header.override).map((header) => header.header),
    ).toEqual(keptFromOrigin);
    // The value stays: an answer without the header still gets the configured one.
    expect(customHeaders.find((header) => header.header === "Cache-Control")?.value).toBe(
      "no-store",
    );
    expect(
      Object.values(securityHeadersBehavior).every(
        (header: { override: boolean }) => header.override,
      ),
    ).toBe(true);
  });
});
