/**
 * The region configuration (docs/report-contract.md, section 5): one JSON file per deployment,
 * written by an ops team. A configuration that is not valid is refused with every error
 * listed, before anything starts or deploys.
 */
import { bech32 } from "@scure/base";
import * as z from "zod/mini";
import {
  type FieldError,
  fieldErrors,
  fixedMessage,
  INVALID_REGION_MESSAGE,
  InvalidInputError,
} from "./invalid-input.ts";
import { MONITOR_TABLES } from "./monitor-tables.ts";
import { localizedText, text } from "./region-texts.ts";
import { uniqueList } from "./schema-parts.ts";
import { LANGUAGE_TAG } from "./text.ts";
import { EXPLOITATION_TYPES, NEEDS, ORGANISATION_KINDS, SUPPORTED_LOCALES } from "./vocabulary.ts";

/** Ids become parts of queue names and key ids: lower-case letters, digits and hyphens. */
const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;
/** A region id also names its stack and prefixes every queue (SQS names stop at 80 characters). */
const REGION_ID = /^[a-z0-9](?:[a-z0-9-]{0,18}[a-z0-9])?$/;
/** A municipality code as the country uses it (CBS `GM0344` in the Netherlands). */
const MUNICIPALITY_CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;
const PHONE = /^\+?[0-9][0-9 -]{1,23}$/;
/** An AWS account id: twelve digits. */
const AWS_ACCOUNT = /^[0-9]{12}$/;
/** An AWS region code (`eu-central-1`, `us-gov-west-1`). */
const AWS_REGION = /^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-[0-9]{1,2}$/;
/** A fully qualified host name, lower case, at least two labels (`report.example.org`). */
const HOST_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
/** An ACM certificate in us-east-1: CloudFront takes its certificates from there only. */
const CLOUDFRONT_CERTIFICATE_ARN =
  /^arn:aws:acm:us-east-1:[0-9]{12}:certificate\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const X25519_RECIPIENT_DATA_BYTES = 32;

/** How an organisation receives its cases (docs/report-contract.md, section 5). */
export const DELIVERY_CHOICES = ["inbox", "both"] as const;
export type DeliveryChoice = (typeof DELIVERY_CHOICES)[number];

/**
 * An X25519 age recipient (`age1…`, bech32), the kind the standard `age` tool reads. The
 * post-quantum hybrid kind (`age1pq1…`) is refused: `age` before 1.3 cannot decrypt it.
 */
export function isX25519Recipient(value: string): boolean {
  if (!/^age1[02-9ac-hj-np-z]{58}$/.test(value)) return false;
  try {
    const { prefix, words } = bech32.decode(value as `${string}1${string}`);
    return prefix === "age" && bech32.fromWords(words).length === X25519_RECIPIENT_DATA_BYTES;
  } catch {
    return false;
  }
}

const matching = (pattern: RegExp, message: string) =>
  z.string().check(z.regex(pattern, { message }));
/** A whole number from `min` to `max`. */
const int = (min: number, max: number) => z.int().check(z.minimum(min), z.maximum(max));

/**
 * A phone line shown on every page and answer, in the region's order (care lines before the
 * police: a person without papers reads from the top). `audience: "minors"` marks the youth
 * line, shown first to a child who is not in danger now.
 */
const HotlineSchema = z.strictObject({
  name: localizedText(120),
  phone: matching(PHONE, "must be a phone number"),
  hours: localizedText(60),
  audience: z._default(z.enum(["everyone", "minors"]), "everyone"),
});

