// The contract table: one row per invocation, run through the console, Slack and Discord.
// Marketer commands are served by the console and Slack; creator commands by the console and
// Discord. On a surface that does not serve a row's command, the row expects the refusal instead
// (`refused`), and no change to the database.
import type { Built, Effect, State } from "./fixture.ts";

export type Surface = "console" | "slack" | "discord";
export type Who = "marketer" | "creator" | "stranger";

/** An answer in a form every surface's rendering reduces to. `private` is null on the console (one local reader). */
export interface Answer {
  private: boolean | null;
  text: string;
  buttons: string[];
  /** The title of a form the answer opens (a Slack modal, a Discord modal, the console's form listing). */
  form: string | null;
  /** The dispatcher's error code (user errors), or null. */
  code: string | null;
}

export interface Row {
  /** Unique; also names the row's own campaign (k-<id>). */
  id: string;
  who: Who;
  state: State;
  /** The registry name, e.g. "optins approve". */
  cmd: string;
  /** Options as key:value; values may use {slug}, {pid} (participation id), {did} (deliverable id). */
  args?: Record<string, string>;
  /** A button with this label runs the line instead of it being typed. */
  button?: string;
  /** good/bad input, an authorisation refusal, or a repeat (the invocation runs twice; the second answer counts). */
  kind: "good" | "bad" | "refusal" | "repeat";
  /** The expected effect, from what the fixture built; "unchanged" = the state as built. */
  effect: "unchanged" | ((b: Built) => Partial<Effect>);
  answer: { private?: boolean; facts?: RegExp[]; buttons?: string[]; code?: string | null; form?: RegExp };
  /** Surfaces on which this row is not run, and why (e.g. the console has no strangers). */
  skip?: Partial<Record<Surface, string>>;
}

export const AUDIENCE_SURFACES: Record<"marketer" | "creator", Surface[]> = {
  marketer: ["console", "slack"],
  creator: ["console", "discord"],
};

