/**
 * Conditional answers (RFC 9110, 8.8.3 and 13.1.2): an answer's `ETag` is a hash of its body,
 * and a request whose `If-None-Match` names it gets `304 Not Modified` with no body, so the
 * inbox can ask for its list every few seconds and fetch it only when it changed. The answer is
 * still computed each time (the list reads its cases): what is saved is the transfer, on a
 * caseworker's connection. `Cache-Control: no-store` stays: nothing keeps the answer but the
 * inbox itself, which sends the tag it last saw.
 */
import { createHash } from "node:crypto";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { header } from "./middleware.ts";

/** A strong tag: the first 128 bits of the body's SHA-256, base64url. */
export function etagOf(body: string): string {
  return `"${createHash("sha256").update(body, "utf8").digest("base64url").slice(0, 22)}"`;
}

/** Whether `If-None-Match` names this tag (weak comparison, as the RFC asks for it), or is `*`. */
export function noneMatch(ifNoneMatch: string | undefined, tag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  return ifNoneMatch
    .split(",")
    .map((candidate) => candidate.trim().replace(/^W\//, ""))
    .some((candidate) => candidate === "*" || candidate === tag);
}

/** The answer with its `ETag`, or a 304 with the same headers and no body when it matched. */
export function conditional(
  event: APIGatewayProxyEvent,
  response: APIGatewayProxyResult,
): APIGatewayProxyResult {
  if (response.statusCode !== 200) return response;
  const tag = etagOf(response.body);
  const headers: Record<string, string | number | boolean> = { ...response.headers, ETag: tag };
  if (!noneMatch(header(event, "if-none-match"), tag)) return { ...response, headers };
  const { "Content-Type": _type, ...rest } = headers;
  return { statusCode: 304, headers: rest, body: "" };
}
