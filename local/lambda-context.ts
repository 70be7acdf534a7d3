/** A Lambda context for a local invocation: what powertools and middy read of it. */
import { randomUUID } from "node:crypto";
import type { Context } from "aws-lambda";

export function lambdaContext(functionName: string, timeoutMs: number): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: "1024",
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: "local",
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** A handler as the local runtime calls it; middy's handlers take an abort signal as well. */
export type LambdaFunction<TEvent, TResult> = (
  event: TEvent,
  context: Context,
  options: { signal: AbortSignal },
) => Promise<TResult> | TResult | undefined;

/** Calls a handler the way the Lambda runtime would, with a deadline of `timeoutMs`. */
export async function invoke<TEvent, TResult>(
  handler: LambdaFunction<TEvent, TResult>,
  event: TEvent,
  functionName: string,
  timeoutMs: number,
): Promise<TResult | undefined> {
  return handler(event, lambdaContext(functionName, timeoutMs), {
    signal: AbortSignal.timeout(timeoutMs),
  });
}
