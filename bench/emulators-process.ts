/**
 * The emulators in a process of their own (`startEmulators()`), for the intake benchmarks: what
 * dynalite and local-aws-sqs spend serving requests is not the intake's (on AWS it is on no
 * Lambda's bill), and running them apart keeps it out of the bench process's CPU time. Prints
 * its endpoints as one line of JSON, then runs until its standard input closes (the bench is
 * done, or died) or it is sent SIGTERM.
 */
import { startEmulators } from "../local/emulators.ts";

const emulators = await startEmulators();
process.stdout.write(
  `${JSON.stringify({ dynamoEndpoint: emulators.dynamoEndpoint, sqsEndpoint: emulators.sqsEndpoint })}\n`,
);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  emulators.stop().finally(() => process.exit(0));
};
process.stdin.on("end", stop).on("close", stop).resume();
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
