/**
 * The person's status steps as a table: for each step (`` for the status itself, `pin`,
 * `reply`, `share`, `withdraw`, `check-in`) the body it takes and the one use case it runs. The
 * handler (functions/person-status.ts) validates, runs the row, and answers in JSON or, for a
 * form posted without JavaScript, with a page. A step that cannot be done answers the same for
 * every reason (unknown code, locked, withdrawn, done already), and what the person wrote comes
 * back in the page, never lost to a refusal.
 */
import type { APIGatewayProxyResult } from "aws-lambda";
import * as z from "zod/mini";
import { CheckInAnswersSchema } from "../../domain/check-ins.ts";
import { INVALID_REQUEST_MESSAGE, InvalidInputError } from "../../domain/invalid-input.ts";
import { onFirstUse } from "../../domain/on-first-use.ts";
import type { Region } from "../../domain/region.ts";
import type { Status } from "../../domain/status-views.ts";
import type { Locale } from "../../domain/vocabulary.ts";
import { translator } from "../../web/pages/page-shell.ts";
import { eventText, type StatusPageOptions } from "../../web/pages/status-page.ts";
import { renderDeleted } from "../../web/pages/status-steps.ts";
import { answerCheckIn } from "../use-cases/answer-check-in.ts";
import { choosePin, InvalidPinError } from "../use-cases/choose-pin.ts";
import { NobodyToReadError, reply } from "../use-cases/person-replies.ts";
import { StatusClosedError } from "../use-cases/receipt-access.ts";
import { type ShareLaterDeps, shareLater } from "../use-cases/share-later.ts";
import { withdraw } from "../use-cases/withdraw-case.ts";
import { HttpProblemError } from "./problems.ts";
import { htmlResponse, jsonResponse } from "./responses.ts";

const text = (max: number) => z.string().check(z.maxLength(max));
const credentials = () => ({
  receipt: text(200),
  pin: z.optional(text(40)),
  locale: z.optional(text(10)),
});
const stepSchemas = {
  "": () => z.strictObject(credentials()),
  pin: () => z.strictObject({ ...credentials(), newPin: text(40) }),
  reply: () =>
    z.strictObject({
      ...credentials(),
      text: text(4000).check(z.minLength(1)),
      inReplyTo: z.optional(z.uuid()),
    }),
  share: () =>
    z.strictObject({
      ...credentials(),
      consent: z.strictObject({
        share: z.literal(true),
        authorities: z._default(z.boolean(), false),
      }),
      text: z.optional(text(4000)),
    }),
  /** `confirm` is the form's second step: a form post without it is asked to confirm */
  withdraw: () =>
    z.strictObject({
      ...credentials(),
      kind: z.enum(["consent", "delete"]),
      confirm: z.optional(z.literal("yes")),
    }),
  "check-in": () => z.strictObject({ ...credentials(), answers: CheckInAnswersSchema() }),
} as const;
type StepSchemas = typeof stepSchemas;

/**
 * Each step's body, its schema built when a request first takes the step
 * (domain/on-first-use.ts): a cold start builds the one its request needs, not all six.
 */
export const STATUS_SCHEMAS = Object.fromEntries(
  Object.entries(stepSchemas).map(([step, make]) => [step, onFirstUse(make)]),
) as { readonly [S in keyof StepSchemas]: StepSchemas[S] };
export type Step = keyof typeof STATUS_SCHEMAS;
type Input<S extends Step> = z.output<ReturnType<StepSchemas[S]>>;

/** A form post's fields as the JSON body they stand for (check-in answers, consent nested). */
export function formBody(body: string, step: Step): Record<string, unknown> {
  const fields = Object.fromEntries(new URLSearchParams(body));
  if (step === "share") {
    const { share, authorities, text, ...rest } = fields;
    return {
      ...rest,
      ...(text ? { text } : {}),
      consent: { share: share === "yes", authorities: authorities === "yes" },
    };
  }
  if (step !== "check-in") return fields;
  const { receipt, pin, locale, ...answers } = fields;
  return { receipt, pin, locale, answers };
}