/** What a surface that does not serve the command answers, privately: the code and what it says. */
export function refusal(surface: Surface, row: Row): { code: string | null; facts: RegExp[] } {
  // Slack's actors hold the marketer role at most: a creator command is refused by audience.
  if (surface === "slack") return { code: "NOT_ALLOWED", facts: [/This command is for creators/] };
  // Discord registers only the creators' slash commands: a marketer one is not known there (it
  // never reaches the dispatcher); a marketer button, were one shown, is refused by audience.
  if (surface === "discord")
    return row.button ? { code: "NOT_ALLOWED", facts: [/Only the brand's marketing team/] } : { code: null, facts: [/does not know this command/] };
  return { code: null, facts: [] }; // the console serves every command
}

const noStranger = { console: "the console is local: its one user holds every role, there is no stranger" };
const p = (status: string) => ({ participations: [{ handle: "ana.cooks", status }] });

export const ROWS: Row[] = [
  // --- campaigns (marketer) ---
  {
    id: "new-ok", who: "marketer", state: "none", cmd: "campaign new", kind: "good",
    args: { name: "Nut week", slug: "{slug}", objective: "awareness", deliverables: "1 Reel", budget: "900", "go-live": "+30d" },
    effect: () => ({ campaign: { status: "draft" } }),
    // Marketers' answers that are not errors are shown in the channel (the message model's choice).
    answer: { private: false, facts: [/Nut week/, /draft/i] },
  },
  {
    id: "new-bad", who: "marketer", state: "none", cmd: "campaign new", kind: "bad",
    args: { slug: "{slug}", objective: "awareness" },
    effect: () => ({ campaign: null }),
    answer: { private: true, code: "USAGE", facts: [/name: is required/] },
  },
  {
    id: "show-ok", who: "marketer", state: "draft", cmd: "campaign show", kind: "good", args: { slug: "{slug}" },
    effect: "unchanged",
    answer: { private: false, facts: [/K show-ok/, /draft/i] },
  },
  {
    id: "show-bad", who: "marketer", state: "none", cmd: "campaign show", kind: "bad", args: { slug: "{slug}" },
    effect: "unchanged",
    answer: { private: true, code: "CAMPAIGN_NOT_FOUND" },
  },
  {
    id: "brief-ok", who: "marketer", state: "draft", cmd: "brief post", kind: "good", args: { slug: "{slug}" },
    effect: () => ({ campaign: { status: "open" } }),
    answer: { facts: [/K brief-ok/] },
  },
  {
    id: "brief-bad", who: "marketer", state: "none", cmd: "brief post", kind: "bad", args: { slug: "{slug}" },
    effect: "unchanged",
    answer: { private: true, code: "CAMPAIGN_NOT_FOUND" },
  },
  {
    id: "stranger-show", who: "stranger", state: "draft", cmd: "campaign show", kind: "refusal", args: { slug: "{slug}" },
    effect: "unchanged",
    answer: { private: true, code: "NOT_ALLOWED", facts: [/Only the brand's marketing team/] },
    skip: noStranger,
  },
  // --- the marketer's buttons ---
  {
    id: "approve", who: "marketer", state: "opted-in", cmd: "optins approve", button: "Approve", kind: "good", args: { id: "{pid}" },
    effect: () => p("approved"),
    answer: { facts: [/approved/i] },
  },
  {
    id: "approve-twice", who: "marketer", state: "opted-in", cmd: "optins approve", button: "Approve", kind: "repeat", args: { id: "{pid}" },
    effect: () => p("approved"),
    answer: { facts: [/already approved/i] },
  },
  {
    id: "decline", who: "marketer", state: "opted-in", cmd: "optins decline", button: "Decline", kind: "good", args: { id: "{pid}" },
    effect: () => p("declined"),
    answer: { facts: [/declined/i] },
  },
  {
    id: "decline-twice", who: "marketer", state: "opted-in", cmd: "optins decline", button: "Decline", kind: "repeat", args: { id: "{pid}" },
    effect: () => p("declined"),
    answer: { facts: [/already declined/i] },
  },
  {
    id: "changes", who: "marketer", state: "submitted", cmd: "deliverables request-changes", button: "Request changes", kind: "good", args: { id: "{did}" },
    effect: () => ({ deliverables: ["submitted"] }),
    answer: { form: /Request changes/ },
  },
  {
    id: "changes-note", who: "marketer", state: "submitted", cmd: "deliverables request-changes", kind: "repeat", args: { id: "{did}", note: "Put #ad first" },
    effect: () => ({ deliverables: ["changes_requested"] }),
    answer: { facts: [/Put #ad first|changes/i] },
  },
  {
    id: "invite", who: "marketer", state: "open", cmd: "campaign invite", button: "Invite", kind: "good", args: { slug: "{slug}", handle: "@ana.cooks", platform: "instagram" },
    effect: () => p("invited"),
    answer: { facts: [/ana\.cooks/] },
  },
  {
    id: "invite-twice", who: "marketer", state: "open", cmd: "campaign invite", button: "Invite", kind: "repeat", args: { slug: "{slug}", handle: "@ana.cooks", platform: "instagram" },
    effect: () => p("invited"),
    answer: { facts: [/already/i] },
  },
  // --- creators ---
  {
    id: "campaigns-ok", who: "creator", state: "open", cmd: "campaigns", kind: "good",
    effect: "unchanged",
    answer: { private: true, facts: [/K campaigns-ok/], buttons: ["I'm in"] },
  },
  {
    id: "optin-ok", who: "creator", state: "open", cmd: "optin", kind: "good",
    args: { campaign: "{slug}", handle: "@ana.cooks", platform: "instagram", followers: "12000", disclose: "yes" },
    effect: () => p("opted_in"),
    answer: { private: true, facts: [/in the running for K optin-ok/] },
  },
  {
    id: "optin-bad", who: "creator", state: "none", cmd: "optin", kind: "bad",
    args: { campaign: "{slug}", handle: "@ana.cooks", platform: "instagram", disclose: "yes" },
    effect: "unchanged",
    answer: { private: true, code: "CAMPAIGN_NOT_FOUND" },
  },
  {
    id: "im-in", who: "creator", state: "open", cmd: "optin", button: "I'm in", kind: "good", args: { campaign: "{slug}" },
    effect: "unchanged",
    answer: { form: /K im-in|opt in|I'm in/i },
  },
  {
    id: "im-in-again", who: "creator", state: "opted-in", cmd: "optin", button: "I'm in", kind: "repeat", args: { campaign: "{slug}" },
    effect: () => p("opted_in"),
    answer: { private: true, facts: [/already in/i] },
  },
  {
    id: "not-for-me", who: "creator", state: "opted-in", cmd: "optout", button: "Not for me", kind: "good", args: { campaign: "{slug}" },
    effect: () => p("withdrawn"),
    answer: { private: true, facts: [/K not-for-me/] },
  },
  {
    id: "not-for-me-twice", who: "creator", state: "opted-in", cmd: "optout", button: "Not for me", kind: "repeat", args: { campaign: "{slug}" },
    effect: () => p("withdrawn"),
    answer: { private: true, facts: [/K not-for-me-twice/] },
  },
  {
    id: "mystatus-ok", who: "creator", state: "approved", cmd: "mystatus", kind: "good",
    effect: "unchanged",
    answer: { private: true, facts: [/K mystatus-ok/, /approved/i] },
  },
  {
    id: "deliver-ok", who: "creator", state: "approved", cmd: "deliver", kind: "good",
    args: { campaign: "{slug}", url: "https://www.instagram.com/p/Cdeliverok1/", note: "Loving it #ad" },
    effect: () => ({ deliverables: ["submitted"] }),
    answer: { private: true, facts: [/Submitted/] },
  },
  {
    id: "deliver-bad", who: "creator", state: "approved", cmd: "deliver", kind: "bad",
    args: { campaign: "{slug}", url: "https://evil.example.com/p/1" },
    effect: () => ({ deliverables: [] }),
    answer: { private: true, code: "USAGE", facts: [/instagram\.com/] },
  },
  {
    id: "stranger-campaigns", who: "stranger", state: "open", cmd: "campaigns", kind: "refusal",
    effect: "unchanged",
    answer: { private: true, code: "NOT_ALLOWED" },
    skip: noStranger,
  },
];

/**
 * Commands of the registry no row covers yet, with good and bad input. This list only shrinks:
 * the coverage test fails for a command missing from the table that is not listed here (a command
 * added later must join the table), and for a listed command that the table now covers.
 */
export const NOT_YET_COVERED: string[] = [
  "help",
  "roster import",
  "shortlist",
  "creator",
  "campaign list",
  "campaign edit",
  "campaign open",
  "campaign activate",
  "campaign close",
  "campaign delete",
  "campaign invite", // good only (the Invite button); no bad row yet
  "optins",
  "optins approve", // button rows only; no bad row yet
  "optins decline", // button rows only; no bad row yet
  "optins add",
  "identity confirm",
  "identity reject",
  "deliverables",
  "deliverables approve",
  "deliverables request-changes", // no bad row yet
  "deliverables live",
  "deliverables add",
  "campaigns", // no bad row yet
  "optout", // no bad row yet
  "profile",
  "report",
  "mystatus", // no bad row yet
  "metrics",
  "metrics explain",
  "metrics import",
  "digest schedule",
  "digest list",
  "digest cancel",
  "digest now",
  "promo set",
  "promo generate",
  "spend",
];
