/**
 * The open case, watched for news: while it is on screen and the tab visible, it is asked again
 * on the list's clock (`data-poll-seconds` of the list view) with the tag of its last answer: a
 * conditional GET whose 304 changes nothing. When it changed (the person replied, a colleague
 * wrote to them or added a note, another organisation took a step), what is new is opened and
 * shown, and said in the live region. The steps' forms are left as they are, so nothing typed or
 * chosen is lost; a step on a case that moved on meanwhile is told so (409) and reads it again.
 */
import { type AnyView, callIfChanged, isWithdrawn } from "./api-client.ts";
import { renderDetails } from "./case-details.ts";
import { stepRunning } from "./case-steps.ts";
import { POLL_SECONDS } from "./list-logic.ts";
import { announce } from "./page-elements.ts";
import { say } from "./page-texts.ts";
import { openSealedParts, renderSealed } from "./sealed-parts.ts";
import { inSession, opened, openedOf, session, setOpened, views } from "./session.ts";
import { loadTimeline, openTeamParts, renderTeamParts } from "./team-parts.ts";

let tag: { caseId: string; etag: string } | null = null;

const interval = () => {
  const seconds = Number(views.list.dataset.pollSeconds);
  return (seconds >= 1 ? seconds : POLL_SECONDS) * 1000;
};

const onScreen = () =>
  session !== null &&
  opened !== null &&
  !views.case.hidden &&
  document.visibilityState === "visible";

const replies = (view: AnyView) => (isWithdrawn(view) ? 0 : view.replies.length);

/** Asks for the open case again; shows and says what is new. */
async function look(): Promise<void> {
  const before = opened;
  if (!before || stepRunning()) return;
  const { caseId } = before.view;
  const answer = await inSession((token) =>
    callIfChanged<AnyView>(
      token,
      `org/cases/${encodeURIComponent(caseId)}`,
      tag?.caseId === caseId ? tag.etag : null,
    ),
  );
  if (!answer.changed) return;
  tag = answer.etag ? { caseId, etag: answer.etag } : null;
  if (stepRunning() || JSON.stringify(answer.body) === JSON.stringify(before.view)) return;
  const state = openedOf(answer.body);
  await openSealedParts(state, before);
  await openTeamParts(state, before);
  if (opened !== before || stepRunning()) return; // left, locked, or a step is reading it
  setOpened(state);
  renderDetails(state.view);
  renderSealed(state);
  renderTeamParts(state);
  void loadTimeline(caseId);
  const newReplies = replies(state.view) - replies(before.view);
  announce(newReplies > 0 ? say("case.newReply", { count: newReplies }) : say("case.changed"));
}

/** Starts the open case's clock; it runs while a case is on screen. */
export function wireCaseWatch(): void {
  let timer = 0;
  const schedule = () => {
    window.clearTimeout(timer);
    if (!onScreen()) return;
    timer = window.setTimeout(() => {
      void look()
        .catch(() => undefined) // the next look tries again; a step says any problem
        .finally(schedule);
    }, interval());
  };
  new MutationObserver(schedule).observe(views.case, {
    attributes: true,
    attributeFilter: ["hidden"],
  });
  document.addEventListener("visibilitychange", schedule);
}