export const OrganisationSchema = z.strictObject({
  id: matching(SLUG, "must be lower-case letters, digits and hyphens"),
  name: text(160),
  kind: z.enum(ORGANISATION_KINDS),
  needs: uniqueList(z.enum(NEEDS), 1),
  exploitation: uniqueList(z.union([z.enum(EXPLOITATION_TYPES), z.literal("*")]), 1).check(
    z.refine((types) => !types.includes("*") || types.length === 1, {
      message: 'must be ["*"] alone, or a list of exploitation types',
    }),
  ),
  municipalities: uniqueList(
    z.union([matching(MUNICIPALITY_CODE, "is not a municipality code"), z.literal("*")]),
    1,
  ).check(
    z.refine((codes) => !codes.includes("*") || codes.length === 1, {
      message: 'must be ["*"] alone, or a list of municipality codes',
    }),
  ),
  languages: uniqueList(matching(LANGUAGE_TAG, "must be a language code"), 1),
  minors: z.union([z.boolean(), z.literal("only")]),
  recipients: uniqueList(
    z
      .string()
      .check(z.refine(isX25519Recipient, { message: "must be an X25519 age recipient (age1…)" })),
    1,
  ),
  /**
   * How the organisation receives its cases: `inbox`, in the inbox (and the organisations' API)
   * only, with no delivery queue at all; `both`, in the inbox and, as pointers, on a delivery
   * queue its own system reads (`intake org pull`). Left out: `both`, what every region had
   * before the choice existed, so no organisation's feed disappears with an upgrade.
   */
  delivery: z._default(z.enum(DELIVERY_CHOICES), "both"),
  /**
   * Extension: the organisation reads its delivery queue from an AWS account of its own. The
   * queue then gets a KMS key of its own, and that account may receive, delete and decrypt
   * there and nowhere else.
   */
  awsAccountId: z.optional(matching(AWS_ACCOUNT, "must be an AWS account id (12 digits)")),
  /**
   * Extension: the first step of taking that account's access back (docs/deploy.md, section
   * 8). The queue and its dead-letter queue go over to SQS-managed encryption, so no new
   * envelope needs the key; the key and the account's access stay, so that what was encrypted
   * with the key can still be read, until a later deploy without `awsAccountId`, which
   * `npm run deploy` lets through only once the queues are empty or their retention has passed.
   */
  awsAccountDraining: z.optional(z.literal(true)),
  /**
   * Extension: a test organisation, ops' own: it gets the reports marked `test` (the smoke
   * test's and the canary's) and nothing else, and no real organisation gets them
   * (domain/route.ts, `routingScope`).
   */
  test: z.optional(z.literal(true)),
  /**
   * Extension: who is told that a case waits (a new case, an emergency, an escalation), by
   * email or SMS through the organisation's SNS topic on AWS (printed locally). An alert never
   * says what the case is about.
   */
  alerts: z.optional(
    z.strictObject({
      email: z.optional(
        uniqueList(z.email({ message: "must be an email address" }), undefined, 10),
      ),
      sms: z.optional(
        uniqueList(
          matching(/^\+[1-9][0-9]{6,14}$/, "must be a phone number in international form (+31…)"),
          undefined,
          10,
        ),
      ),
    }),
  ),
});

/**
 * Extension: where the region's stack is deployed. Left out, the AWS account and region come
 * from the deploying environment (the CDK CLI's credentials and profile).
 */
const AwsSchema = z.strictObject({
  account: z.optional(matching(AWS_ACCOUNT, "must be an AWS account id (12 digits)")),
  region: z.optional(matching(AWS_REGION, "must be an AWS region code (eu-central-1)")),
});

/**
 * Extension: the region's own domain for its site, served by CloudFront with that certificate
 * and TLS 1.2 or newer only (lib/web-hosting.ts). Left out, the site is at its
 * `*.cloudfront.net` name, whose certificate accepts older TLS.
 */
const DomainSchema = z.strictObject({
  name: matching(HOST_NAME, "must be a host name, such as report.example.org"),
  certificateArn: matching(
    CLOUDFRONT_CERTIFICATE_ARN,
    "must be the ARN of an ACM certificate in us-east-1 (CloudFront's certificates live there)",
  ),
});

