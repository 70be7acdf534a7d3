/**
 * The packages' stand-in for `node:stream/web` (functions/adapters/web-streams-on-demand.ts):
 * middy's one use of it, `answer instanceof ReadableStream`, answers as the real class does.
 */
import { ReadableStream as NodeReadableStream } from "node:stream/web";
import { describe, expect, it } from "vitest";
import { ReadableStream } from "../../../functions/adapters/web-streams-on-demand.ts";

describe("the ReadableStream stand-in", () => {
  it.each([
    ["a web stream", new NodeReadableStream(), true],
    ["a global web stream", new globalThis.ReadableStream(), true],
    ["a JSON answer", { statusCode: 200, body: "{}" }, false],
    ["a string", "body", false],
    ["nothing", undefined, false],
  ])("tells %s as the real class does", (_, answer, isStream) => {
    expect(answer instanceof ReadableStream).toBe(isStream);
    expect(answer instanceof NodeReadableStream).toBe(isStream);
  });
});
