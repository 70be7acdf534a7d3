/**
 * Concurrency: the intake capped, the router and the escalation with a share of their own, the
 * canary one run at a time.
 */
import { describe, expect, it } from "vitest";
import {
  LAMBDA_UNRESERVED_MINIMUM,
  RESERVED_CONCURRENCY,
  ROUTER_MAX_CONCURRENCY,
  requiredConcurrencyQuota,
} from "../../lib/capacity.ts";
import { aliasNameOf, canaryOf, logicalId, synthesize } from "../helpers/synth.ts";

const { stack, template } = synthesize();
const functions = template.findResources("AWS::Lambda::Function");
const reservedOf = (id: string) => functions[id]?.Properties.ReservedConcurrentExecutions;

describe("reserved concurrency", () => {
  it.each([
    { name: "intake", construct: stack.api.intake.function, reserved: RESERVED_CONCURRENCY.intake },
    {
      name: "router",
      construct: stack.routing.router.function,
      reserved: RESERVED_CONCURRENCY.router,
    },
    {
      name: "escalator",
      construct: stack.schedules.escalator.function,
      reserved: RESERVED_CONCURRENCY.escalator,
    },
    {
      name: "canary",
      construct: canaryOf(stack).runner.function,
      reserved: RESERVED_CONCURRENCY.canary,
    },
  ])("the $name has $reserved reserved", ({ construct, reserved }) => {
    expect(reservedOf(logicalId(construct))).toBe(reserved);
  });

  it("reserves for those four only", () => {
    const reserved = Object.values(functions).filter(
      (fn) => fn.Properties.ReservedConcurrentExecutions !== undefined,
    );
    expect(reserved).toHaveLength(4);
    expect(RESERVED_CONCURRENCY.canary).toBe(1);
  });

  it("scales the routing event source to at most part of the router's share", () => {
    template.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      FunctionName: aliasNameOf(stack.routing.router.live),
      ScalingConfig: { MaximumConcurrency: ROUTER_MAX_CONCURRENCY },
    });
    expect(ROUTER_MAX_CONCURRENCY).toBeGreaterThanOrEqual(2);
    expect(ROUTER_MAX_CONCURRENCY).toBeLessThanOrEqual(RESERVED_CONCURRENCY.router);
  });

  it("needs a quota of the reservations plus Lambda's unreserved minimum", () => {
    expect(requiredConcurrencyQuota()).toBe(62 + LAMBDA_UNRESERVED_MINIMUM);
  });
});