/** The status as JSON: the timeline's words in the person's locale. */
export function statusJson(status: Status) {
  if (!status.found || status.locked) return status;
  const t = translator(status.locale as Locale);
  return {
    ...status,
    timeline: status.timeline.map((event) => ({ ...event, text: eventText(event, t) })),
  };
}

export interface StepRequest<S extends Step> {
  deps: ShareLaterDeps;
  input: Input<S>;
  form: boolean;
  region: Region;
  now: number;
}

/** What a step did: the page's notice, a PIN that now opens the case, or a whole answer. */
export interface StepResult {
  options: StatusPageOptions;
  newPin?: string;
  answer?: APIGatewayProxyResult;
}

interface StatusRoute<S extends Step> {
  run: (request: StepRequest<S>) => Promise<StepResult>;
  /** what the page says if the step is refused: the text the person wrote, kept */
  kept?: (input: Input<S>) => StatusPageOptions;
}

const credentialsOf = (input: { receipt: string; pin?: string | undefined }) =>
  [input.receipt, input.pin] as const;

export const STATUS_ROUTES: { [S in Step]: StatusRoute<S> } = {
  "": { run: async () => ({ options: {} }) },
  pin: {
    run: async ({ deps, input, now }) => {
      await choosePin(deps, input.receipt, input.newPin, now);
      return { options: { notice: "status.pin.saved" }, newPin: input.newPin };
    },
  },
  share: {
    kept: (input) => ({ notice: "status.share.kept", keptText: input.text }),
    run: async ({ deps, input, now }) => {
      await shareLater(deps, ...credentialsOf(input), input.consent, input.text, now);
      return {
        options: { notice: input.text?.trim() ? "status.share.sent" : "status.share.done" },
      };
    },
  },
  reply: {
    kept: (input) => ({ notice: "status.reply.kept", keptText: input.text }),
    run: async ({ deps, input, now }) => {
      await reply(deps, ...credentialsOf(input), input.text, input.inReplyTo, now);
      return { options: { notice: "status.reply.sent" } };
    },
  },
  withdraw: {
    run: async ({ deps, input, form, region, now }) => {
      const { locale } = await withdraw(deps, ...credentialsOf(input), input.kind, now);
      // After deleting, the code opens nothing: the page says it is done, in the case's locale.
      if (form && input.kind === "delete")
        return {
          options: {},
          answer: htmlResponse(200, renderDeleted({ region, locale: locale as Locale })),
        };
      return { options: { notice: "status.withdraw.done" } };
    },
  },
  "check-in": {
    run: async ({ deps, input, form, now }) => {
      const result = await answerCheckIn(deps, ...credentialsOf(input), input.answers, now);
      if (!form)
        return {
          options: {},
          answer: jsonResponse(200, { recorded: true, followUp: result.followUp }),
        };
      return {
        options: { notice: "status.checkIn.thanks", newReceipt: result.followUp?.receipt },
      };
    },
  },
};

/**
 * A step that could not be done. JSON callers get the contract's error; a form gets the page
 * again with a notice, and what the person wrote (`kept`) back in it.
 */
export function refusal(error: unknown, form: boolean, kept: StatusPageOptions): StatusPageOptions {
  if (error instanceof InvalidPinError) {
    if (!form)
      throw new InvalidInputError("invalid_request", INVALID_REQUEST_MESSAGE, [
        { path: "newPin", message: "must be 6 to 10 digits, not an easy one" },
      ]);
    return { notice: "status.pin.invalid" };
  }
  if (!(error instanceof StatusClosedError)) throw error;
  // Unknown, locked, withdrawn or already done: one answer for all of them.
  if (!form) throw new HttpProblemError(403, "not_possible", "This cannot be done with this code.");
  if (error instanceof NobodyToReadError) return kept;
  if (kept.keptText === undefined) return { notice: "status.notPossible" };
  return { ...kept, notice: "status.notPossible.kept" };
}
