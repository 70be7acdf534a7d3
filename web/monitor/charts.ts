/**
 * The monitor's charts as plain SVG, built with DOM calls (no innerHTML, no inline style: the
 * page's CSP allows neither): horizontal bars for a list of labelled figures, and a tile map of
 * the region's municipalities. A hidden figure ("<10", "x") draws no bar, only its mark, so a
 * chart never shows more than the table beside it. Colours and sizes come from monitor.css
 * classes; the charts scale with the page (viewBox) and print in black and white.
 */
export type Figure = number | string;

export interface Bar {
  label: string;
  value: Figure;
  /** marked as a blind spot (a class, and the word in the label) */
  marked?: boolean;
}

const SVG = "http://www.w3.org/2000/svg";

function svg<K extends keyof SVGElementTagNameMap>(
  name: K,
  attributes: Record<string, string | number>,
  text?: string,
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/** Bars of labelled figures, one per row: the chart for a table's totals. */
export function barChart(title: string, bars: readonly Bar[]): SVGSVGElement {
  const row = 22;
  const labelWidth = 190;
  const width = 520;
  const numbers = bars.map((bar) => (typeof bar.value === "number" ? bar.value : 0));
  const max = Math.max(1, ...numbers);
  const chart = svg("svg", {
    viewBox: `0 0 ${width} ${bars.length * row + 4}`,
    role: "img",
    "aria-label": title,
    class: "chart",
  });
  bars.forEach((bar, at) => {
    const y = at * row + 2;
    const label = bar.label.length > 30 ? `${bar.label.slice(0, 29)}…` : bar.label;
    chart.append(
      svg("text", { x: labelWidth - 6, y: y + 15, "text-anchor": "end", class: "label" }, label),
    );
    const shown = typeof bar.value === "number";
    const length = shown
      ? Math.round(((width - labelWidth - 60) * (bar.value as number)) / max)
      : 0;
    if (length > 0)
      chart.append(
        svg("rect", {
          x: labelWidth,
          y: y + 3,
          width: length,
          height: row - 8,
          class: bar.marked ? "bar marked" : "bar",
        }),
      );
    chart.append(
      svg(
        "text",
        { x: labelWidth + length + 4, y: y + 15, class: shown ? "value" : "value hidden" },
        String(bar.value),
      ),
    );
  });
  return chart;
}

/** Vertical bars over time (months): the trend chart. */
export function columnChart(title: string, bars: readonly Bar[]): SVGSVGElement {
  const height = 160;
  const slot = Math.max(24, Math.floor(520 / Math.max(1, bars.length)));
  const width = slot * bars.length;
  const max = Math.max(1, ...bars.map((bar) => (typeof bar.value === "number" ? bar.value : 0)));
  const chart = svg("svg", {
    viewBox: `0 0 ${width} ${height + 36}`,
    role: "img",
    "aria-label": title,
    class: "chart",
  });
  bars.forEach((bar, at) => {
    const x = at * slot;
    const value = typeof bar.value === "number" ? bar.value : 0;
    const length = Math.round(((height - 16) * value) / max);
    if (length > 0)
      chart.append(
        svg("rect", {
          x: x + 3,
          y: height - length,
          width: slot - 6,
          height: length,
          class: "bar",
        }),
      );
    chart.append(
      svg(
        "text",
        {
          x: x + slot / 2,
          y: height - length - 4,
          "text-anchor": "middle",
          class: typeof bar.value === "number" ? "value" : "value hidden",
        },
        String(bar.value),
      ),
      svg(
        "text",
        { x: x + slot / 2, y: height + 14, "text-anchor": "middle", class: "label" },
        bar.label.slice(2),
      ),
    );
  });
  return chart;
}

export interface Tile {
  code: string;
  name: string;
  column: number;
  row: number;
  value: Figure;
}

/** The municipalities as a tile map (no tile server): darker where the figure is larger. */
export function tileMap(title: string, tiles: readonly Tile[]): SVGSVGElement {
  const size = 84;
  const columns = Math.max(1, ...tiles.map((tile) => tile.column + 1));
  const rows = Math.max(1, ...tiles.map((tile) => tile.row + 1));
  const max = Math.max(
    1,
    ...tiles.map((tile) => (typeof tile.value === "number" ? tile.value : 0)),
  );
  const chart = svg("svg", {
    viewBox: `0 0 ${columns * size} ${rows * size}`,
    role: "img",
    "aria-label": title,
    class: "chart map",
  });
  for (const tile of tiles) {
    const x = tile.column * size;
    const y = tile.row * size;
    const value = typeof tile.value === "number" ? tile.value : 0;
    // Five steps of shade, as classes: the CSP allows no inline style, and print stays legible.
    const step = typeof tile.value === "number" ? Math.min(4, Math.ceil((4 * value) / max)) : "x";
    const group = svg("g", {});
    group.append(
      svg("title", {}, `${tile.name}: ${tile.value}`),
      svg("rect", {
        x: x + 2,
        y: y + 2,
        width: size - 4,
        height: size - 4,
        rx: 6,
        class: `tile shade-${step}`,
      }),
      svg(
        "text",
        { x: x + size / 2, y: y + 34, "text-anchor": "middle", class: `tile-name shade-${step}` },
        tile.name.length > 12 ? `${tile.name.slice(0, 11)}…` : tile.name,
      ),
      svg(
        "text",
        { x: x + size / 2, y: y + 58, "text-anchor": "middle", class: `tile-value shade-${step}` },
        String(tile.value),
      ),
    );
    chart.append(group);
  }
  return chart;
}
