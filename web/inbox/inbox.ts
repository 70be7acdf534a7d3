/**
 * The inbox's script: staff sign in with their access token and their age identity file, see
 * their organisation's cases, open one (its sealed parts decrypted here, with the identity),
 * and work it through the organisations' API (contract, section 7).
 *
 * The identity never leaves this page: it is read from the picked file, imported into a
 * non-extractable WebCrypto key where the browser can (the text is dropped), and used only to
 * open what the API hands over, and to seal again what a hand-over passes on. The token goes
 * only in the Authorization header of calls to this origin's API. Both live in this script's
 * memory alone: no storage, no cookie, nothing in the URL or the history; "Lock", leaving the
 * page, or fifteen idle minutes forget them, with everything decrypted.
 *
 * Every text comes from the page's data block, in the page's language; every value from the
 * server is written with textContent, never as HTML.
 *
 * This file wires the parts together: the page's elements and texts (page-elements.ts,
 * page-texts.ts), the API (api-client.ts), the identity (identity-keys.ts), the session and its
 * locking (session.ts), signing in (sign-in.ts), the list (case-list.ts), and one case: its
 * details, sealed parts and steps (case-details.ts, sealed-parts.ts, case-actions.ts,
 * case-steps.ts, case-step-forms.ts), and the team's parts: notes, the own copies of messages,
 * the timeline, assignment, a leaver's hand-over and the export (team-parts.ts, team-steps.ts,
 * case-export.ts).
 */
import { wireExport } from "./case-export.ts";
import { wireCaseList } from "./case-list.ts";
import { wireCaseSteps } from "./case-step-forms.ts";
import { openCase } from "./case-steps.ts";
import { wireCaseWatch } from "./case-watch.ts";
import { byId } from "./page-elements.ts";
import { showView, wireLocking } from "./session.ts";
import { wireSignIn } from "./sign-in.ts";
import { wireTeamSteps } from "./team-steps.ts";

wireLocking();
wireSignIn();
wireCaseList(openCase);
wireCaseSteps();
wireTeamSteps();
wireCaseWatch();
wireExport();

byId("needs-script").hidden = true;
showView("signIn");
