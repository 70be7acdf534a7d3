import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readRegionFile } from "../../config/region-file.ts";
import { InvalidInputError } from "../../domain/invalid-input.ts";
import { isX25519Recipient, parseRegion } from "../../domain/region.ts";
import { SUPPORTED_LOCALES } from "../../domain/vocabulary.ts";
import { A_RECIPIENT, anOrganisation, aRegionInput } from "../helpers/region-factory.ts";

function problemsOf(input: unknown) {
  try {
    parseRegion(input);
    return [];
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    expect(error.code).toBe("invalid_region");
    return error.fields;
  }
}

describe("every region file shipped in regions/", () => {
  it.each(readdirSync("regions").filter((file) => file.endsWith(".json")))(
    "%s is valid",
    (file) => {
      expect(() => readRegionFile(`regions/${file}`)).not.toThrow();
    },
  );
});

describe("the sample region", () => {
  const region = readRegionFile("regions/nl-sample.json");

  it("is marked as a sample, in every locale the product ships, with 112", () => {
    expect(region.sample).toBe(true);
    expect([...region.locales].sort()).toEqual([...SUPPORTED_LOCALES].sort());
    expect(region.emergency.number).toBe("112");
  });

  it("uses CBS municipality codes", () => {
    for (const municipality of region.municipalities)
      expect(municipality.code).toMatch(/^GM\d{4}$/);
  });

  it("has a youth care organisation that takes minors only, and authorities", () => {
    expect(region.organisations.some((o) => o.minors === "only")).toBe(true);
    expect(
      region.organisations.filter((o) => o.kind === "authority").length,
    ).toBeGreaterThanOrEqual(2);
  });
});

describe("a valid region", () => {
  it("gets the defaults: not a sample, links for seven years, no hotlines", () => {
    const input = aRegionInput();
    input.emergency = { number: "112" };
    const region = parseRegion(input);
    expect(region.sample).toBe(false);
    expect(region.retention.linkDays).toBe(2555);
    expect(region.emergency.hotlines).toEqual([]);
    expect(region.fallbacks).toEqual({});
    expect(region.escalation.standardContactDays).toBe(5);
    expect(region.runBy).toBeUndefined();
  });

  it("takes its own words as one text or one per locale, and marks the youth line", () => {
    const input = aRegionInput();
    input.runBy = { nl: "Beheerd door …", en: "Run by …" };
    input.fallbacks = { shelter: "Call 0900-0101." };
    input.emergency = {
      number: "112",
      hotlines: [
        { name: { nl: "Jongerenlijn" }, phone: "0800-0432", hours: "24/7", audience: "minors" },
        { name: "Support line", phone: "0900-0101", hours: { en: "Mon-Fri" } },
      ],
    };
    const region = parseRegion(input);
    expect(region.emergency.hotlines.map((line) => line.audience)).toEqual(["minors", "everyone"]);
    expect(region.fallbacks.shelter).toBe("Call 0900-0101.");
  });

  it.each([
    ["a text in a locale the product does not ship", { runBy: { xx: "…" } }, "runBy"],
    ["an empty set of texts", { runBy: {} }, "runBy"],
    ["a fallback for a need that does not exist", { fallbacks: { sleep: "…" } }, "fallbacks"],
  ])("refuses %s", (_, changes, path) => {
    const problems = problemsOf({ ...aRegionInput(), ...changes });
    expect(problems.map((problem) => problem.path.split(".")[0])).toContain(path);
  });
});

