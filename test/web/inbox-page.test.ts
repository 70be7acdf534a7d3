/**
 * The inbox as built, without a browser: each language's page pins its script and stylesheet
 * with the SHA-384 of the very bytes written, holds no inline script or style, loads nothing
 * from elsewhere, cannot send the token or the key anywhere without its script; it exists in the
 * languages of the region's staff (Arabic right to left), each catalog complete, and lists its
 * keys; and the form's pages are what they were.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ASSIGNMENT_STATES, DECLINE_REASONS, FLAGS, OUTCOMES } from "../../domain/case-work.ts";
import { RULE_IDS } from "../../domain/decision.ts";
import {
  CIRCUMSTANCES,
  CONTACT_CHANNELS,
  NEEDS,
  SITUATIONS,
  URGENCIES,
} from "../../domain/vocabulary.ts";
import {
  type BuiltSite,
  buildSite,
  INBOX_FIRST_LOAD_BUDGET,
  subresourceIntegrity,
} from "../../web/build.ts";
import {
  DEFAULT_INBOX_LOCALE,
  INBOX_CATALOGS,
  INBOX_LOCALES,
  type InboxLocale,
  inboxPath,
} from "../../web/inbox/catalog.ts";
import { inboxPageData } from "../../web/inbox/inbox-page.ts";
import type { InboxPageData } from "../../web/inbox/inbox-page-data.ts";
import { SHORTCUTS } from "../../web/inbox/shortcuts.ts";
import { renderFormPage } from "../../web/pages/form-page.ts";
import { sampleRegion as region } from "../helpers/region-factory.ts";

let site: BuiltSite;
const read = (path: string) => readFileSync(join(site.outDir, path));
const page = (locale: InboxLocale) => read(join(inboxPath(locale), "index.html")).toString("utf8");

beforeAll(async () => {
  site = await buildSite(region, mkdtempSync(join(tmpdir(), "inbox-site-")));
}, 60_000);
afterAll(() => rmSync(site.outDir, { recursive: true, force: true }));

/** The integrity metadata as a browser computes it (SRI: base64 of the digest of the bytes). */
const sha384 = (bytes: Uint8Array) =>
  `sha384-${createHash("sha384").update(bytes).digest("base64")}`;

