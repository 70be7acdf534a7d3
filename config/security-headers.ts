/**
 * The security headers of every page and asset, declared once: CloudFront's response headers
 * policy is built from this on AWS, and `intake dev` sends the same headers, so local tests see
 * what production enforces.
 *
 * The policy is strict because the people who use the form may be watched: no script but the
 * site's own files (no inline script), nothing from any other origin, no referrer leaving the
 * site, nothing cached, no camera, microphone or location.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join("; ");

export const PERMISSIONS_POLICY = [
  "accelerometer=()",
  "camera=()",
  "geolocation=()",
  "gyroscope=()",
  "magnetometer=()",
  "microphone=()",
  "payment=()",
  "usb=()",
  "interest-cohort=()",
].join(", ");

/** Two years, with subdomains: the form is only ever served over HTTPS on AWS. */
export const STRICT_TRANSPORT_SECURITY = "max-age=63072000; includeSubDomains";

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "Content-Security-Policy": CONTENT_SECURITY_POLICY,
  "Strict-Transport-Security": STRICT_TRANSPORT_SECURITY,
  "Referrer-Policy": "no-referrer",
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Permissions-Policy": PERMISSIONS_POLICY,
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Resource-Policy": "same-origin",
  // A shared phone's browser must keep nothing of these pages: no history of answers, no cache.
  "Cache-Control": "no-store",
};
