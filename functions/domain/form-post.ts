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
  "consent.share",
  "consent.authorities",
  "consent.checkIns",
] as const;

const LISTS = new Set<string>(FORM_LIST_FIELDS);
const FLAGS = new Set<string>(FORM_FLAG_FIELDS);

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

export function formFieldsToReport(pairs: Iterable<[string, string]>): Record<string, unknown> {
  const values = new Map<string, string[]>();
  for (const [name, value] of pairs) values.set(name, [...(values.get(name) ?? []), value]);

  const report: Record<string, unknown> = {};
  for (const name of ["indicators", "lost", "needs", "exploitation", "contactLanguages"]) {
    if (!values.has(name)) setPath(report, name, []);
  }
  for (const name of FLAGS) setPath(report, name, values.has(name));

  for (const [name, list] of values) {
    if (FLAGS.has(name)) continue;
    if (LISTS.has(name)) {
      setPath(
        report,
        name,
        list.filter((value) => value !== ""),
      );
    } else if (list.length > 1) {
      setPath(report, name, list); // one answer asked, several sent: the schema refuses it
    } else if (list[0] !== "") {
      setPath(report, name, name === "version" ? Number(list[0]) : list[0]);
    }
  }
  return report;
}
