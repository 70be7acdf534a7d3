/**
 * What the Lambda packages carry in place of `node:stream/web`, swapped in by the bundle's
 * aliases (lib/function-bundling.ts). Only middy's core imports it, for one test on its
 * streamed-response path (`streamifyResponse`, which no function of ours uses): is the
 * handler's answer a `ReadableStream`? Importing `node:stream/web` loads all of Node's web
 * streams (readable, writable, transform, compression, text encoding: about 4 ms of every
 * module load here); this answers the same test from the global `ReadableStream`, which Node
 * loads only when something reads it.
 */
export const ReadableStream = {
  [Symbol.hasInstance]: (value: unknown): boolean => value instanceof globalThis.ReadableStream,
};
