/**
 * The SQS side of the ports. A routing message carries the case id and nothing else; a delivery
 * envelope points at a case (its id, when, how urgent), and a notice says what happened to one:
 * nothing of the person travels on a queue, so nothing of them outlives a withdrawal there. The
 * envelope id travels as a message attribute too, so a consumer can drop a repeat before it
 * parses the body. An organisation that chose the inbox alone has no queue: it is sent nothing.
 */
import { queueUrl } from "../../config/environment.ts";
import { deliveryQueueName, hasDeliveryQueue, routingQueueName } from "../../config/resources.ts";
import type { DeliveryQueues, Envelope, Notice, RoutingQueue } from "../ports/queues.ts";
import { sendMessage } from "./aws-clients.ts";
import { currentRegion } from "./current-region.ts";

export const routingQueue: RoutingQueue = {
  async enqueue(caseId) {
    await sendMessage({
      QueueUrl: queueUrl(routingQueueName(currentRegion().id)),
      MessageBody: JSON.stringify({ caseId }),
    });
  },
};

/** One message on an organisation's queue: a case envelope or a notice, told apart by `kind`. */
async function send(message: Envelope | Notice): Promise<void> {
  const region = currentRegion();
  if (!hasDeliveryQueue(region, message.organisation)) return;
  await sendMessage({
    QueueUrl: queueUrl(deliveryQueueName(region.id, message.organisation)),
    MessageBody: JSON.stringify(message),
    MessageAttributes: {
      envelopeId: { DataType: "String", StringValue: message.envelopeId },
      kind: { DataType: "String", StringValue: message.kind },
    },
  });
}

export const deliveryQueues: DeliveryQueues = { deliver: send, notify: send };