/** A calendar date, `2026-12-31`, that exists. */
function isCalendarDate(value: string): boolean {
  if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  // `2026-02-30` parses as 2 March: a date that exists reads back as itself.
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/**
 * Extension: the edge web ACL (lib/edge-protection.ts). `commonRulesCountUntil`: until this
 * date (UTC, the day itself excluded) the AWS common rule set only counts what it would block,
 * so that a region's first weeks show, in its metrics and WAF log, which of the people's
 * requests it would have refused; a deploy on or after the date makes it block. The mode is
 * fixed when the template is synthesized: the switch happens at the first deploy after the date.
 */
const EdgeSchema = z.strictObject({
  commonRulesCountUntil: z.optional(
    z.string().check(z.refine(isCalendarDate, { message: "must be a date, such as 2026-12-31" })),
  ),
});

/**
 * Extension: the canary (lib/canary.ts, docs/deploy.md "The canary"): a scheduled function that
 * sends a test report through the public API every `everyMinutes` and checks it reached the
 * organisations the policy routes it to. On by default; `"enabled": false` turns it off (no
 * function, schedule, alarm or secret is made). Defaults: domain/canary.ts.
 */
const CanarySchema = z.strictObject({
  enabled: z.optional(z.boolean()),
  everyMinutes: z.optional(int(5, 720)),
});

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const RegionShapeSchema = z.strictObject({
  id: matching(REGION_ID, "must be at most 20 lower-case letters, digits and hyphens"),
  name: text(120),
  sample: z._default(z.boolean(), false),
  locales: uniqueList(z.enum(SUPPORTED_LOCALES), 1),
  quickExitUrl: z
    .url({ protocol: /^https$/, message: "must be an https URL" })
    .check(z.maxLength(2000)),
  /** Extension: the region's IANA time zone, for the dates and times the status page shows. */
  timeZone: z._default(
    z
      .string()
      .check(
        z.maxLength(64),
        z.refine(isTimeZone, { message: "must be an IANA time zone, such as Europe/Amsterdam" }),
      ),
    "UTC",
  ),
  /** Extension: who runs the service, in the region's words, on the first screen. */
  runBy: z.optional(localizedText(200)),
  /**
   * Extension: whether the answer and status pages name the organisation that will get in
   * touch. Off by default: the page may be read by whoever checks the person's phone, and a
   * shelter's or a labour NGO's name says what the person told.
   */
  showOrganisationNames: z._default(z.boolean(), false),
  /**
   * Extension: what a person can do tonight for a need no organisation covers in their
   * municipality (a recorded gap), or that they did not share: by need.
   */
  fallbacks: z._default(z.partialRecord(z.enum(NEEDS), localizedText(300)), {}),
  emergency: z.strictObject({
    number: matching(PHONE, "must be a phone number"),
    hotlines: z._default(z.array(HotlineSchema).check(z.maxLength(10)), []),
  }),
  municipalities: z
    .array(
      z.strictObject({
        code: matching(MUNICIPALITY_CODE, "is not a municipality code"),
        name: text(120),
      }),
    )
    .check(z.minLength(1)),
  coordinator: z.string(),
  organisations: z.array(OrganisationSchema).check(z.minLength(1)),
  retention: z.strictObject({
    caseDays: int(1, 3650),
    linkDays: z._default(int(1, 3650), 2555),
  }),
  escalation: z.strictObject({
    emergencyUnclaimedMinutes: int(1, 1440),
    highUnclaimedHours: int(1, 720),
    /** What the answer page promises a case that is neither an emergency nor urgent. */
    standardContactDays: z._default(int(1, 60), 5),
  }),
  aws: z.optional(AwsSchema),
  domain: z.optional(DomainSchema),
  edge: z.optional(EdgeSchema),
  canary: z.optional(CanarySchema),
  /**
   * Extension: the months after a case closed at which a check-in falls due, for a person who
   * agreed to check-ins (default 1, 3, 6 and 12).
   */
  checkIns: z.optional(
    z.strictObject({
      months: z.array(int(1, 60)).check(
        z.minLength(1),
        z.maxLength(12),
        z.refine(
          (months) => months.every((month, at) => at === 0 || month > (months[at - 1] ?? 0)),
          { message: "must go up, each month once" },
        ),
      ),
    }),
  ),
  /**
   * Extension: the monitor (docs/report-contract.md, section 10): the smallest count it shows
   * (smaller ones show as "<threshold"), the tables it publishes, whether an open-data view
   * without credentials is published, and each municipality's tile on the page's map.
   */
  monitor: z.optional(
    z.strictObject({
      threshold: z._default(int(2, 1000), 10),
      tables: z.optional(uniqueList(z.enum(MONITOR_TABLES), 1)),
      openData: z._default(z.boolean(), false),
      tiles: z.optional(z.record(z.string(), z.tuple([int(0, 40), int(0, 40)]))),
    }),
  ),
});

export const RegionSchema = RegionShapeSchema;

const records = (value: unknown): Record<string, unknown>[] =>
  Array.isArray(value)
    ? value.map(
        (item) =>
          (item !== null && typeof item === "object" ? item : {}) as Record<string, unknown>,
      )
    : [];

/**
 * The cross-references that no part of the schema can see alone. They read the raw input
 * defensively, so that a file with a typo in one organisation still gets every other error
 * listed in the same run.
 */
function crossReferenceProblems(input: unknown): FieldError[] {
  const problems: FieldError[] = [];
  const problem = (path: PropertyKey[], message: string) =>
    problems.push({ path: path.map(String).join("."), message });
  const region = (input !== null && typeof input === "object" ? input : {}) as Record<
    string,
    unknown
  >;

  const codes = new Set<unknown>();
  records(region.municipalities).forEach((municipality, index) => {
    if (municipality.code === "unknown" || municipality.code === "*")
      problem(["municipalities", index, "code"], "is reserved by the contract");
    else if (codes.has(municipality.code))
      problem(["municipalities", index, "code"], "is declared twice");
    codes.add(municipality.code);
  });

  const ids = new Set<unknown>();
  const organisations = records(region.organisations);
  organisations.forEach((organisation, index) => {
    if (ids.has(organisation.id))
      problem(["organisations", index, "id"], "is used by two organisations");
    ids.add(organisation.id);
    if (organisation.delivery === "inbox" && organisation.awsAccountId !== undefined)
      problem(
        ["organisations", index, "awsAccountId"],
        'names the account that reads a delivery queue: it needs "delivery": "both"',
      );
    if (organisation.awsAccountDraining !== undefined && organisation.awsAccountId === undefined)
      problem(
        ["organisations", index, "awsAccountDraining"],
        "drains the access of awsAccountId: keep awsAccountId until a deploy without both",
      );
    const served = Array.isArray(organisation.municipalities) ? organisation.municipalities : [];
    served.forEach((code, at) => {
      if (typeof code === "string" && code !== "*" && !codes.has(code))
        problem(
          ["organisations", index, "municipalities", at],
          "is not declared in municipalities",
        );
    });
  });

  const monitor = (region.monitor ?? {}) as Record<string, unknown>;
  const tiles = monitor.tiles !== null && typeof monitor.tiles === "object" ? monitor.tiles : {};
  for (const code of Object.keys(tiles))
    if (!codes.has(code)) problem(["monitor", "tiles", code], "is not declared in municipalities");

  const coordinator = organisations.find((organisation) => organisation.id === region.coordinator);
  if (!coordinator) problem(["coordinator"], "must be the id of one of the organisations");
  else if (coordinator.kind === "authority")
    // G0a, G1 and G5 add the coordinator whatever the consent to authorities says.
    problem(["coordinator"], "must be a care organisation, not an authority");
  else if (coordinator.test === true)
    problem(["coordinator"], "must be a real organisation, not a test organisation");
  return [...problems, ...testOrganisationProblems(organisations)];
}

/** The first test organisation coordinates the test reports, as the coordinator the rest. */
const testOrganisationProblems = (organisations: Record<string, unknown>[]): FieldError[] =>
  organisations.flatMap((organisation, index) =>
    organisation.test === true && organisation.kind === "authority"
      ? [{ path: `organisations.${index}.kind`, message: "must be care for a test organisation" }]
      : [],
  );

export type Region = z.output<typeof RegionSchema>;
export type Organisation = z.output<typeof OrganisationSchema>;
export type RegionInput = z.input<typeof RegionSchema>;

/** A valid region, or an InvalidInputError that lists every problem. */
export function parseRegion(input: unknown): Region {
  const result = RegionSchema.safeParse(input, { error: fixedMessage });
  const problems = [
    ...(result.success ? [] : fieldErrors(result.error)),
    ...crossReferenceProblems(input),
  ];
  if (result.success && problems.length === 0) return result.data;
  throw new InvalidInputError("invalid_region", INVALID_REGION_MESSAGE, problems);
}
