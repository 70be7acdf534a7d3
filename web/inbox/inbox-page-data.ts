/**
 * What the inbox page hands its script, as JSON in a data block (`<script type="application/json"
 * id="inbox-data">`, never executed): the texts of its language and what the region decides
 * (municipality names, the coordinator, the moves a case may make, its fallback for a need nobody
 * covers). Shared by the page's renderer (at build time) and the script (in the browser); types
 * only.
 */
export interface InboxPageData {
  locale: string;
  texts: Record<string, string>;
  /** municipality code → name, as the region file has them */
  municipalities: Record<string, string>;
  /** need → what the region tells a person to do when nobody covers it, in the page's language */
  fallbacks: Record<string, string>;
  /** the coordinator's id: it cannot decline a case */
  coordinator: string;
  /** from each assignment state, the states `POST …/state` may move it to */
  moves: Record<string, string[]>;
  /** the assignment states from which a case may be declined */
  declinableFrom: string[];
  /** the states from which staff may hand a need over or write to the person */
  workingStates: string[];
  /** the states that close a case and need an outcome */
  closingStates: string[];
  /** minutes without a key press or a click after which the inbox locks itself */
  idleMinutes: number;
}
