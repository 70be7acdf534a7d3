/**
 * The routing queue and the organisations' delivery queues in memory (ports/queues.ts): each
 * records what was sent, in order, so a test asserts what reached whom.
 *
 * Models the port, not SQS: every message is recorded, including one for an organisation that
 * chose the inbox alone (the SQS adapter drops those, by the region's `delivery`); no
 * visibility, redelivery or dead-letter queue. `failNext` makes the next sends throw, to test
 * what a use case does when a queue is down.
 */
import type {
  DeliveryQueues,
  Envelope,
  Notice,
  RoutingQueue,
} from "../../../functions/ports/queues.ts";

export interface InMemoryQueues {
  routing: RoutingQueue;
  delivery: DeliveryQueues;
  /** case ids enqueued for routing, in order */
  enqueued: string[];
  /** case envelopes delivered, in order */
  delivered: Envelope[];
  /** notices sent, in order */
  notices: Notice[];
  /** the next `count` sends on this queue throw `error` */
  failNext(queue: "routing" | "delivery", count?: number, error?: Error): void;
}

export function inMemoryQueues(): InMemoryQueues {
  const enqueued: string[] = [];
  const delivered: Envelope[] = [];
  const notices: Notice[] = [];
  const failures = { routing: [] as Error[], delivery: [] as Error[] };
  const failIfAsked = (queue: "routing" | "delivery") => {
    const error = failures[queue].shift();
    if (error) throw error;
  };
  return {
    routing: {
      async enqueue(caseId) {
        failIfAsked("routing");
        enqueued.push(caseId);
      },
    },
    delivery: {
      async deliver(envelope) {
        failIfAsked("delivery");
        delivered.push(structuredClone(envelope));
      },
      async notify(notice) {
        failIfAsked("delivery");
        notices.push(structuredClone(notice));
      },
    },
    enqueued,
    delivered,
    notices,
    failNext(queue, count = 1, error = new Error(`The ${queue} queue is down.`)) {
      for (let index = 0; index < count; index++) failures[queue].push(error);
    },
  };
}
