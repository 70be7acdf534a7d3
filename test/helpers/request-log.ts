/**
 * Every request a browser context makes, with its headers and body: what a test scans to prove
 * that a secret never left the page (the URL alone, which `watchedPage` records, would miss a
 * header or a body).
 */
import type { BrowserContext } from "playwright-core";

export interface LoggedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
}

export interface RequestLog {
  /** every request so far, once their headers are in */
  all(): Promise<LoggedRequest[]>;
}

export function logRequests(context: BrowserContext): RequestLog {
  const pending: Promise<LoggedRequest>[] = [];
  context.on("request", (request) => {
    pending.push(
      (async () => ({
        url: request.url(),
        method: request.method(),
        // Every header Chromium sent, also those the page cannot see (allHeaders, not headers).
        headers: await request.allHeaders().catch(() => request.headers()),
        body: request.postDataBuffer()?.toString("latin1") ?? "",
      }))(),
    );
  });
  return { all: () => Promise.all(pending) };
}

/** Where each needle appears in the log (URL, a header, the body), for a readable failure. */
export function whereFound(log: readonly LoggedRequest[], needles: readonly string[]): string[] {
  const found: string[] = [];
  for (const request of log) {
    const places: [string, string][] = [
      ["url", request.url],
      ["body", request.body],
      ...Object.entries(request.headers).map(([name, value]): [string, string] => [
        `header ${name}`,
        `${name}: ${value}`,
      ]),
    ];
    for (const [place, text] of places)
      for (const needle of needles)
        if (needle && text.includes(needle))
          found.push(`${request.method} ${request.url}: ${place}`);
  }
  return found;
}