describe("an invalid region", () => {
  it.each<
    [string, (input: ReturnType<typeof aRegionInput>) => void, { path: string; message: string }[]]
  >([
    [
      "an unknown coordinator",
      (r) => {
        r.coordinator = "nobody";
      },
      [{ path: "coordinator", message: "must be the id of one of the organisations" }],
    ],
    [
      "an authority as coordinator",
      (r) => {
        r.organisations = [anOrganisation("coord", { kind: "authority" })];
      },
      [{ path: "coordinator", message: "must be a care organisation, not an authority" }],
    ],
    [
      "a test organisation as coordinator",
      (r) => {
        r.organisations = [anOrganisation("coord", { test: true })];
      },
      [{ path: "coordinator", message: "must be a real organisation, not a test organisation" }],
    ],
    [
      "an authority as test organisation",
      (r) => {
        r.organisations.push(anOrganisation("ops", { kind: "authority", test: true }));
      },
      [{ path: "organisations.1.kind", message: "must be care for a test organisation" }],
    ],
    [
      "duplicate organisation ids",
      (r) => {
        r.organisations.push(anOrganisation("coord"));
      },
      [{ path: "organisations.1.id", message: "is used by two organisations" }],
    ],
    [
      "an undeclared municipality",
      (r) => {
        r.organisations.push(anOrganisation("x", { municipalities: ["GM0344", "GM9999"] }));
      },
      [{ path: "organisations.1.municipalities.1", message: "is not declared in municipalities" }],
    ],
    [
      "a municipality declared twice",
      (r) => {
        r.municipalities.push({ code: "GM0344", name: "Utrecht again" });
      },
      [{ path: "municipalities.2.code", message: "is declared twice" }],
    ],
    [
      "the reserved municipality code unknown",
      (r) => {
        r.municipalities.push({ code: "unknown", name: "Nowhere" });
      },
      [{ path: "municipalities.2.code", message: "is reserved by the contract" }],
    ],
    [
      "an unknown locale",
      (r) => {
        r.locales = ["nl", "so" as never];
      },
      [{ path: "locales.1", message: "is not one of the allowed values" }],
    ],
    [
      "a repeated locale",
      (r) => {
        r.locales = ["nl", "nl"];
      },
      [{ path: "locales", message: "must not repeat a value" }],
    ],
    [
      "a quick exit that is not https",
      (r) => {
        r.quickExitUrl = "http://www.example.org/";
      },
      [{ path: "quickExitUrl", message: "must be an https URL" }],
    ],
    [
      "a post-quantum recipient",
      (r) => {
        r.organisations.push(anOrganisation("pq", { recipients: [`age1pq1${"q".repeat(60)}`] }));
      },
      [
        {
          path: "organisations.1.recipients.0",
          message: "must be an X25519 age recipient (age1…)",
        },
      ],
    ],
    [
      "a recipient with a typo",
      (r) => {
        r.organisations.push(
          anOrganisation("typo", { recipients: [`${A_RECIPIENT.slice(0, -1)}q`] }),
        );
      },
      [
        {
          path: "organisations.1.recipients.0",
          message: "must be an X25519 age recipient (age1…)",
        },
      ],
    ],
    [
      "no recipients",
      (r) => {
        r.organisations.push(anOrganisation("mute", { recipients: [] }));
      },
      [{ path: "organisations.1.recipients", message: "must have at least 1 item" }],
    ],
    [
      "* mixed with exploitation types",
      (r) => {
        r.organisations.push(anOrganisation("mixed", { exploitation: ["*", "labour"] }));
      },
      [
        {
          path: "organisations.1.exploitation",
          message: 'must be ["*"] alone, or a list of exploitation types',
        },
      ],
    ],
    [
      "an id with capitals",
      (r) => {
        r.organisations.push(anOrganisation("Legal_Aid"));
      },
      [{ path: "organisations.1.id", message: "must be lower-case letters, digits and hyphens" }],
    ],
    [
      "minors as a string",
      (r) => {
        r.organisations.push(anOrganisation("kids", { minors: "yes" as never }));
      },
      [{ path: "organisations.1.minors", message: "is not valid" }],
    ],
    [
      "a retention of zero days",
      (r) => {
        r.retention = { caseDays: 0 };
      },
      [{ path: "retention.caseDays", message: "must be at least 1" }],
    ],
  ])("names %s", (_, change, fields) => {
    const input = aRegionInput();
    change(input);
    expect(problemsOf(input)).toEqual(fields);
  });

  it("lists every error at once, shape errors and cross-references together", () => {
    const input = aRegionInput([
      anOrganisation("coord"),
      anOrganisation("x", { municipalities: ["GM9999"], needs: [] }),
    ]);
    input.coordinator = "nobody";
    input.locales = ["xx" as never];
    expect(problemsOf(input).map((field) => field.path)).toEqual([
      "locales.0",
      "organisations.2.needs",
      "organisations.1.id",
      "organisations.2.municipalities.0",
      "coordinator",
    ]);
  });

  it.each([
    ["null", null],
    ["an array", []],
    ["a string", "region"],
  ])("refuses %s without a crash", (_, input) => {
    expect(problemsOf(input).length).toBeGreaterThan(0);
  });
});

