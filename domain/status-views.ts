/**
 * What the person sees of their case on the status page (and `POST /api/v1/status` answers), as
 * types: the use cases build them, the pages (web/pages/status-page.ts) render them.
 */

export type TimelineEvent =
  | { event: "received"; at: number }
  | { event: "shared"; at: number; organisations: number }
  | { event: "not_shared"; at: number }
  | { event: "claimed"; at: number }
  | { event: "in_contact"; at: number }
  | { event: "closed"; at: number; outcome?: string }
  | { event: "withdrawn"; at: number; kind: "consent" | "delete" };

/** Who wrote a message: the kind of organisation (the coordinator apart), or the person. */
export type Writer = "care" | "coordinator" | "authority" | "you";

export type Status =
  /** no report behind this receipt (or not a receipt at all): the same answer */
  | { found: false }
  /** a report exists; its PIN was not given (or not right, or not taken before `retryAt`) */
  | { found: true; locked: true; retryAt?: number }
  | {
      found: true;
      locked: false;
      locale: string;
      timeline: TimelineEvent[];
      /** newest first, opened with the person's key: what organisations wrote, and the replies */
      messages: { id: string; at: number; text: string; from: Writer }[];
      /** what happens next (and tonight), in the case's locale */
      next: { next: string[]; tonight: string[] };
      /** shared with nobody: the person may share it now */
      canShare: boolean;
      /** a check-in due now, by the month after closing it belongs to */
      checkIn: number | null;
      pinSet: boolean;
      withdrawn: boolean;
      /** wrong PINs tried since the person last got in: shown once, then counted from zero */
      wrongPinTries: number;
    };
