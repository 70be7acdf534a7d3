/**
 * The AWS signature as the packages carry it: `aws4` is CommonJS, and the bundle gives it the
 * built-ins it requires as imports (lib/function-bundling.ts, `BUILTIN_ALIASES`), with no
 * `require` at run time. The bundled signer, calling a local server, sends exactly the
 * signature `aws4` makes unbundled for the same request.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import aws4 from "aws4";
import { afterAll, describe, expect, it } from "vitest";
import { buildBundle } from "../../lib/function-bundling.ts";
import { REPO_ROOT, sampleRegion } from "../helpers/synth.ts";

const outDir = mkdtempSync(path.join(REPO_ROOT, ".bundles-signing-test-"));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

const CREDENTIALS = {
  AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
  AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
  AWS_SESSION_TOKEN: "session-token",
  AWS_REGION: "eu-central-1",
};
const HEADERS = {
  "Content-Type": "application/x-amz-json-1.0",
  "X-Amz-Target": "TestService.Operation",
  "X-Amz-Date": "20260101T120000Z",
};
const BODY = '{"ask":"something ✓"}';

describe("aws4 in a package", () => {
  it("signs a call as aws4 does unbundled, without require at run time", async () => {
    const { file } = await buildBundle(
      "functions/adapters/aws-requests.ts",
      sampleRegion(),
      outDir,
    );
    expect(readFileSync(file, "utf8")).not.toMatch(/typeof require/);
    const script = `
      import http from "node:http";
      const { callAws } = await import(${JSON.stringify(file)});
      const server = http.createServer((request, response) => {
        process.stdout.write(JSON.stringify(request.headers));
        response.end("{}");
      });
      await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
      process.env.AWS_ENDPOINT_URL_TESTSVC = "http://127.0.0.1:" + server.address().port + "/";
      await callAws({
        service: { signingName: "testsvc", endpointVariable: "TESTSVC", hostPrefix: "t" },
        headers: ${JSON.stringify(HEADERS)},
        body: ${JSON.stringify(BODY)},
        protocol: "json",
        options: { maxAttempts: 1, connectTimeoutMs: 1000, requestTimeoutMs: 2000 },
      });
      server.close();`;
    const seen = JSON.parse(
      execFileSync(process.execPath, ["--input-type=module", "-e", script], {
        encoding: "utf8",
        env: { ...process.env, ...CREDENTIALS },
      }),
    );
    const expected = aws4.sign(
      {
        host: seen.host,
        path: "/",
        method: "POST",
        service: "testsvc",
        region: CREDENTIALS.AWS_REGION,
        headers: { ...HEADERS },
        body: BODY,
      },
      {
        accessKeyId: CREDENTIALS.AWS_ACCESS_KEY_ID,
        secretAccessKey: CREDENTIALS.AWS_SECRET_ACCESS_KEY,
        sessionToken: CREDENTIALS.AWS_SESSION_TOKEN,
      },
    );
    expect(seen.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20260101\//);
    expect(seen.authorization).toBe(expected.headers?.Authorization);
  });
});
