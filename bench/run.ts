/** `npm run bench`: every benchmark of the project, each printed beside a baseline of the same run. */
import { benchDecisions } from "./decide-reports.ts";
import { machine } from "./measure.ts";

process.stdout.write(`${machine()}\n\n`);
process.stdout.write(`${benchDecisions()}\n`);
