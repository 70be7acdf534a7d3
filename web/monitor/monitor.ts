/**
 * The monitor page's script: fetches the published figures (the open view, or the monitor API
 * with a staff or ops token kept in this page's memory only), and shows every table with its
 * chart beside it. Nothing is stored in the browser; the figures are suppressed by the server.
 */
import { type Bar, barChart, columnChart, type Figure, tileMap } from "./charts.ts";
import type { MonitorPageData } from "./page-data.ts";

interface Row {
  key: string;
  values: Figure[];
  total: Figure;
}
interface Table {
  table: string;
  columnKind: "month" | "municipality" | "check_in_month";
  columns: string[];
  rows: Row[];
  totals: Figure[];
  total: Figure;
}
interface View {
  months: string[];
  threshold: number;
  tables: Table[];
}

type Chart = "months" | "rows" | "map";
const SECTIONS: readonly { table: string; title: string; about?: string; chart: Chart }[] = [
  { table: "urgency", title: "section.trends", about: "section.trends.about", chart: "months" },
  { table: "kind", title: "section.mix", about: "section.mix.about", chart: "rows" },
  { table: "sector", title: "section.sector", chart: "rows" },
  { table: "gaps", title: "section.gaps", about: "section.gaps.about", chart: "map" },
  { table: "municipality", title: "section.municipality", chart: "rows" },
  { table: "needs", title: "section.needs", about: "section.needs.about", chart: "rows" },
  { table: "multi_problem", title: "section.multi", chart: "rows" },
  { table: "repeat", title: "section.repeat", about: "section.repeat.about", chart: "rows" },
  { table: "first_claim", title: "section.claim", chart: "rows" },
  { table: "first_contact", title: "section.contact", chart: "rows" },
  { table: "work", title: "section.work", chart: "rows" },
  { table: "outcome", title: "section.outcome", chart: "rows" },
  { table: "check_in", title: "section.checkIn", about: "section.checkIn.about", chart: "rows" },
];

const data = JSON.parse(
  document.getElementById("monitor-data")?.textContent ?? "{}",
) as MonitorPageData;
const t = (key: string) => data.texts[key] ?? key;
const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
let token: string | null = null;

function element<K extends keyof HTMLElementTagNameMap>(
  name: K,
  text?: string,
  className?: string,
): HTMLElementTagNameMap[K] {
  const made = document.createElement(name);
  if (text !== undefined) made.textContent = text;
  if (className) made.className = className;
  return made;
}

const label = (table: string, code: string) => data.labels[table]?.[code] ?? code;
const columnLabel = (table: Table, code: string) =>
  table.columnKind === "month" ? code : label(table.table, code);
const isBlindSpot = (table: string, row: string) => data.blindSpots.includes(`${table}:${row}`);

function cell(name: "td" | "th", figure: Figure): HTMLTableCellElement {
  const made = element(name, String(figure));
  if (typeof figure !== "number") {
    made.className = "hidden-cell";
    made.title = t("chart.suppressed");
  }
  return made;
}

function tableOf(table: Table, caption: string): HTMLElement {
  const wrap = element("div", undefined, "table-wrap");
  wrap.tabIndex = 0;
  wrap.setAttribute("role", "region");
  wrap.setAttribute("aria-label", caption);
  const grid = element("table");
  grid.append(element("caption", caption));
  const head = element("tr");
  const corner = element("th", t("table.row"));
  corner.scope = "col";
  head.append(corner);
  for (const column of [...table.columns.map((c) => columnLabel(table, c)), t("table.total")]) {
    const th = element("th", column);
    th.scope = "col";
    head.append(th);
  }
  const body = element("tbody");
  for (const row of table.rows) {
    const line = element("tr");
    const name = element("th", label(table.table, row.key));
    name.scope = "row";
    if (isBlindSpot(table.table, row.key)) {
      name.className = "marked";
      name.append(element("span", ` (${t("blindSpot")})`, "tag"));
    }
    line.append(name, ...row.values.map((value) => cell("td", value)), cell("td", row.total));
    body.append(line);
  }
  const foot = element("tr", undefined, "totals");
  const totalName = element("th", t("table.total"));
  totalName.scope = "row";
  foot.append(
    totalName,
    ...table.totals.map((value) => cell("td", value)),
    cell("td", table.total),
  );
  body.append(foot);
  grid.append(element("thead"), body);
  grid.tHead?.append(head);
  wrap.append(grid);
  return wrap;
}

