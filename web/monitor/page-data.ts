/**
 * What the monitor page hands its script, as JSON in a data block (`<script type="application/json"
 * id="monitor-data">`, never executed): the texts of its language, a label for every row and
 * column code, the municipalities' tiles, and whether the region publishes an open view.
 * Shared by the page's renderer (at build time) and the script (in the browser); types only.
 */
export interface MonitorPageData {
  locale: string;
  texts: Record<string, string>;
  /** table → code (a row, or a column that is not a month) → label */
  labels: Record<string, Record<string, string>>;
  /** municipality code → [column, row] of its tile on the map */
  tiles: Record<string, [number, number]>;
  /** rows of the kinds and sectors that the national figures miss */
  blindSpots: string[];
  threshold: number;
  /** the open-data view is published: no sign-in */
  openData: boolean;
}
