/** `intake dev` (what `npm start` runs), as a newcomer starts it: a child process, then Ctrl-C. */
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import type { Challenge } from "altcha-lib/v1/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { solveChallenge } from "../../functions/adapters/proof-of-work.ts";
import { aWorkerWhoLostEverything } from "../helpers/report-factory.ts";
import { eventually } from "../helpers/test-system.ts";

const BIN = fileURLToPath(new URL("../../bin/intake.mjs", import.meta.url));
let child: ChildProcess;
let output = "";
let url = "";

beforeAll(async () => {
  child = spawn(process.execPath, [BIN, "dev", "--port", "0"], {
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.setEncoding("utf8").on("data", (chunk) => (output += chunk));
  child.stderr?.setEncoding("utf8").on("data", (chunk) => (output += chunk));
  url = await eventually(async () => output.match(/http:\/\/127\.0\.0\.1:\d+/)?.[0], 30_000);
  await eventually(async () => (output.includes("Ctrl-C stops.") ? true : undefined), 30_000);
});

afterAll(() => {
  if (child.exitCode === null) child.kill("SIGKILL");
});

describe("intake dev", () => {
  it("prints the address, one status line per organisation queue, and who works in the inbox alone", () => {
    for (const organisation of ["coordination-centre", "labour-ngo", "labour-inspectorate"]) {
      expect(output).toMatch(
        new RegExp(`${organisation}\\s+0 waiting, 0 being read, 0 dead-lettered`),
      );
    }
    expect(output).toMatch(/in the inbox alone, no queue: .*youth-care/);
    expect(output).toMatch(
      /^ {2}test organisation \(the smoke test.s reports, and nobody.s else\): ops-test$/m,
    );
    expect(output).not.toMatch(/youth-care\s+0 waiting/);
  });

  it("serves the form and takes a report that then waits on each routed organisation's queue", async () => {
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toContain("default-src 'none'");

    const challenge = (await (await fetch(`${url}/api/v1/challenge`)).json()) as Challenge;
    const answer = await fetch(`${url}/api/v1/reports`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        ...aWorkerWhoLostEverything(),
        submissionId: randomUUID(),
        proof: solveChallenge(challenge),
      }),
    });
    expect(answer.status).toBe(201);
    for (const organisation of ["labour-ngo", "legal-aid", "coordination-centre"]) {
      await eventually(async () =>
        new RegExp(`${organisation}\\s+1 waiting`).test(output) ? true : undefined,
      );
      // Each organisation is alerted, without a word of what it is about.
      await eventually(async () =>
        output.includes(`[alert to ${organisation}] Something new is waiting in your inbox.`)
          ? true
          : undefined,
      );
    }
  });

  it("stops cleanly on Ctrl-C (SIGINT) with exit code 0", async () => {
    const exited = new Promise<number | null>((resolve) =>
      child.once("exit", (code) => resolve(code)),
    );
    child.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(output).toContain("stopping");
  });
});
