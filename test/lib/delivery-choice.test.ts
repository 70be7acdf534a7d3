/**
 * An organisation's delivery choice in the region file (`"delivery": "inbox" | "both"`): the
 * stack makes a delivery queue, its dead-letter queue, its alarm and its outputs only for an
 * organisation that chose `both`, and grants no one anything on a queue that does not exist.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { deadLetterName, deliveryQueueName, queuesOf } from "../../config/resources.ts";
import { parseRegion } from "../../domain/region.ts";
import { anOrganisation, aRegionInput } from "../helpers/region-factory.ts";
import {
  logicalId,
  roleOf,
  rolesAllowed,
  type Synthesized,
  sampleRegion,
  synthesize,
} from "../helpers/synth.ts";

const SEND = ["sqs:SendMessage"];
const queueNames = (synthesized: Synthesized) =>
  Object.values(synthesized.template.findResources("AWS::SQS::Queue"))
    .map((resource) => String(resource.Properties?.QueueName))
    .sort();

describe("a region whose coordinator and one organisation work in the inbox alone", () => {
  // The coordinator is `coord` (region-factory): inbox only, like `shelter`; `ngo` keeps a queue.
  const input = aRegionInput(
    [anOrganisation("shelter", { delivery: "inbox" }), anOrganisation("ngo", { delivery: "both" })],
    { id: "choice" },
  );
  const [coordinator, ...others] = input.organisations;
  const region = parseRegion({
    ...input,
    organisations: [{ ...coordinator, delivery: "inbox" }, ...others],
  });
  let synthesized: Synthesized;
  beforeAll(() => {
    synthesized = synthesize(region);
  });

  it("declares the routing queue and the queue of `ngo` only, each with its dead-letter queue", () => {
    const names = ["choice-routing", deliveryQueueName("choice", "ngo")];
    expect(queuesOf(region).map((declaration) => declaration.name)).toEqual(names);
    expect(queueNames(synthesized)).toEqual([...names, ...names.map(deadLetterName)].sort());
  });

  it("sends nothing to a queue of the inbox-only organisations: none exists, no role may", () => {
    const { stack, template } = synthesized;
    const [ngo] = stack.routing.deliveryQueues();
    expect(ngo?.declaration.organisation).toBe("ngo");
    // The router (cases), the person's status (a withdrawal's notice) and the organisations' API
    // (a flag's notice reaches every organisation on the case); not the escalation, whose
    // notices go to the coordinator alone.
    expect(rolesAllowed(template, SEND, logicalId(ngo?.queue as never)).sort()).toEqual(
      [
        roleOf(stack.routing.router.function),
        roleOf(stack.api.status.function),
        roleOf(stack.api.organisations.function),
      ].sort(),
    );
    expect(() => stack.routing.deliveryQueueOf("coord")).toThrow();
    expect(() => stack.routing.deliveryQueueOf("shelter")).toThrow();
  });
});

describe("the sample region", () => {
  const region = sampleRegion();

  it("makes a queue for each organisation that chose both, and none for those that chose the inbox", () => {
    const synthesized = synthesize(region);
    const names = queueNames(synthesized);
    for (const organisation of region.organisations) {
      const name = deliveryQueueName(region.id, organisation.id);
      expect({ organisation: organisation.id, queue: names.includes(name) }).toEqual({
        organisation: organisation.id,
        queue: organisation.delivery === "both",
      });
      expect(names.includes(deadLetterName(name))).toBe(organisation.delivery === "both");
    }
    expect(region.organisations.some((organisation) => organisation.delivery === "inbox")).toBe(
      true,
    );
  });
});
