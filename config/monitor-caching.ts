/**
 * How the monitor's answers may be kept, declared once: the monitor's function sends these
 * `Cache-Control` values and CloudFront's behaviour for the open view (lib/web-hosting.ts) is
 * built from the same figures, so the edge never keeps an answer longer than the function says.
 *
 * - The open view (`/api/v1/open/monitor…`, only when the region sets `monitor.openData`): the
 *   published, disclosure-controlled figures, the same for everyone, kept an hour by CloudFront
 *   and by browsers. The counters change with every report, but a figure only changes where a
 *   cell passes the threshold or a month turns; an hour keeps a region's origin calls to about
 *   one per hour per edge and query, and is as stale as a public figure may be.
 * - The credentialed view (`/api/v1/monitor…`): `private, no-store`, never kept by CloudFront
 *   (whose API behaviour keys on the token and keeps nothing anyway) nor by the browser.
 */

export const OPEN_MONITOR_MAX_AGE_SECONDS = 3600;

export const OPEN_MONITOR_CACHE_CONTROL = `public, max-age=${OPEN_MONITOR_MAX_AGE_SECONDS}`;

export const CREDENTIALED_MONITOR_CACHE_CONTROL = "private, no-store";

/** CloudFront's path pattern of the open view: one behaviour ahead of `/api/*`. */
export const OPEN_API_PATH_PATTERN = "/api/v1/open/*";

/**
 * The query strings the open view reads (functions/use-cases/read-monitor.ts,
 * MonitorQuerySchema): its cache key, and all that reaches the function.
 */
export const MONITOR_QUERY_STRINGS = ["from", "to", "format"] as const;