describe("isX25519Recipient", () => {
  it("accepts a demo recipient and refuses a secret key", () => {
    expect(isX25519Recipient(A_RECIPIENT)).toBe(true);
    expect(
      isX25519Recipient("AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ"),
    ).toBe(false);
  });
});

describe("the AWS extensions (aws, awsAccountId)", () => {
  it("are optional: a region without them is valid and has none", () => {
    const region = parseRegion(aRegionInput());
    expect(region.aws).toBeUndefined();
    expect(region.organisations[0]?.awsAccountId).toBeUndefined();
  });

  it("keep a deployment target and an organisation's own account", () => {
    const region = parseRegion(
      aRegionInput([anOrganisation("ngo", { awsAccountId: "123456789012" })], {
        aws: { account: "210987654321", region: "eu-central-1" },
      }),
    );
    expect(region.aws).toEqual({ account: "210987654321", region: "eu-central-1" });
    expect(region.organisations[1]?.awsAccountId).toBe("123456789012");
  });

  it("keep an own account that is being drained (the first step of taking it back)", () => {
    const region = parseRegion(
      aRegionInput([
        anOrganisation("ngo", { awsAccountId: "123456789012", awsAccountDraining: true }),
      ]),
    );
    expect(region.organisations[1]).toMatchObject({
      awsAccountId: "123456789012",
      awsAccountDraining: true,
    });
  });

  it.each([
    {
      name: "a drain without the account it drains",
      organisation: { awsAccountDraining: true },
      problem: {
        path: "organisations.1.awsAccountDraining",
        message: "drains the access of awsAccountId: keep awsAccountId until a deploy without both",
      },
    },
    {
      name: "a drain that is not true",
      organisation: { awsAccountId: "123456789012", awsAccountDraining: false },
      problem: { path: "organisations.1.awsAccountDraining", message: expect.any(String) },
    },
  ])("refuses $name", ({ organisation, problem }) => {
    expect(problemsOf(aRegionInput([anOrganisation("ngo", organisation as never)]))).toEqual([
      problem,
    ]);
  });

  it.each(["eu-west-1", "eu-central-1", "eu-south-2", "us-gov-west-1", "ap-southeast-5"])(
    "accepts the AWS region %s",
    (code) => {
      expect(parseRegion(aRegionInput([], { aws: { region: code } })).aws?.region).toBe(code);
    },
  );

  it("lists every error of the extensions with the others", () => {
    const input = aRegionInput([anOrganisation("ngo", { awsAccountId: "12345" })], {
      aws: { account: "not-an-account", region: "Frankfurt", profile: "x" } as never,
    });
    input.coordinator = "nobody";
    expect(problemsOf(input)).toEqual([
      { path: "organisations.1.awsAccountId", message: "must be an AWS account id (12 digits)" },
      { path: "aws.account", message: "must be an AWS account id (12 digits)" },
      { path: "aws.region", message: "must be an AWS region code (eu-central-1)" },
      { path: "aws.profile", message: "is not a field of the contract" },
      { path: "coordinator", message: "must be the id of one of the organisations" },
    ]);
  });
});

