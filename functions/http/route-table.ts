/**
 * Finding the route of a request in a table of `METHOD path` rows, where `:caseId` stands for a
 * case id: a path with no route is 404, a path with routes for other methods is 405 with
 * `Allow`, and a malformed case id is a case that does not exist (the same 404 as another
 * organisation's case, so nothing tells them apart).
 */
import { CaseNotFoundError } from "../use-cases/case-access.ts";
import { HttpProblemError } from "./problems.ts";

export interface RouteRow {
  method: "GET" | "POST";
  /** the path after /api/v1/, `:caseId` standing for a case id */
  path: string;
}

const CASE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The row's case id when the path fits its pattern, else null. */
function matchRow(
  pattern: readonly string[],
  segments: readonly string[],
): { caseId: string } | null {
  if (pattern.length !== segments.length) return null;
  let caseId = "";
  for (const [index, part] of pattern.entries()) {
    const segment = segments[index] ?? "";
    if (part !== ":caseId") {
      if (part !== segment) return null;
    } else if (!CASE_ID.test(segment)) throw new CaseNotFoundError("No such case.");
    else caseId = segment;
  }
  return { caseId };
}

export function findRoute<R extends RouteRow>(
  routes: readonly R[],
  method: string,
  path: string,
): { route: R; caseId: string } {
  const segments = path.replace(/^\/api\/v1\//, "").split("/");
  const onPath = routes.flatMap((route) => {
    const fits = matchRow(route.path.split("/"), segments);
    return fits ? [{ route, caseId: fits.caseId }] : [];
  });
  if (onPath.length === 0) throw new HttpProblemError(404, "not_found", "There is nothing here.");
  const found = onPath.find((match) => match.route.method === method);
  if (!found)
    throw new HttpProblemError(405, "method_not_allowed", "This method is not allowed here.", {
      Allow: [...new Set(onPath.map((match) => match.route.method))].join(", "),
    });
  return found;
}
