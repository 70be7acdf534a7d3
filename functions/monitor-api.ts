/**
 * The monitor's API (contract section 10), one Lambda function of its own:
 *
 * - `GET /api/v1/monitor` and `GET /api/v1/monitor/<table>` for the coordinator's staff and ops,
 *   with their bearer tokens (http/bearer-auth.ts); JSON, or CSV with `?format=csv` (or
 *   `Accept: text/csv`) for one table;
 * - `GET /api/v1/open/monitor…`, the same figures without a credential, only when the region
 *   publishes open data (`monitor.openData`); `public, max-age=3600`, kept by CloudFront
 *   (config/monitor-caching.ts), whose cache key is the path and `from`, `to` and `format`
 *   alone: so the open view chooses CSV by those, never by `Accept`, which is not in the key.
 *   The credentialed view says `private, no-store`.
 *
 * Every figure is suppressed as the region's threshold says, for every reader alike.
 */
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import type { APIGatewayProxyResult } from "aws-lambda";
import { parseRequest } from "../domain/invalid-input.ts";
import { MONITOR_TABLES, type MonitorTable } from "../domain/monitor.ts";
import { tableCsv } from "../domain/monitor-view.ts";
import { callerOf, FORBIDDEN } from "./http/bearer-auth.ts";
import { type BodyEvent, contractErrors, header } from "./http/middleware.ts";
import { HttpProblemError } from "./http/problems.ts";
import { API_HEADERS, jsonResponse, monitorCacheHeaders } from "./http/responses.ts";
import { MonitorQuerySchema, readMonitor } from "./use-cases/read-monitor.ts";
import { accessDeps, currentRegion, logger, monitorDeps } from "./wiring/monitor.ts";

const NOT_FOUND = () => new HttpProblemError(404, "not_found", "There is nothing here.");

/** `monitor` or `open/monitor`, then an optional table. */
function parsePath(path: string): { open: boolean; table?: MonitorTable } {
  const match = /^\/api\/v1\/(open\/)?monitor(?:\/([a-z_]+?)(?:\.csv)?)?\/?$/.exec(path);
  if (!match) throw NOT_FOUND();
  const table = match[2];
  if (table !== undefined && !(MONITOR_TABLES as readonly string[]).includes(table))
    throw NOT_FOUND();
  return { open: match[1] !== undefined, ...(table ? { table: table as MonitorTable } : {}) };
}

async function admit(event: BodyEvent, now: number): Promise<void> {
  const caller = await callerOf(accessDeps(), event, now);
  // The coordinator's staff and ops: the region's figures are the coordinator's to read.
  if (caller.kind === "staff" && caller.organisation !== currentRegion().coordinator)
    throw FORBIDDEN();
}

export const handler = middy<BodyEvent, APIGatewayProxyResult>()
  .use(injectLambdaContext(logger))
  .use(contractErrors(logger))
  .handler(async (event) => {
    const now = Date.now();
    if (event.httpMethod !== "GET")
      throw new HttpProblemError(405, "method_not_allowed", "This method is not allowed here.", {
        Allow: "GET",
      });
    const region = currentRegion();
    const { open, table } = parsePath(event.path);
    if (open && !region.monitor?.openData) throw NOT_FOUND();
    if (!open) await admit(event, now);
    const query = parseRequest(MonitorQuerySchema, event.queryStringParameters ?? {});
    const csv =
      query.format === "csv" ||
      event.path.endsWith(".csv") ||
      (!open && (header(event, "accept") ?? "").includes("text/csv"));
    if (csv && !table)
      throw new HttpProblemError(406, "not_acceptable", "CSV is given one table at a time.");
    const view = await readMonitor(monitorDeps(), query, now, table);
    logger.info("monitor request", { table: table ?? "all", open, months: view.months.length });
    const cache = monitorCacheHeaders(open);
    const [first] = view.tables;
    if (csv && first)
      return {
        statusCode: 200,
        headers: { ...API_HEADERS, ...cache, "Content-Type": "text/csv; charset=utf-8" },
        body: tableCsv(first),
      };
    return jsonResponse(200, view, cache);
  });
