/** Answers of the API: JSON, never cached, never sniffed, never sent on with a referrer. */
import type { APIGatewayProxyResult } from "aws-lambda";
import {
  CREDENTIALED_MONITOR_CACHE_CONTROL,
  OPEN_MONITOR_CACHE_CONTROL,
} from "../../config/monitor-caching.ts";
import { SECURITY_HEADERS } from "../../config/security-headers.ts";

export const API_HEADERS: Readonly<Record<string, string>> = {
  "Content-Type": "application/json; charset=utf-8",
  // An answer can hold a receipt: no browser, proxy or CDN may keep it.
  "Cache-Control": "no-store",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
};

export function jsonResponse(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyResult {
  return { statusCode, headers: { ...API_HEADERS, ...headers }, body: JSON.stringify(body) };
}

/**
 * The monitor's one exception to `no-store` (config/monitor-caching.ts): the open view's
 * published figures may be kept an hour, by CloudFront and browsers; the credentialed view is
 * `private, no-store`.
 */
export const monitorCacheHeaders = (open: boolean): Record<string, string> => ({
  "Cache-Control": open ? OPEN_MONITOR_CACHE_CONTROL : CREDENTIALED_MONITOR_CACHE_CONTROL,
});

/** A page answered by the API (a form posted without JavaScript): the pages' own headers. */
export function htmlResponse(
  statusCode: number,
  html: string,
  headers: Record<string, string> = {},
): APIGatewayProxyResult {
  return {
    statusCode,
    headers: { ...SECURITY_HEADERS, "Content-Type": "text/html; charset=utf-8", ...headers },
    body: html,
  };
}
