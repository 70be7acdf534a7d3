/**
 * The two AWS emulators of the local runtime, in this process, on loopback: dynalite for
 * DynamoDB (in memory, or in a folder with `dataDir`) and local-aws-sqs for SQS (in memory).
 * Port 0 lets the operating system choose, so tests can run side by side.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import dynalite from "dynalite";
import { createSqsServer } from "local-aws-sqs";

export interface Emulators {
  dynamoEndpoint: string;
  sqsEndpoint: string;
  /** stops SQS only, keeping its queues and messages; `resumeSqs` brings it back on its port */
  pauseSqs(): Promise<void>;
  resumeSqs(): Promise<void>;
  stop(): Promise<void>;
}

const HOST = "127.0.0.1";

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, HOST, () => resolve((server.address() as AddressInfo).port));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export interface EmulatorOptions {
  dataDir?: string;
  /** 0 (the default) lets the operating system choose */
  dynamoPort?: number;
  sqsPort?: number;
}

export async function startEmulators(options: EmulatorOptions = {}): Promise<Emulators> {
  const dynamo = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(options.dataDir ? { path: options.dataDir } : {}),
  });
  const dynamoPort = await listen(dynamo, options.dynamoPort ?? 0);

  // local-aws-sqs emulates AWS's wait of 60 s before a deleted queue's name may be reused, and
  // validates that a redrive policy's dead-letter queue exists: keep the second, not the first.
  const sqs: Server = await createSqsServer({
    port: options.sqsPort ?? 0,
    hostname: HOST,
    emulateQueueCreationLifecycle: false,
  } as Parameters<typeof createSqsServer>[0]);
  const sqsPort = (sqs.address() as AddressInfo).port;

  return {
    dynamoEndpoint: `http://${HOST}:${dynamoPort}`,
    sqsEndpoint: `http://${HOST}:${sqsPort}`,
    pauseSqs: () => close(sqs),
    resumeSqs: async () => {
      await listen(sqs, sqsPort);
    },
    async stop() {
      await Promise.all([close(sqs), close(dynamo)]);
    },
  };
}