describe("Subresource Integrity", () => {
  it("is the SHA-384 of the bytes, in base64 (the SRI spec's own example)", () => {
    expect(subresourceIntegrity(Buffer.from("alert('Hello, world.');"))).toBe(
      "sha384-H8BRh8j48O9oYatfu5AZzq6A9RINhZO5H16dQZngK7T62em8MUt1FLm52t+eX6xO",
    );
  });

  it.each(INBOX_LOCALES)(
    "pins the script and the stylesheet of the %s page to the bytes written",
    (locale) => {
      const html = page(locale);
      const script = html.match(
        /<script src="(\/assets\/inbox\.js)" integrity="([^"]+)" defer><\/script>/,
      );
      const style = html.match(
        /<link rel="stylesheet" href="(\/assets\/inbox\.css)" integrity="([^"]+)">/,
      );
      expect(script?.[2]).toBe(sha384(read(script?.[1] ?? "")));
      expect(style?.[2]).toBe(sha384(read(style?.[1] ?? "")));
      expect(site.inbox.script).toEqual({ path: script?.[1], integrity: script?.[2] });
      expect(site.inbox.style).toEqual({ path: style?.[1], integrity: style?.[2] });
    },
  );

  it("bundles the script whole but for its decryption module, which it pins to the bytes written", () => {
    const script = read("assets/inbox.js").toString("utf8");
    // The one import: the decryption module, by the path and integrity the script carries.
    expect(script.match(/\bimport\s*\(/g)).toHaveLength(1);
    const decryption = site.inbox.decryption;
    expect(decryption.path).toBe("/assets/inbox-age.js");
    expect(decryption.integrity).toBe(sha384(read(decryption.path)));
    expect(script).toContain(`{path:"${decryption.path}",integrity:"${decryption.integrity}"}`);
    expect(script).toMatch(/"modulepreload"/);
    // No age-encryption in the first load: its armor's header is only in the module.
    const age = read(decryption.path).toString("utf8");
    expect(script).not.toContain("BEGIN AGE ENCRYPTED FILE");
    expect(age).toContain("BEGIN AGE ENCRYPTED FILE");
    for (const bundle of [script, age]) {
      expect(bundle).not.toMatch(/\bimportScripts\b|\beval\s*\(|new Function\s*\(|WebAssembly/);
      expect(bundle).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
    }
    // The module is whole: it imports nothing more, which would be fetched unpinned.
    expect(age).not.toMatch(/\bimport\s*[({"'*]|\bfrom\s*["']/);
    expect(script).toContain("/api/v1/");
  });

  it.each(INBOX_LOCALES)(
    "keeps the first load of the %s page (HTML, CSS, JS) within 40 KiB gzipped",
    (locale) => {
      const firstLoad = [
        join(inboxPath(locale), "index.html"),
        site.inbox.style.path,
        site.inbox.script.path,
      ];
      const gzipped = firstLoad.reduce(
        (sum, path) => sum + gzipSync(read(path), { level: 9 }).length,
        0,
      );
      expect(gzipped).toBeLessThanOrEqual(INBOX_FIRST_LOAD_BUDGET);
    },
  );
});

describe.each(INBOX_LOCALES)("the %s inbox page", (locale) => {
  const catalog = INBOX_CATALOGS[locale];

  it("lives at its own path, in its language", () => {
    expect(site.inbox.pages).toContain(inboxPath(locale));
    expect(inboxPath(locale)).toBe(
      locale === DEFAULT_INBOX_LOCALE ? "/inbox/" : `/inbox/${locale}/`,
    );
    const html = page(locale);
    expect(html).toContain(`<html lang="${locale}" dir="${catalog["page.dir"]}">`);
    expect(html).toContain(`<title>${catalog["page.title"]}</title>`);
    expect(html).toContain(`<h1 id="sign-in-title" tabindex="-1">${catalog["signIn.title"]}</h1>`);
    for (const other of INBOX_LOCALES)
      expect(html).toContain(`href="${inboxPath(other)}" hreflang="${other}"`);
  });

  it("reads in its direction: Arabic right to left, every other language left to right", () => {
    expect(catalog["page.dir"]).toBe(locale === "ar" ? "rtl" : "ltr");
  });

  it("lists its keys in its language, hidden until the script runs, and marks the steps they take", () => {
    const html = page(locale);
    const help = html.slice(html.indexOf('<section id="keys"'), html.indexOf("</footer>"));
    expect(help).toMatch(/^<section id="keys" class="keys" hidden aria-labelledby="keys-title">/);
    expect(help).toContain(`<h2 id="keys-title">${catalog["keys.title"]}</h2>`);
    for (const [shortcut, letter] of Object.entries(SHORTCUTS))
      expect(help).toContain(
        `<dt><kbd dir="ltr">${letter.toUpperCase()}</kbd></dt><dd>${catalog[`keys.${shortcut}` as keyof typeof catalog]}</dd>`,
      );
    expect(help).toContain(catalog["keys.safe"]);
    expect(html).toContain(`id="claim" class="primary" aria-keyshortcuts="${SHORTCUTS.claim}"`);
    expect(html).toContain(`id="message-text" aria-keyshortcuts="${SHORTCUTS.reply}"`);
  });

  it("offers the list's filters and its search, each labelled, and asks again every 30 seconds", () => {
    const html = page(locale);
    const list = html.slice(
      html.indexOf('<section id="list-view"'),
      html.indexOf('<section id="case-view"'),
    );
    expect(list).toContain('data-poll-seconds="30"');
    for (const [id, label] of [
      ["state-filter", "list.filter"],
      ["urgency-filter", "list.urgency"],
      ["need-filter", "list.need"],
      ["claimed-filter", "list.claimed"],
      ["case-search", "list.search"],
    ] as const) {
      expect(list).toContain(`<label for="${id}">${catalog[label]}</label>`);
      expect(list).toMatch(new RegExp(`<(select|input type="search") id="${id}"`));
    }
    for (const need of NEEDS)
      expect(list).toContain(`<option value="${need}">${catalog[`needs.${need}`]}</option>`);
    for (const value of ["me", "nobody", "hidden", "emergency"])
      expect(list).toContain(`<option value="${value}">`);
    // Nothing of the list is a field a browser would submit or remember.
    expect(list).not.toMatch(/\sname=/);
    expect(list).toMatch(/<input type="search" id="case-search"[^>]*autocomplete="off"/);
  });

  it("has no inline script, no inline style and no event handler attribute (the CSP forbids them)", () => {
    const html = page(locale);
    expect(html.match(/<script\b[^>]*>/g)).toEqual([
      `<script src="/assets/inbox.js" integrity="${site.inbox.script.integrity}" defer>`,
      '<script type="application/json" id="inbox-data">',
    ]);
    expect(html).not.toMatch(/<style\b/);
    expect(html).not.toMatch(/\sstyle=/);
    expect(html).not.toMatch(/\son[a-z]+=/);
  });

  it("loads nothing from another origin", () => {
    const sources = [...page(locale).matchAll(/\s(?:src|href|action)="([^"]*)"/g)].map(
      (match) => match[1] ?? "",
    );
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) expect(source).toMatch(/^(\/[^/]|#)/);
  });

  it("cannot send the token or the key without its script: the form is hidden and names no field", () => {
    const html = page(locale);
    expect(html).toMatch(/<section id="sign-in" class="view" hidden /);
    const form = html.slice(html.indexOf('<form id="sign-in-form"'), html.indexOf("</form>"));
    expect(form).not.toMatch(/\sname=/);
    expect(form).not.toMatch(/\saction=/);
    expect(form).toMatch(/<input type="password" id="token" autocomplete="off"/);
    expect(form).toMatch(/<input type="file" id="identity"/);
    expect(html).toMatch(/<p id="needs-script" class="note">/);
    // Nothing of a case is marked for the browser's translation service.
    expect(html).toMatch(/<div id="narrative" class="opened" translate="no"/);
    expect(html).toMatch(/<textarea id="message-text"[^>]*spellcheck="false"/);
  });

  it("hands its script the texts of its language and what the region decides", () => {
    const block = page(locale).match(
      /<script type="application\/json" id="inbox-data">([^<]*)<\/script>/,
    );
    const data = JSON.parse(block?.[1] ?? "{}") as InboxPageData;
    expect(data.locale).toBe(locale);
    expect(data.texts).toEqual(catalog);
    expect(data.municipalities.GM0344).toBe("Utrecht");
    expect(data.coordinator).toBe(region.coordinator);
    expect(data.moves.claimed).toContain("in_contact");
    expect(data.moves.sent).toEqual([]);
    expect(data.declinableFrom).toEqual(expect.arrayContaining(["pending", "sent", "claimed"]));
    expect(data.closingStates).toEqual(["closed_helped", "closed_unreachable", "closed_declined"]);
    // The region's fallback for a need nobody covers, in the page's language (the sample region
    // writes its fallbacks in every inbox language).
    const written = region.fallbacks as Record<string, Record<string, string>>;
    expect(Object.keys(data.fallbacks).sort()).toEqual(Object.keys(written).sort());
    for (const need of Object.keys(written))
      expect(data.fallbacks[need], need).toBe(written[need]?.[locale]);
  });
});

describe("the fallbacks the inbox shows for a need nobody covers", () => {
  it.each(INBOX_LOCALES)(
    "in %s: a text for every language as it is, a locale the region did not write in its first",
    (locale) => {
      const data = inboxPageData(
        {
          ...region,
          locales: ["nl", "en"],
          fallbacks: {
            shelter: "Call 0900-0101.",
            medical: { nl: "Ga naar de huisartsenpost.", ro: "Mergi la medicul de gardă." },
          },
        },
        locale,
      );
      expect(data.fallbacks.shelter).toBe("Call 0900-0101.");
      expect(data.fallbacks.medical).toBe(
        locale === "ro" ? "Mergi la medicul de gardă." : "Ga naar de huisartsenpost.",
      );
      expect(data.fallbacks.debt).toBeUndefined();
    },
  );
});

describe("the inbox catalogs", () => {
  const english = INBOX_CATALOGS.en as Record<string, string>;
  const keys = Object.keys(english);
  const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();
  /** Values that are rightly the same in another language (a direction, a name and its place). */
  const SAME_AS_ENGLISH = new Set([
    "page.dir",
    "session.who",
    "case.triage",
    "case.contact",
    "states.in_contact",
    "flags.spam",
  ]);

  it("exist in the languages of the region's staff", () => {
    expect([...INBOX_LOCALES].sort()).toEqual(["ar", "en", "nl", "pl", "ro"]);
  });

  it.each(INBOX_LOCALES)(
    "%s has every key of the English catalog, each translated with its placeholders",
    (locale) => {
      const catalog = INBOX_CATALOGS[locale] as Record<string, string>;
      expect(Object.keys(catalog).sort()).toEqual([...keys].sort());
      for (const key of keys) {
        const text = catalog[key] ?? "";
        expect(text.trim(), key).not.toBe("");
        expect(placeholders(text), key).toEqual(placeholders(english[key] ?? ""));
        if (locale !== "en" && !SAME_AS_ENGLISH.has(key)) expect(text, key).not.toBe(english[key]);
      }
    },
  );

  it("ar writes every text in Arabic script (none is left in English)", () => {
    const arabic = INBOX_CATALOGS.ar as Record<string, string>;
    const notArabic = keys.filter(
      (key) => key !== "page.dir" && !/[\u0600-\u06ff]/.test(arabic[key] ?? ""),
    );
    expect(notArabic).toEqual([]);
  });

  it.each(INBOX_LOCALES)(
    "%s words every rule of the triage policy, each rule in its own words",
    (locale) => {
      const catalog = INBOX_CATALOGS[locale] as Record<string, string>;
      const words = RULE_IDS.map((id) => catalog[`rules.${id}`]?.trim() ?? "");
      expect(RULE_IDS.filter((_, index) => words[index] === "")).toEqual([]);
      expect(new Set(words).size).toBe(RULE_IDS.length);
      // Words, not the bare id again.
      expect(RULE_IDS.filter((id, index) => words[index]?.includes(id))).toEqual([]);
    },
  );

  it("names every value of the contract's vocabularies that the inbox shows", () => {
    const vocabularies: [string, readonly string[]][] = [
      ["states", ASSIGNMENT_STATES],
      ["outcomes", OUTCOMES],
      ["declineReasons", DECLINE_REASONS],
      ["flags", FLAGS],
      ["needs", NEEDS],
      ["urgencies", URGENCIES],
      ["situations", SITUATIONS],
      ["circumstances", CIRCUMSTANCES],
      ["channels", CONTACT_CHANNELS],
    ];
    const missing = vocabularies.flatMap(([prefix, values]) =>
      values.map((value) => `${prefix}.${value}`).filter((key) => !(key in english)),
    );
    expect(missing).toEqual([]);
  });

  it("has every text the script asks for", () => {
    const source = readdirSync("web/inbox")
      .filter((file) => file.endsWith(".ts"))
      .map((file) => readFileSync(join("web/inbox", file), "utf8"))
      .join("\n");
    const asked = [...source.matchAll(/\bsay\(\s*"([\w.]+)"/g)].map((match) => match[1] ?? "");
    expect(asked.length).toBeGreaterThan(40);
    expect(asked.filter((key) => !(key in english))).toEqual([]);
  });
});

describe("the form's pages", () => {
  it("are built as before: one per locale, the first at /, the inbox apart", () => {
    expect(site.pages).toEqual(region.locales.map((locale) => `/${locale}/`));
    for (const locale of region.locales)
      expect(read(`${locale}/index.html`).toString("utf8")).toBe(
        renderFormPage({ region, locale }),
      );
    expect(read("index.html").toString("utf8")).toBe(
      renderFormPage({ region, locale: region.locales[0] ?? "nl" }),
    );
    for (const asset of ["form.js", "form.css", "pow-worker.js", "icon.svg"])
      expect(read(`assets/${asset}`).length).toBeGreaterThan(0);
  });
});
