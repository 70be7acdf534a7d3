import { describe, expect, it } from "vitest";
import { CATALOGS } from "../../domain/catalogs.ts";
import { message, numbersLeftToRight } from "../../domain/messages.ts";
import { SUPPORTED_LOCALES } from "../../domain/vocabulary.ts";

const LRI = "\u2066";
const PDI = "\u2069";
const directionOf = (locale: string) => CATALOGS[locale as keyof typeof CATALOGS]["page.dir"];
const rightToLeft = SUPPORTED_LOCALES.filter((locale) => directionOf(locale) === "rtl");
const leftToRight = SUPPORTED_LOCALES.filter((locale) => directionOf(locale) === "ltr");

describe("a number filled into a right-to-left text", () => {
  it("has right-to-left locales to check", () => {
    expect(rightToLeft).toContain("ar");
  });

  it.each(
    rightToLeft.flatMap((locale) =>
      ["+31 20 555 0100", "0900-0101", "(020) 555 0199", "4821 0937 5520 1184"].map(
        (number) => [locale, number] as const,
      ),
    ),
  )("%s keeps %j left to right, isolated", (locale, number) => {
    expect(message(locale, "emergency.title", { number })).toContain(`${LRI}${number}${PDI}`);
  });

  it.each(rightToLeft)("%s leaves a bare count and a word as they are", (locale) => {
    expect(message(locale, "emergency.title", { number: "112" })).not.toContain(LRI);
    expect(message(locale, "next.who.named", { name: "Team 2" })).not.toContain(LRI);
  });
});

describe("a number filled into a left-to-right text", () => {
  it.each(leftToRight)("%s is left as it is", (locale) => {
    expect(message(locale, "emergency.title", { number: "+31 20 555 0100" })).not.toMatch(
      /[\u2066-\u2069]/,
    );
  });
});

describe("the numbers of a region's own text", () => {
  it.each([
    ["fa", "دوشنبه تا جمعه 08:00-20:00", `دوشنبه تا جمعه ${LRI}08:00-20:00${PDI}`],
    ["ar", "خط المساعدة 0900-0101، أو", `خط المساعدة ${LRI}0900-0101${PDI}، أو`],
    ["fa", "خط جوانان (زیر 18 سال)", `خط جوانان (زیر ${LRI}18${PDI} سال)`],
    ["ur", `مدد کی لائن ${LRI}0900-0101${PDI} کے`, `مدد کی لائن ${LRI}0900-0101${PDI} کے`],
    ["fa", "شبانه‌روزی", "شبانه‌روزی"],
    ["pl", "pon.-pt. 08:00-20:00", "pon.-pt. 08:00-20:00"],
  ])("in %s: %j reads %j", (locale, text, shown) => {
    expect(numbersLeftToRight(locale, text)).toBe(shown);
  });
});
