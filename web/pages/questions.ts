/**
 * The form's questions, one per field of the contract, in the order the person meets them:
 * safety first. The page, the no-JavaScript answer page and the client script all follow this
 * one list, so a question cannot be on one and missing from another.
 */
import type { MessageKey } from "../../domain/catalogs.ts";
import {
  CIRCUMSTANCES,
  CONTACT_CHANNELS,
  EXPLOITATION_TYPES,
  INDICATORS,
  LOSSES,
  NEEDS,
  REPORTERS,
  SECTORS,
  SITUATIONS,
  TRISTATE,
} from "../../domain/vocabulary.ts";

export type QuestionKind = "radio" | "checkbox" | "select" | "text" | "textarea" | "flag";

export interface Question {
  /** the contract's field path, also the form field's name (contract section 2b) */
  name: string;
  kind: QuestionKind;
  /** the legend or label */
  label: MessageKey;
  /** the allowed values and the key of each one's label */
  options?: readonly { value: string; label: MessageKey }[];
  /** a hint under the label */
  hint?: MessageKey;
  /** the contract requires an answer */
  required?: boolean;
  /** at most this many choices (checkbox) or characters (text) */
  max?: number;
  /** the value chosen before the person answers */
  preset?: string;
  /** holds something that identifies the person: never autocompleted */
  sensitive?: boolean;
}

const options = <T extends string>(values: readonly T[], prefix: string) =>
  values.map((value) => ({ value, label: `${prefix}.${value}` as MessageKey }));

const tristate = options(TRISTATE, "answer");

export interface Step {
  id: string;
  questions: readonly Question[];
}

export const STEPS: readonly Step[] = [
  {
    id: "safety",
    questions: [
      {
        name: "inDanger",
        kind: "radio",
        label: "inDanger.legend",
        options: tristate,
        required: true,
      },
    ],
  },
  {
    id: "about",
    questions: [
      {
        // First, so that every text after it can speak of "this person" to someone writing
        // about another (web/pages/wording.ts).
        name: "reporter",
        kind: "radio",
        label: "reporter.legend",
        options: options(REPORTERS, "reporter"),
        required: true,
      },
      {
        // Unanswered, it is sent as `unsure` (form-post.ts): that is what an empty answer says.
        name: "situation",
        kind: "radio",
        label: "situation.legend",
        options: options(SITUATIONS, "situation"),
      },
      { name: "minor", kind: "radio", label: "minor.legend", options: tristate, required: true },
      {
        name: "exploitation",
        kind: "checkbox",
        label: "exploitation.legend",
        options: options(EXPLOITATION_TYPES, "exploitation"),
        required: true,
      },
      {
        name: "sector",
        kind: "select",
        label: "sector.label",
        options: options(SECTORS, "sector"),
      },
      {
        name: "indicators",
        kind: "checkbox",
        label: "indicators.legend",
        options: options(INDICATORS, "indicators"),
      },
    ],
  },
  {
    id: "needs",
    questions: [
      { name: "lost", kind: "checkbox", label: "lost.legend", options: options(LOSSES, "lost") },
      { name: "needs", kind: "checkbox", label: "needs.legend", options: options(NEEDS, "needs") },
      {
        name: "circumstances",
        kind: "checkbox",
        label: "circumstances.legend",
        options: options(CIRCUMSTANCES, "circumstances"),
      },
      {
        // Unanswered, it is sent as `unsure`, as `situation` is.
        name: "previouslyExploited",
        kind: "radio",
        label: "previouslyExploited.legend",
        options: tristate,
      },
    ],
  },
  {
    id: "words",
    questions: [
      { name: "municipality", kind: "select", label: "municipality.label", required: true },
      {
        name: "contactLanguages",
        kind: "checkbox",
        label: "contactLanguages.legend",
        required: true,
        max: 5,
      },
      {
        name: "contact.channel",
        kind: "radio",
        label: "contact.legend",
        options: options(CONTACT_CHANNELS, "contact.channel"),
        required: true,
        preset: "none",
      },
      {
        name: "contact.address",
        kind: "text",
        label: "contact.address.label",
        max: 200,
        sensitive: true,
      },
      {
        name: "contact.safeTimes",
        kind: "text",
        label: "contact.safeTimes.label",
        max: 200,
        sensitive: true,
      },
      {
        name: "contact.leaveMessage",
        kind: "flag",
        label: "contact.leaveMessage.label",
        hint: "contact.leaveMessage.warning",
      },
      {
        name: "narrative",
        kind: "textarea",
        label: "narrative.label",
        hint: "narrative.hint",
        max: 4000,
        sensitive: true,
      },
      {
        name: "previousReceipt",
        kind: "text",
        label: "previousReceipt.label",
        hint: "previousReceipt.hint",
        max: 40,
        sensitive: true,
      },
      {
        name: "consent.share",
        kind: "radio",
        label: "consent.share.legend",
        options: [
          { value: "yes", label: "consent.share.yes" },
          { value: "no", label: "consent.share.no" },
        ],
        hint: "consent.explain",
        required: true,
      },
      {
        name: "consent.authorities",
        kind: "flag",
        label: "consent.authorities.label",
        hint: "consent.authorities.explain",
      },
      {
        name: "consent.checkIns",
        kind: "flag",
        label: "consent.checkIns.label",
        hint: "consent.checkIns.explain",
      },
    ],
  },
];

export const QUESTIONS: readonly Question[] = STEPS.flatMap((step) => step.questions);

/** The question an error path belongs to: `contactLanguages.2` → `contactLanguages`. */
export function questionOf(path: string): string {
  const exact = QUESTIONS.find((question) => question.name === path);
  if (exact) return exact.name;
  const parent = QUESTIONS.filter((question) => path.startsWith(`${question.name}.`)).sort(
    (a, b) => b.name.length - a.name.length,
  )[0];
  if (parent) return parent.name;
  if (path === "contact") return "contact.channel";
  return path.split(".")[0] ?? path;
}

export const fieldId = (name: string) => `q-${name.replaceAll(".", "-")}`;
