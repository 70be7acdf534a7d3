/**
 * The SQS side of the ports. A routing message carries the case id and nothing else; a delivery
 * envelope carries what G7 lets an organisation read, the person's parts sealed to it. The
 * envelope id travels as a message attribute too, so a consumer can drop a repeat before it
 * parses the body.
 */
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { deliveryQueueName, routingQueueName } from "../../lib/resources.ts";
import type { DeliveryQueues, RoutingQueue } from "../use-cases/ports.ts";
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

export const deliveryQueues: DeliveryQueues = {
  async deliver(envelope) {
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl(deliveryQueueName(currentRegion().id, envelope.organisation)),
        MessageBody: JSON.stringify(envelope),
        MessageAttributes: {
          envelopeId: { DataType: "String", StringValue: envelope.envelopeId },
        },
      }),
    );
  },
};