describe("the delivery choice (an organisation's delivery queue)", () => {
  it("is both when left out: an existing region keeps every organisation's queue", () => {
    const region = parseRegion(aRegionInput([anOrganisation("ngo")]));
    expect(region.organisations.map((organisation) => organisation.delivery)).toEqual([
      "both",
      "both",
    ]);
  });

  it.each(["inbox", "both"] as const)("takes %s", (delivery) => {
    const region = parseRegion(aRegionInput([anOrganisation("ngo", { delivery })]));
    expect(region.organisations[1]?.delivery).toBe(delivery);
  });

  it.each(["queue", "INBOX", "", true, null])("refuses %j", (delivery) => {
    expect(
      problemsOf(aRegionInput([anOrganisation("ngo", { delivery: delivery as never })])),
    ).toEqual([{ path: "organisations.1.delivery", message: expect.any(String) }]);
  });

  it("refuses an organisation's own AWS account without a queue to read from it", () => {
    expect(
      problemsOf(
        aRegionInput([anOrganisation("ngo", { delivery: "inbox", awsAccountId: "123456789012" })]),
      ),
    ).toEqual([
      {
        path: "organisations.1.awsAccountId",
        message: 'names the account that reads a delivery queue: it needs "delivery": "both"',
      },
    ]);
  });

  it("is shown in the sample region both ways", () => {
    const region = readRegionFile("regions/nl-sample.json");
    const choices = new Set(region.organisations.map((organisation) => organisation.delivery));
    expect([...choices].sort()).toEqual(["both", "inbox"]);
  });
});

describe("the custom domain extension (domain)", () => {
  const CERTIFICATE =
    "arn:aws:acm:us-east-1:111111111111:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d";

  it("is optional, and kept when given", () => {
    expect(parseRegion(aRegionInput()).domain).toBeUndefined();
    const domain = { name: "report.example.org", certificateArn: CERTIFICATE };
    expect(parseRegion(aRegionInput([], { domain } as never)).domain).toEqual(domain);
  });

  it.each([
    ["Report.Example.org", CERTIFICATE, "domain.name", "must be a host name"],
    ["localhost", CERTIFICATE, "domain.name", "must be a host name"],
    ["https://report.example.org", CERTIFICATE, "domain.name", "must be a host name"],
    [
      "report.example.org",
      CERTIFICATE.replace("us-east-1", "eu-central-1"),
      "domain.certificateArn",
      "in us-east-1",
    ],
    [
      "report.example.org",
      "arn:aws:iam::111111111111:server-certificate/x",
      "domain.certificateArn",
      "in us-east-1",
    ],
  ])("refuses %s with %s", (name, certificateArn, at, message) => {
    const problems = problemsOf(aRegionInput([], { domain: { name, certificateArn } } as never));
    expect(problems).toEqual([{ path: at, message: expect.stringContaining(message) }]);
  });
});

describe("the edge extension (edge.commonRulesCountUntil)", () => {
  it("is optional, and kept when given", () => {
    expect(parseRegion(aRegionInput()).edge).toBeUndefined();
    const edge = { commonRulesCountUntil: "2024-02-29" };
    expect(parseRegion(aRegionInput([], { edge } as never)).edge).toEqual(edge);
  });

  it.each(["2026-02-30", "2026-13-01", "2026-1-05", "31-12-2026", "2026-12-31T00:00:00Z", ""])(
    "refuses %j, a date that does not exist or is not written as one",
    (commonRulesCountUntil) => {
      const problems = problemsOf(aRegionInput([], { edge: { commonRulesCountUntil } } as never));
      expect(problems).toEqual([
        { path: "edge.commonRulesCountUntil", message: expect.stringContaining("must be a date") },
      ]);
    },
  );

  it("refuses a field it does not know", () => {
    const problems = problemsOf(aRegionInput([], { edge: { soakDays: 14 } } as never));
    expect(problems.map((problem) => problem.path)).toEqual(["edge.soakDays"]);
  });
});
