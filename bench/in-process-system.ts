/**
 * The intake benchmarks' setting: the emulators in a child process (bench/emulators-process.ts),
 * a local system in this process on them, as the integration tests run it. The handlers keep
 * one SDK client per module for the whole process, so every local system of a run must use
 * the same emulators; each gets tables and queues of its own through a name prefix.
 */
import type { Emulators } from "../local/emulators.ts";
import {
  type LocalSystem,
  type LocalSystemOptions,
  startLocalSystem,
} from "../local/local-system.ts";
import { startBenchScript } from "./children.ts";

/** The emulators of a child process, and its pid (to read what CPU they used). */
export async function startEmulatorsProcess(): Promise<Emulators & { pid: number }> {
  const child = startBenchScript("./emulators-process.ts");
  try {
    const endpoints = await child.line((line) =>
      line.startsWith("{") ? (JSON.parse(line) as Record<string, string>) : undefined,
    );
    const unavailable = async () => {
      throw new Error("The bench's emulators run in a child process.");
    };
    return {
      dynamoEndpoint: String(endpoints.dynamoEndpoint),
      sqsEndpoint: String(endpoints.sqsEndpoint),
      pauseSqs: unavailable,
      resumeSqs: unavailable,
      stop: () => child.stop(),
      pid: child.pid,
    };
  } catch (error) {
    await child.stop();
    throw error;
  }
}

/** Runs `work` on a local system of its own, stopped afterwards whatever happens. */
export async function withLocalSystem<T>(
  options: LocalSystemOptions & { emulators: Emulators; namePrefix: string },
  work: (system: LocalSystem) => Promise<T>,
): Promise<T> {
  const system = await startLocalSystem({
    sweepIntervalMs: 0,
    // what `intake dev` logs; INFO (as on Lambda) would print a line per report into the output
    logLevel: "WARN",
    onError: (where, error) =>
      process.stderr.write(`[${where}] ${error instanceof Error ? error.name : "error"}\n`),
    ...options,
  });
  try {
    return await work(system);
  } finally {
    await system.stop();
  }
}
