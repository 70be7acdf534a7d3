import { describe, expect, it } from "vitest";
import { HttpProblemError } from "../../../functions/http/problems.ts";
import { findRoute } from "../../../functions/http/route-table.ts";
import { CaseNotFoundError } from "../../../functions/use-cases/case-access.ts";

const ROUTES = [
  { method: "GET", path: "org/cases" },
  { method: "GET", path: "org/cases/:caseId" },
  { method: "POST", path: "org/cases/:caseId/claim" },
] as const;
const CASE = "0b5c7c2e-53a8-4f9e-9d3a-8c1f2e4a6b7d";

describe("findRoute", () => {
  it.each([
    ["GET", "/api/v1/org/cases", "org/cases", ""],
    ["GET", `/api/v1/org/cases/${CASE}`, "org/cases/:caseId", CASE],
    ["POST", `/api/v1/org/cases/${CASE}/claim`, "org/cases/:caseId/claim", CASE],
  ])("%s %s is %s", (method, path, route, caseId) => {
    const found = findRoute(ROUTES, method, path);
    expect(found.route.path).toBe(route);
    expect(found.caseId).toBe(caseId);
  });

  it.each(["/api/v1/org/nothing", "/api/v1/org/cases/x/y/z", "/api/v1/constructor"])(
    "answers 404 for %s, a path with no route",
    (path) => {
      expect(() => findRoute(ROUTES, "GET", path)).toThrow(
        expect.objectContaining({ statusCode: 404, code: "not_found" }),
      );
    },
  );

  it("answers 405 with the methods the path takes", () => {
    let problem: unknown;
    try {
      findRoute(ROUTES, "POST", "/api/v1/org/cases");
    } catch (error) {
      problem = error;
    }
    expect(problem).toBeInstanceOf(HttpProblemError);
    expect(problem).toMatchObject({ statusCode: 405, headers: { Allow: "GET" } });
  });

  it.each(["not-a-uuid", CASE.toUpperCase(), `${CASE}0`])(
    "treats a malformed case id (%s) as a case that does not exist",
    (id) => {
      expect(() => findRoute(ROUTES, "GET", `/api/v1/org/cases/${id}`)).toThrow(CaseNotFoundError);
    },
  );
});
