/**
 * The organisation's open cases, exported for its own case system: each case read through the
 * API and decrypted here, in this browser, with the staff member's keys, then handed to the
 * browser as a file download (CSV or JSON). Nothing is kept by the page: the file is made in
 * memory and its object URL revoked once the download started. Reading a case for the export is
 * reading it: it is in the audit trail, and the case's markers count from then.
 */
import type { CaseSummary, CaseView } from "../../domain/case-views.ts";
import { type AnyView, isWithdrawn } from "./api-client.ts";
import { csvOf, type ExportedCase } from "./export-format.ts";
import { open } from "./identity-keys.ts";
import { announce, busy, byId, clearProblems, el } from "./page-elements.ts";
import { say } from "./page-texts.ts";
import { api, report, session } from "./session.ts";

const opened = async (armored: string | undefined): Promise<string> =>
  armored === undefined
    ? ""
    : ((await open(session?.keys ?? [], armored)) ?? say("case.unreadable"));

const stamped = (at: number, text: string) => `${new Date(at).toISOString()} ${text}`;

/** One case, read and opened, as an export row. */
export async function exportedCase(view: CaseView): Promise<ExportedCase> {
  const texts = async (items: { at: number; sealed?: string; by?: string }[]) =>
    (
      await Promise.all(
        items.map(async (item) =>
          stamped(item.at, `${item.by ? `${item.by}: ` : ""}${await opened(item.sealed)}`),
        ),
      )
    ).join("\n");
  return {
    caseId: view.caseId,
    receivedAt: new Date(view.receivedAt).toISOString(),
    urgency: view.urgency,
    state: view.assignment.state,
    claimedBy: view.assignment.claimedBy ?? "",
    needs: view.triage.needs.join(" "),
    gaps: view.routing.gaps.map((gap) => gap.need).join(" "),
    municipality: view.municipality,
    contactLanguages: view.contactLanguages.join(" "),
    situation: view.situation,
    circumstances: view.circumstances.join(" "),
    others: view.others.map((other) => `${other.organisation}:${other.state}`).join(" "),
    narrative: await opened(view.sealed.narrative),
    contact: await opened(view.sealed.contact),
    replies: await texts(view.replies),
    messages: await texts(
      view.messages.map((message) => ({ at: message.at, sealed: message.own })),
    ),
    notes: await texts(view.notes),
  };
}

/** Hands a file to the browser's downloads; the page keeps nothing of it. */
function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = el("a", { attrs: { href: url, download: name } });
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

async function exportCases(format: "csv" | "json"): Promise<void> {
  const { cases } = await api<{ cases: CaseSummary[] }>("GET", "org/cases");
  const live = cases.filter((row) => row.live);
  announce(say("export.working", { count: live.length }));
  const rows: ExportedCase[] = [];
  for (const row of live) {
    const view = await api<AnyView>("GET", `org/cases/${encodeURIComponent(row.caseId)}`);
    if (!isWithdrawn(view)) rows.push(await exportedCase(view));
  }
  const day = new Date().toISOString().slice(0, 10);
  if (format === "csv") download(`cases-${day}.csv`, "text/csv;charset=utf-8", csvOf(rows));
  else
    download(
      `cases-${day}.json`,
      "application/json",
      `${JSON.stringify({ cases: rows }, null, 2)}\n`,
    );
  announce(say("export.done", { count: rows.length }));
}

export function wireExport(): void {
  for (const format of ["csv", "json"] as const) {
    const button = byId<HTMLButtonElement>(`export-${format}`);
    button.addEventListener("click", () => {
      clearProblems();
      void busy(button, () =>
        exportCases(format).catch((error) => report(error, byId("export-problem"))),
      );
    });
  }
}
