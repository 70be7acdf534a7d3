/**
 * A form post without JavaScript (contract section 2b) read as the JSON report it stands for:
 * field names are JSON paths (`contact.channel=phone`), a list has one pair per member
 * (`exploitation=labour`), a checkbox is true when present and false when absent, and an
 * empty text box means the optional field was left out. What comes out is validated by the
 * same schema as a JSON report.
 */

/** Fields that are lists: absent means empty. */
export const FORM_LIST_FIELDS = [
  "exploitation",
  "indicators",
  "lost",
  "needs",
  "circumstances",
  "contactLanguages",
] as const;

/** Checkboxes that stand for a boolean: present (any value) is true, absent is false. */
export const FORM_FLAG_FIELDS = [
  "contact.leaveMessage",
  "consent.authorities",
  "consent.checkIns",
] as const;

/**
 * Booleans asked as a question with two answers (radios `yes` and `no`): `no` is false, any
 * other value true, and no answer leaves the field out, for the schema to ask for it. Sharing
 * is a real choice: a box left unticked by mistake must not silently mean "nobody helps me".
 */
export const FORM_CHOICE_FIELDS = ["consent.share"] as const;

/**
 * Questions the form may leave unanswered although the contract needs an answer: an empty
 * answer says "I am not sure", and is sent as `unsure` (which triage weighs as the cautious
 * case). Fewer taps for a person in a hurry, nothing assumed that they did not say.
 */
export const FORM_UNSURE_WHEN_UNANSWERED = ["situation", "previouslyExploited"] as const;

/**
 * The name of the two buttons that settle answers that contradict each other (a way to reach
 * the person, nothing shared): `share` shares the message, `no_contact` drops the contact.
 */
export const RESOLVE_FIELD = "resolve";
export const RESOLUTIONS = ["share", "no_contact"] as const;

const LISTS = new Set<string>(FORM_LIST_FIELDS);
const FLAGS = new Set<string>(FORM_FLAG_FIELDS);
const CHOICES = new Set<string>(FORM_CHOICE_FIELDS);

/** Sets a value at a dotted path without ever going through a prototype (`__proto__=…`). */
function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const segments = path.split(".");
  let node = target;
  segments.forEach((segment, index) => {
    if (index === segments.length - 1) {
      Object.defineProperty(node, segment, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      return;
    }
    const next = Object.hasOwn(node, segment) ? node[segment] : undefined;
    if (next !== null && typeof next === "object" && !Array.isArray(next)) {
      node = next as Record<string, unknown>;
    } else {
      const child: Record<string, unknown> = {};
      Object.defineProperty(node, segment, {
        value: child,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      node = child;
    }
  });
}

/**
 * The answers of a post, by field, with its resolution applied (the `resolve` pair itself
 * dropped): what is validated, and what the form shows back when it asks again.
 */
export function resolvedAnswers(pairs: Iterable<[string, string]>): Map<string, string[]> {
  const values = new Map<string, string[]>();
  for (const [name, value] of pairs) values.set(name, [...(values.get(name) ?? []), value]);
  const resolution = values.get(RESOLVE_FIELD)?.[0];
  values.delete(RESOLVE_FIELD);
  if (resolution === "share") values.set("consent.share", ["yes"]);
  if (resolution === "no_contact") {
    values.set("contact.channel", ["none"]);
    for (const name of ["contact.address", "contact.safeTimes", "contact.leaveMessage"])
      values.delete(name);
  }
  return values;
}

/**
 * The person asked to be reached but shares nothing: nobody could read how to reach them.
 * The form asks again before sending (the JSON API takes such a report as it is).
 */
export function contactWithoutSharing(report: {
  contact: { channel: string };
  consent: { share: boolean };
}): boolean {
  return report.contact.channel !== "none" && !report.consent.share;
}

/** The lists a report always carries, empty when nothing was ticked. */
const ALWAYS_LISTED = ["indicators", "lost", "needs", "exploitation", "contactLanguages"];

/** A two-answer question's value: `no` (or `false`) is false, any other single answer true. */
function choiceValue(answer: string[] | undefined): unknown {
  if (answer?.length === 1) return answer[0] !== "no" && answer[0] !== "false";
  return answer; // two answers to one question: the schema refuses them; none: left out
}

/** Any other field's value; undefined leaves it out. */
function fieldValue(name: string, list: string[]): unknown {
  if (LISTS.has(name)) return list.filter((value) => value !== "");
  if (list.length > 1) return list; // one answer asked, several sent: the schema refuses it
  if (list[0] === "") return undefined;
  return name === "version" ? Number(list[0]) : list[0];
}

function setAnswered(report: Record<string, unknown>, name: string, value: unknown): void {
  if (value !== undefined) setPath(report, name, value);
}

export function formFieldsToReport(pairs: Iterable<[string, string]>): Record<string, unknown> {
  const values = resolvedAnswers(pairs);

  const report: Record<string, unknown> = {};
  for (const name of ALWAYS_LISTED) if (!values.has(name)) setPath(report, name, []);
  for (const name of FLAGS) setPath(report, name, values.has(name));
  for (const name of FORM_UNSURE_WHEN_UNANSWERED)
    if (!values.get(name)?.some((value) => value !== "")) values.set(name, ["unsure"]);
  for (const name of CHOICES) setAnswered(report, name, choiceValue(values.get(name)));
  for (const [name, list] of values)
    if (!FLAGS.has(name) && !CHOICES.has(name)) setAnswered(report, name, fieldValue(name, list));
  return report;
}