function csvOf(table: Table): string {
  const quote = (value: Figure) => {
    const text = String(value);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return [
    [table.table, ...table.columns, "total"],
    ...table.rows.map((row) => [row.key, ...row.values, row.total]),
    ["total", ...table.totals, table.total],
  ]
    .map((line) => line.map(quote).join(","))
    .join("\r\n");
}

function chartOf(table: Table, chart: Chart, title: string): SVGSVGElement {
  if (chart === "months")
    return columnChart(
      title,
      table.columns.map((month, at) => ({ label: month, value: table.totals[at] ?? 0 })),
    );
  if (chart === "map")
    return tileMap(
      t("section.gapsMap"),
      table.columns
        .filter((code) => data.tiles[code])
        .map((code) => {
          const [column, row] = data.tiles[code] ?? [0, 0];
          const at = table.columns.indexOf(code);
          return {
            code,
            name: label("municipality", code),
            column,
            row,
            value: table.totals[at] ?? 0,
          };
        }),
    );
  return barChart(
    title,
    table.rows.map(
      (row): Bar => ({
        label: label(table.table, row.key),
        value: row.total,
        marked: isBlindSpot(table.table, row.key),
      }),
    ),
  );
}

function show(view: View): void {
  const figures = byId("figures");
  figures.replaceChildren();
  for (const section of SECTIONS) {
    const table = view.tables.find((candidate) => candidate.table === section.table);
    if (!table) continue;
    const title = t(section.title);
    const part = element("section", undefined, "figure");
    part.setAttribute("aria-labelledby", `title-${section.table}`);
    const heading = element("h2", title);
    heading.id = `title-${section.table}`;
    part.append(heading);
    if (section.about) part.append(element("p", t(section.about), "note"));
    const pair = element("div", undefined, "pair");
    const chart = element("figure", undefined, "chart-box");
    chart.append(chartOf(table, section.chart, title));
    pair.append(chart, tableOf(table, title));
    const download = element("a", t("csv"), "csv");
    download.href = URL.createObjectURL(new Blob([csvOf(table)], { type: "text/csv" }));
    download.download = `monitor-${table.table}-${view.months[0]}-${view.months.at(-1)}.csv`;
    const downloads = element("p");
    downloads.append(download);
    part.append(pair, downloads);
    figures.append(part);
  }
}

async function load(): Promise<void> {
  const from = byId<HTMLInputElement>("from").value;
  const to = byId<HTMLInputElement>("to").value;
  const query = new URLSearchParams({ ...(from ? { from } : {}), ...(to ? { to } : {}) });
  const status = byId("status");
  status.textContent = t("load.loading");
  const path = token ? "/api/v1/monitor" : "/api/v1/open/monitor";
  const response = await fetch(`${path}?${query}`, {
    headers: { Accept: "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    cache: "no-store",
    referrerPolicy: "no-referrer",
  }).catch(() => null);
  status.textContent = "";
  if (response && response.status === 400) {
    byId("period-problem").textContent = t("period.bad");
    return;
  }
  byId("period-problem").textContent = "";
  if (response && [401, 403, 404].includes(response.status) && token !== null) {
    token = null;
    byId("sign-in").hidden = false;
    byId("period").hidden = true;
    byId("sign-in-problem").textContent = t("signIn.refused");
    return;
  }
  if (!response?.ok) {
    status.textContent = t("load.failed");
    return;
  }
  const view = (await response.json()) as View;
  byId("sign-in").hidden = true;
  byId("period").hidden = false;
  if (!from) byId<HTMLInputElement>("from").value = view.months[0] ?? "";
  if (!to) byId<HTMLInputElement>("to").value = view.months.at(-1) ?? "";
  show(view);
}

byId("no-script").hidden = true;
byId("sign-in-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const field = byId<HTMLInputElement>("token");
  token = field.value.trim();
  field.value = "";
  void load();
});
byId("period").addEventListener("submit", (event) => {
  event.preventDefault();
  void load();
});
if (data.openData) void load();
else byId("sign-in").hidden = false;
