/**
 * Where a function finds the files of its package: Lambda's task root (`/var/task`), or, off
 * Lambda, the folder of the running module (a bundle's folder, or functions/adapters/).
 */
import path from "node:path";

export const packageFile = (...parts: string[]): string =>
  path.join(
    process.env.LAMBDA_TASK_ROOT ?? path.dirname(new URL(import.meta.url).pathname),
    ...parts,
  );
