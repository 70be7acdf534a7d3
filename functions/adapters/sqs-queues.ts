/**
 * The SQS side of the ports. A routing message carries the case id and nothing else; a delivery
 * envelope carries what G7 lets an organisation read, the person's parts sealed to it. The
 * envelope id travels as a message attribute too, so a consumer can drop a repeat before it
 * parses the body.
 */
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { deliveryQueueName, routingQueueName } from "../../lib/resources.ts";
import type { DeliveryQueues, Envelope, Notice, RoutingQueue } from "../use-cases/ports.ts";
import { sqs } from "./aws-clients.ts";
import { currentRegion } from "./current-region.ts";
import { queueUrl } from "./environment.ts";

export const routingQueue: RoutingQueue = {
  async enqueue(caseId) {
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl(routingQueueName(currentRegion().id)),
        MessageBody: JSON.stringify({ caseId }),
      }),
    );
  },
};

/** One message on an organisation's queue: a case envelope or a notice, told apart by `kind`. */
async function send(message: Envelope | Notice): Promise<void> {
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrl(deliveryQueueName(currentRegion().id, message.organisation)),
      MessageBody: JSON.stringify(message),
      MessageAttributes: {
        envelopeId: { DataType: "String", StringValue: message.envelopeId },
        kind: { DataType: "String", StringValue: message.kind },
      },
    }),
  );
}

export const deliveryQueues: DeliveryQueues = { deliver: send, notify: send };
