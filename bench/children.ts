/**
 * The bench's child processes: the emulators (so that their CPU is not counted as the
 * intake's), `intake dev`, and the proof solvers. Each starts from the environment the bench
 * started with, because an in-process local system rewrites this process's AWS and INTAKE
 * variables; each is read line by line and stopped by its own pid, never by name.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

/** Taken when the bench starts, before any local system has set its variables. */
const STARTING_ENV = { ...process.env };
const STOP_GRACE_MS = 10_000;

/** Children still running: if the bench dies without stopping them, they die with it. */
const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

export interface Child {
  pid: number;
  /** waits for the first line of standard output that `match` maps to a value */
  line<T>(match: (line: string) => T | undefined, timeoutMs?: number): Promise<T>;
  /** writes to the child's standard input and closes it */
  send(text: string): void;
  /** the whole standard output so far, and the standard error */
  stdout(): string;
  stderr(): string;
  exited(): Promise<number | null>;
  /** closes its standard input, sends SIGTERM, and SIGKILL if it has not gone after a while */
  stop(): Promise<void>;
}

function wrap(child: ChildProcess, what: string): Child {
  if (child.pid === undefined) throw new Error(`${what} did not start.`);
  const pid = child.pid;
  const lines: string[] = [];
  const errors: string[] = [];
  const listeners = new Set<() => void>();
  let exitCode: number | null | undefined;
  running.add(child);
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code) => {
      exitCode = code;
      running.delete(child);
      for (const listener of listeners) listener();
      resolve(code);
    });
  });
  if (child.stdout)
    createInterface({ input: child.stdout }).on("line", (line) => {
      lines.push(line);
      for (const listener of listeners) listener();
    });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => errors.push(chunk));
  // A child that dies first makes writes to its stdin fail: the exit is what the bench reports.
  child.stdin?.on("error", () => undefined);

  return {
    pid,
    line(match, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        let seen = 0;
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        const check = () => {
          for (; seen < lines.length; seen++) {
            const value = match(lines[seen] as string);
            if (value !== undefined) {
              done();
              resolve(value);
              return;
            }
          }
          if (exitCode !== undefined) {
            done();
            reject(new Error(`${what} exited (${exitCode}): ${errors.join("").slice(-2000)}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`${what} said nothing expected within ${timeoutMs} ms.`));
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
    send(text) {
      child.stdin?.end(text);
    },
    stdout: () => lines.join("\n"),
    stderr: () => errors.join(""),
    exited: () => exited,
    async stop() {
      if (exitCode !== undefined) return;
      child.stdin?.end();
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A TypeScript file of bench/ in a child Node, through tsx as this process runs. */
export function startBenchScript(file: string): Child {
  const path = fileURLToPath(new URL(file, import.meta.url));
  return wrap(
    spawn(process.execPath, [...process.execArgv, path], {
      env: STARTING_ENV,
      stdio: ["pipe", "pipe", "pipe"],
    }),
    file,
  );
}

/** The project's command line (`bin/intake.mjs`, which registers tsx itself). */
export function startIntakeCommand(
  args: string[],
  nodeArgs: string[] = [],
  env: Record<string, string> = {},
): Child {
  const bin = fileURLToPath(new URL("../bin/intake.mjs", import.meta.url));
  return wrap(
    spawn(process.execPath, [...nodeArgs, bin, ...args], {
      env: { ...STARTING_ENV, ...env },
      stdio: ["pipe", "pipe", "pipe"],
    }),
    `intake ${args.join(" ")}`,
  );
}

/** Kilobyte fields of /proc/<pid>/status (VmRSS, VmHWM), in megabytes (Linux only). */
export function memoryMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const field = (name: string) =>
    Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN) / 1024;
  return { rss: field("VmRSS"), peak: field("VmHWM") };
}

/** CPU milliseconds (user + system) a process has used, from /proc/<pid>/stat (Linux only). */
export function processCpuMs(pid: number): number {
  // Fields after the command's closing parenthesis; utime and stime are the 14th and 15th
  // fields of the line, in clock ticks of USER_HZ, which Linux fixes at 100 for user space.
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
