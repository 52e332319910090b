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
  /** Options as key:value; values may use {slug}, {pid} (participation id), {did} (deliverable id), {cid} (identity claim id),
   *  {drid} (draft v1's id), {xid} (a rights extension's id). */
  args?: Record<string, string>;
  /** A button with this label runs the line instead of it being typed. */
  button?: string;
  /** A file the command imports: a path on the console (a file the runner writes), a CSV shared in
   *  a direct message with the command's comment in Slack. Its content may use what was built. */
  upload?: { name: string; content: (b: Built) => string };
  /** good/bad input, an authorisation refusal, or a repeat (the invocation runs twice; the second answer counts). */
  kind: "good" | "bad" | "refusal" | "repeat";
  /** The expected effect, from what the fixture built; "unchanged" = the state as built. */
  effect: "unchanged" | ((b: Built, before: Effect) => Partial<Effect>);
  answer: { private?: boolean; facts?: RegExp[]; buttons?: string[]; code?: string | null; form?: RegExp };
  /** A known difference: the code on one surface, where it differs by design (say why in a comment). */
  codeOn?: Partial<Record<Surface, string>>;
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
// Discord's client sends only the options a command registered; these commands register none, so a
// wrong option cannot reach the bot from Discord (slashTokens drops it): the row runs on the console.
const noBadOption = { discord: "Discord's client sends only registered options, and this command has none" };
const discordHelp = "Discord serves /help to creators itself, with the creators' commands";
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
    answer: { private: false, facts: [/K brief-ok/], buttons: ["I'm in", "Not for me"] },
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
    answer: { private: false, facts: [/approved/i] },
  },
  {
    id: "approve-twice", who: "marketer", state: "opted-in", cmd: "optins approve", button: "Approve", kind: "repeat", args: { id: "{pid}" },
    effect: () => p("approved"),
    answer: { private: false, facts: [/already approved/i] },
  },
  {
    id: "decline", who: "marketer", state: "opted-in", cmd: "optins decline", button: "Decline", kind: "good", args: { id: "{pid}" },
    effect: () => p("declined"),
    answer: { private: false, facts: [/declined/i] },
  },
  {
    id: "decline-twice", who: "marketer", state: "opted-in", cmd: "optins decline", button: "Decline", kind: "repeat", args: { id: "{pid}" },
    effect: () => p("declined"),
    answer: { private: false, facts: [/already declined/i] },
  },
  {
    id: "changes", who: "marketer", state: "submitted", cmd: "deliverables request-changes", button: "Request changes", kind: "good", args: { id: "{did}" },
    effect: () => ({ deliverables: ["submitted"] }),
    answer: { private: true, form: /Request changes/ },
  },
  {
    id: "changes-twice", who: "marketer", state: "submitted", cmd: "deliverables request-changes", button: "Request changes", kind: "repeat", args: { id: "{did}" },
    effect: () => ({ deliverables: ["submitted"] }),
    answer: { private: true, form: /Request changes/ },
  },
  {
    id: "changes-note", who: "marketer", state: "submitted", cmd: "deliverables request-changes", kind: "repeat", args: { id: "{did}", note: "Put #ad first" },
    effect: () => ({ deliverables: ["changes_requested"] }),
    answer: { private: false, facts: [/Put #ad first|changes/i] },
  },
  {
    id: "invite", who: "marketer", state: "open", cmd: "campaign invite", button: "Invite", kind: "good", args: { slug: "{slug}", handle: "@ana.cooks", platform: "instagram" },
    effect: () => p("invited"),
    answer: { private: false, facts: [/ana\.cooks/] },
  },
  {
    id: "invite-twice", who: "marketer", state: "open", cmd: "campaign invite", button: "Invite", kind: "repeat", args: { slug: "{slug}", handle: "@ana.cooks", platform: "instagram" },
    effect: () => p("invited"),
    answer: { private: false, facts: [/already/i] },
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
    // Creators are pointed at their own list, not at a marketer command (fixed in the dispatcher).
    answer: { private: true, code: "CAMPAIGN_NOT_FOUND", facts: [/No campaign named k-optin-bad/, /\/campaigns lists/] },
  },
  {
    id: "im-in", who: "creator", state: "open", cmd: "optin", button: "I'm in", kind: "good", args: { campaign: "{slug}" },
    effect: "unchanged",
    answer: { private: true, form: /K im-in|opt in|I'm in/i },
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

  // --- more marketer commands: one good and one bad input each ---
  { id: "list-ok", who: "marketer", state: "draft", cmd: "campaign list", kind: "good", effect: "unchanged", answer: { private: false, facts: [/K list-ok/] } },
  { id: "list-bad", who: "marketer", state: "none", cmd: "campaign list", kind: "bad", args: { status: "sleeping" }, effect: "unchanged", answer: { private: true, code: "USAGE", facts: [/status/] } },
  { id: "edit-ok", who: "marketer", state: "draft", cmd: "campaign edit", kind: "good", args: { slug: "{slug}", budget: "6000" }, effect: "unchanged", answer: { private: false, facts: [/K edit-ok/, /6,?000/] } },
  { id: "edit-bad", who: "marketer", state: "draft", cmd: "campaign edit", kind: "bad", args: { slug: "{slug}", budget: "lots" }, effect: "unchanged", answer: { private: true, code: "USAGE", facts: [/budget/] } },
  { id: "open-ok", who: "marketer", state: "draft", cmd: "campaign open", kind: "good", args: { slug: "{slug}" }, effect: () => ({ campaign: { status: "open" } }), answer: { private: false, facts: [/K open-ok/] } },
  { id: "open-bad", who: "marketer", state: "none", cmd: "campaign open", kind: "bad", args: { slug: "{slug}" }, effect: "unchanged", answer: { private: true, code: "CAMPAIGN_NOT_FOUND" } },
  { id: "activate-ok", who: "marketer", state: "approved", cmd: "campaign activate", kind: "good", args: { slug: "{slug}" }, effect: () => ({ campaign: { status: "active" } }), answer: { private: false, facts: [/K activate-ok/] } },
  { id: "activate-bad", who: "marketer", state: "none", cmd: "campaign activate", kind: "bad", args: { slug: "{slug}" }, effect: "unchanged", answer: { private: true, code: "CAMPAIGN_NOT_FOUND" } },
  { id: "close-ok", who: "marketer", state: "open", cmd: "campaign close", kind: "good", args: { slug: "{slug}" }, effect: () => ({ campaign: { status: "closed" } }), answer: { private: false, facts: [/K close-ok/] } },
  { id: "close-bad", who: "marketer", state: "none", cmd: "campaign close", kind: "bad", args: { slug: "{slug}" }, effect: "unchanged", answer: { private: true, code: "CAMPAIGN_NOT_FOUND" } },
  { id: "delete-ok", who: "marketer", state: "draft", cmd: "campaign delete", kind: "good", args: { slug: "{slug}" }, effect: () => ({ campaign: null }), answer: { private: false, facts: [/K delete-ok/] } },
  { id: "delete-bad", who: "marketer", state: "none", cmd: "campaign delete", kind: "bad", args: { slug: "{slug}" }, effect: "unchanged", answer: { private: true, code: "CAMPAIGN_NOT_FOUND" } },
  { id: "invite-bad", who: "marketer", state: "open", cmd: "campaign invite", kind: "bad", args: { slug: "{slug}", handle: "@nobody.here" }, effect: "unchanged", answer: { private: true, code: "CREATOR_NOT_FOUND" } },
  { id: "optins-ok", who: "marketer", state: "opted-in", cmd: "optins", kind: "good", args: { slug: "{slug}" }, effect: "unchanged", answer: { private: false, facts: [/ana\.cooks/], buttons: ["Approve", "Decline"] } },
  { id: "optins-bad", who: "marketer", state: "none", cmd: "optins", kind: "bad", args: { slug: "{slug}" }, effect: "unchanged", answer: { private: true, code: "CAMPAIGN_NOT_FOUND" } },
  { id: "approve-bad", who: "marketer", state: "opted-in", cmd: "optins approve", kind: "bad", args: { id: "not-an-id" }, effect: "unchanged", answer: { private: true, code: "USAGE", facts: [/id/] } },
  { id: "decline-bad", who: "marketer", state: "opted-in", cmd: "optins decline", kind: "bad", args: { id: "not-an-id" }, effect: "unchanged", answer: { private: true, code: "USAGE", facts: [/id/] } },
  { id: "optins-add-ok", who: "marketer", state: "open", cmd: "optins add", kind: "good", args: { slug: "{slug}", handle: "@ana.cooks", disclosure: "yes" }, effect: () => p("opted_in"), answer: { private: false, facts: [/ana\.cooks/] } },
  { id: "optins-add-bad", who: "marketer", state: "open", cmd: "optins add", kind: "bad", args: { slug: "{slug}", handle: "@nobody.here" }, effect: "unchanged", answer: { private: true, code: "CREATOR_NOT_FOUND" } },
  { id: "deliverables-ok", who: "marketer", state: "submitted", cmd: "deliverables", kind: "good", args: { slug: "{slug}" }, effect: "unchanged", answer: { private: false, facts: [/instagram\.com/], buttons: ["Approve", "Request changes"] } },
  { id: "deliverables-bad", who: "marketer", state: "none", cmd: "deliverables", kind: "bad", args: { slug: "{slug}" }, effect: "unchanged", answer: { private: true, code: "CAMPAIGN_NOT_FOUND" } },
  { id: "d-approve-ok", who: "marketer", state: "submitted", cmd: "deliverables approve", button: "Approve", kind: "good", args: { id: "{did}" }, effect: () => ({ deliverables: ["approved"] }), answer: { private: false, facts: [/approved/i] } },
  { id: "d-approve-bad", who: "marketer", state: "submitted", cmd: "deliverables approve", kind: "bad", args: { id: "not-an-id" }, effect: "unchanged", answer: { private: true, code: "USAGE" } },
  { id: "changes-bad", who: "marketer", state: "submitted", cmd: "deliverables request-changes", kind: "bad", args: { id: "not-an-id", note: "x" }, effect: "unchanged", answer: { private: true, code: "USAGE" } },
  { id: "live-bad", who: "marketer", state: "submitted", cmd: "deliverables live", kind: "bad", args: { id: "not-an-id" }, effect: "unchanged", answer: { private: true, code: "USAGE" } },
  { id: "d-add-bad", who: "marketer", state: "approved", cmd: "deliverables add", kind: "bad", args: { participation: "{pid}", url: "not a url", platform: "instagram" }, effect: "unchanged", answer: { private: true, code: "USAGE" } },
  { id: "d-add-ok", who: "marketer", state: "approved", cmd: "deliverables add", kind: "good", args: { participation: "{pid}", url: "https://www.instagram.com/p/Cdaddok1/", platform: "instagram" }, effect: () => ({ deliverables: ["submitted"] }), answer: { private: false, facts: [/instagram\.com/] } },
  { id: "creator-ok", who: "marketer", state: "none", cmd: "creator", kind: "good", args: { handle: "@ana.cooks" }, effect: "unchanged", answer: { private: false, facts: [/ana\.cooks/] } },
  { id: "creator-bad", who: "marketer", state: "none", cmd: "creator", kind: "bad", args: { handle: "@nobody.here" }, effect: "unchanged", answer: { private: true, code: "CREATOR_NOT_FOUND" } },
  { id: "shortlist-ok", who: "marketer", state: "none", cmd: "shortlist", kind: "good", args: { niche: "vegan" }, effect: "unchanged", answer: { private: false, facts: [/ana\.cooks/] } },
  { id: "shortlist-invite", who: "marketer", state: "open", cmd: "shortlist", kind: "good", args: { campaign: "{slug}" }, effect: "unchanged", answer: { private: false, facts: [/ana\.cooks/], buttons: ["Invite"] } },
  { id: "shortlist-bad", who: "marketer", state: "none", cmd: "shortlist", kind: "bad", args: { top: "0" }, effect: "unchanged", answer: { private: true, code: "USAGE", facts: [/top/] } },
  { id: "metrics-ok", who: "marketer", state: "approved", cmd: "metrics", kind: "good", args: { campaign: "{slug}" }, effect: "unchanged", answer: { private: false, facts: [/K metrics-ok/], buttons: ["By creator", "How computed"] } },
  { id: "metrics-bad", who: "marketer", state: "none", cmd: "metrics", kind: "bad", args: { campaign: "{slug}" }, effect: "unchanged", answer: { private: true, code: "CAMPAIGN_NOT_FOUND" } },
  { id: "explain-ok", who: "marketer", state: "none", cmd: "metrics explain", kind: "good", args: { metric: "roi" }, effect: "unchanged", answer: { private: false, facts: [/ROI/] } },
  { id: "explain-bad", who: "marketer", state: "none", cmd: "metrics explain", kind: "bad", args: { metric: "happiness" }, effect: "unchanged", answer: { private: true, code: "USAGE", facts: [/metric: expects one of/] } },
  { id: "promo-set-ok", who: "marketer", state: "approved", cmd: "promo set", kind: "good", args: { campaign: "{slug}", creator: "@ana.cooks", code: "ANA10" }, effect: "unchanged", answer: { private: false, facts: [/ANA10/] } },
  { id: "promo-set-bad", who: "marketer", state: "none", cmd: "promo set", kind: "bad", args: { campaign: "{slug}", creator: "@ana.cooks", code: "ANA10" }, effect: "unchanged", answer: { private: true, code: "CAMPAIGN_NOT_FOUND" } },
  { id: "promo-gen-ok", who: "marketer", state: "approved", cmd: "promo generate", kind: "good", args: { campaign: "{slug}", creator: "@ana.cooks" }, effect: "unchanged", answer: { private: false, facts: [/ana\.cooks|code/i] } },
  { id: "promo-gen-bad", who: "marketer", state: "none", cmd: "promo generate", kind: "bad", args: { campaign: "{slug}", creator: "@ana.cooks" }, effect: "unchanged", answer: { private: true, code: "CAMPAIGN_NOT_FOUND" } },
  { id: "spend-ok", who: "marketer", state: "approved", cmd: "spend", kind: "good", args: { campaign: "{slug}", creator: "@ana.cooks", fee: "250" }, effect: "unchanged", answer: { private: false, facts: [/250/] } },
  { id: "spend-bad", who: "marketer", state: "approved", cmd: "spend", kind: "bad", args: { campaign: "{slug}", creator: "@ana.cooks", fee: "-5" }, effect: "unchanged", answer: { private: true, code: "USAGE", facts: [/fee/] } },
  // --- more creator commands ---
  { id: "campaigns-bad", who: "creator", state: "open", cmd: "campaigns", kind: "bad", args: { zz: "1" }, effect: "unchanged", answer: { private: true, code: "USAGE" }, skip: noBadOption },
  { id: "optout-bad", who: "creator", state: "opted-in", cmd: "optout", kind: "bad", args: { campaign: "{slug}", confirm: "maybe" }, effect: "unchanged", answer: { private: true, code: "USAGE", facts: [/confirm/] } },
  { id: "optout-unknown", who: "creator", state: "opted-in", cmd: "optout", kind: "bad", args: { campaign: "no-such-campaign" }, effect: "unchanged", answer: { private: true, code: "CAMPAIGN_NOT_FOUND", facts: [/no campaign no-such-campaign/] } },
  { id: "mystatus-bad", who: "creator", state: "none", cmd: "mystatus", kind: "bad", args: { zz: "1" }, effect: "unchanged", answer: { private: true, code: "USAGE" }, skip: noBadOption },
  { id: "report-ok", who: "creator", state: "submitted", cmd: "report", kind: "good", args: { campaign: "{slug}", url: "https://www.instagram.com/p/Ckreportok/", views: "12000", likes: "800" }, effect: () => ({ snapshots: [{ source: "creator", reach: null, likes: 800 }] }), answer: { private: true, facts: [/12,?000/] } },
  { id: "report-bad", who: "creator", state: "submitted", cmd: "report", kind: "bad", args: { campaign: "{slug}", url: "https://www.instagram.com/p/Ckreportbad/", views: "100", likes: "500" }, effect: "unchanged", answer: { private: true, code: "USAGE", facts: [/likes/] } },
  { id: "profile-bad", who: "creator", state: "none", cmd: "profile", kind: "bad", args: { country: "Narnia" }, effect: "unchanged", answer: { private: true, code: "USAGE", facts: [/country/] } },

  // Payouts (issue 17): {yid} is the payable made when state "delivered" approved the deliverable (no fee set: nothing owed yet).
  { id: "payouts-ok", who: "marketer", state: "delivered", cmd: "payouts", kind: "good", args: { slug: "{slug}" }, effect: "unchanged", answer: { private: true, facts: [/Nothing owed yet/, /approved/] } },
  { id: "payouts-bad", who: "marketer", state: "none", cmd: "payouts", kind: "bad", args: { slug: "{slug}" }, effect: "unchanged", answer: { private: true, code: "CAMPAIGN_NOT_FOUND" } },
  { id: "payouts-pay-ok", who: "marketer", state: "delivered", cmd: "payouts pay", kind: "good", args: { id: "{yid}" }, effect: "unchanged", answer: { private: true, form: /Mark paid/ } },
  { id: "payouts-pay-bad", who: "marketer", state: "delivered", cmd: "payouts pay", kind: "bad", args: { id: "{yid}", amount: "-5" }, effect: "unchanged", answer: { private: true, code: "USAGE", facts: [/more than zero/] } },
  { id: "payouts-terms-ok", who: "marketer", state: "open", cmd: "payouts terms", kind: "good", args: { slug: "{slug}", on: "live", net: "45" }, effect: "unchanged", answer: { private: false, facts: [/marked live/, /net 45 days/] } },
  { id: "payouts-terms-bad", who: "marketer", state: "open", cmd: "payouts terms", kind: "bad", args: { slug: "{slug}", net: "-1" }, effect: "unchanged", answer: { private: true, code: "USAGE", facts: [/0 days or more/] } },
  { id: "payouts-tax-ok", who: "marketer", state: "none", cmd: "payouts tax-form", kind: "good", args: { creator: "@ana.cooks", "on-file": "yes" }, effect: "unchanged", answer: { private: false, facts: [/on file/] } },
  { id: "payouts-tax-bad", who: "marketer", state: "none", cmd: "payouts tax-form", kind: "bad", args: { creator: "@ana.cooks", "on-file": "maybe" }, effect: "unchanged", answer: { private: true, code: "USAGE", facts: [/yes or no/] } },
  { id: "payouts-export-ok", who: "marketer", state: "none", cmd: "payouts export", kind: "good", args: { year: "2001" }, effect: "unchanged", answer: { private: true, facts: [/Payments dated 2001/] } },
  { id: "payouts-export-bad", who: "marketer", state: "none", cmd: "payouts export", kind: "bad", args: { year: "next" }, effect: "unchanged", answer: { private: true, code: "USAGE", facts: [/expects a year/] } },

  // Product seeding (issue 17): {sid} is the creator's pick of the campaign's product (Serum, 30ml).
  { id: "products-ok", who: "marketer", state: "picked", cmd: "products", kind: "good", args: { slug: "{slug}" }, effect: "unchanged", answer: { private: false, facts: [/Serum \(30ml, 50ml\), value €40|Serum \(30ml, 50ml\), value \$40/, /picked, not shipped yet/], buttons: ["Record shipment"] } },
  { id: "products-bad", who: "marketer", state: "none", cmd: "products", kind: "bad", args: { slug: "{slug}" }, effect: "unchanged", answer: { private: true, code: "CAMPAIGN_NOT_FOUND" } },
  { id: "products-add-ok", who: "marketer", state: "open", cmd: "products add", kind: "good", args: { slug: "{slug}", name: "Glow serum", variants: "30ml,50ml", value: "40" }, effect: "unchanged", answer: { private: false, facts: [/Added Glow serum/] } },
  { id: "products-add-bad", who: "marketer", state: "open", cmd: "products add", kind: "bad", args: { slug: "{slug}", name: "Glow serum", value: "-4" }, effect: "unchanged", answer: { private: true, code: "USAGE", facts: [/more than zero|value/] } },
  { id: "products-ship-ok", who: "marketer", state: "picked", cmd: "products ship", kind: "good", args: { id: "{sid}", carrier: "DHL", tracking: "JD0146000038" }, effect: "unchanged", answer: { private: false, facts: [/shipped to @ana\.cooks with DHL, tracking JD0146000038/] } },
  { id: "products-ship-bad", who: "marketer", state: "picked", cmd: "products ship", kind: "bad", args: { id: "{sid}", carrier: "DHL", tracking: "!!" }, effect: "unchanged", answer: { private: true, code: "USAGE", facts: [/tracking/] } },
  { id: "pick-ok", who: "creator", state: "picked", cmd: "pick", kind: "good", args: { campaign: "{slug}", variant: "50ml" }, effect: "unchanged", answer: { private: true, facts: [/Changed to Serum \(50ml\)/] } },
  { id: "pick-bad", who: "creator", state: "picked", cmd: "pick", kind: "bad", args: { campaign: "{slug}", variant: "100ml" }, effect: "unchanged", answer: { private: true, code: "USAGE", facts: [/Serum comes in 30ml, 50ml/] } },
  { id: "received-ok", who: "creator", state: "shipped", cmd: "received", kind: "good", args: { id: "{sid}" }, effect: "unchanged", answer: { private: true, facts: [/marked as received/] } },
  { id: "received-bad", who: "creator", state: "picked", cmd: "received", kind: "bad", args: { id: "{sid}" }, effect: "unchanged", answer: { private: true, code: "NOT_SHIPPED" } },

  { id: "live-ok", who: "marketer", state: "delivered", cmd: "deliverables live", kind: "good", args: { id: "{did}" }, effect: () => ({ deliverables: ["live"] }), answer: { private: false, facts: [/live/i] } },

  { id: "identity-confirm-ok", who: "marketer", state: "claimed", cmd: "identity confirm", button: "Confirm", kind: "good", args: { id: "{cid}" }, effect: () => ({ claim: "confirmed", participations: [{ handle: "claim.identityconfirmok", status: "opted_in" }] }), answer: { private: false, facts: [/claim\.identityconfirmok/, /confirm/i] } },
  { id: "identity-reject-ok", who: "marketer", state: "claimed", cmd: "identity reject", button: "Reject", kind: "good", args: { id: "{cid}" }, effect: () => ({ claim: "rejected" }), answer: { private: false, facts: [/claim\.identityrejectok/, /reject/i] } },

  // help: Discord answers /help itself with the creators' list (test/e2e/discord-commands), so the
  // row runs on the console and Slack only.
  { id: "help-ok", who: "marketer", state: "none", cmd: "help", kind: "good", args: { command: "shortlist" }, effect: "unchanged", answer: { private: true, facts: [/shortlist/, /Usage|niche:/] }, skip: { discord: discordHelp } },
  { id: "help-bad", who: "marketer", state: "none", cmd: "help", kind: "bad", args: { command: "shortlits" }, effect: "unchanged", answer: { private: true, code: "UNKNOWN_COMMAND", facts: [/Did you mean `shortlist`/] }, skip: { discord: discordHelp } },
  { id: "identity-confirm-bad", who: "marketer", state: "none", cmd: "identity confirm", kind: "bad", args: { id: "not-an-id" }, effect: "unchanged", answer: { private: true, code: "USAGE" } },
  { id: "identity-reject-bad", who: "marketer", state: "none", cmd: "identity reject", kind: "bad", args: { id: "not-an-id" }, effect: "unchanged", answer: { private: true, code: "USAGE" } },
  { id: "digest-list-ok", who: "marketer", state: "none", cmd: "digest list", kind: "good", effect: "unchanged", answer: { private: false, facts: [/digest/i] } },
  { id: "digest-list-bad", who: "marketer", state: "none", cmd: "digest list", kind: "bad", args: { zz: "1" }, effect: "unchanged", answer: { private: true, code: "USAGE" } },
  { id: "digest-schedule-bad", who: "marketer", state: "none", cmd: "digest schedule", kind: "bad", args: { at: "25:99" }, effect: "unchanged", answer: { private: true, code: "USAGE", facts: [/at/] } },
  { id: "digest-now-bad", who: "marketer", state: "none", cmd: "digest now", kind: "bad", args: { campaign: "{slug}" }, effect: "unchanged", answer: { private: true, code: "CAMPAIGN_NOT_FOUND" } },
  { id: "digest-cancel-bad", who: "marketer", state: "none", cmd: "digest cancel", kind: "bad", args: { zz: "1" }, effect: "unchanged", answer: { private: true, code: "USAGE" } },

  { id: "digest-schedule-ok", who: "marketer", state: "none", cmd: "digest schedule", kind: "good", args: { at: "09:00", tz: "UTC" }, effect: () => ({ digests: [{ at: "09:00", timezone: "UTC" }] }), answer: { private: false, facts: [/Daily digest scheduled/, /09:00 UTC/] } },
  { id: "digest-now-ok", who: "marketer", state: "approved", cmd: "digest now", kind: "good", args: { campaign: "{slug}" }, effect: "unchanged", answer: { private: true, facts: [/Digest (printed|sent)/, /1 campaign/] } },
  { id: "digest-cancel-ok", who: "marketer", state: "none", cmd: "digest cancel", kind: "good", effect: () => ({ digests: [] }), answer: { private: false, facts: [/daily digest .* is cancelled/] } },
  {
    id: "roster-import-bad", who: "marketer", state: "none", cmd: "roster import", kind: "bad", args: { file: "no-such-roster.csv" }, effect: "unchanged",
    answer: { private: true, code: "FILE_NOT_FOUND" },
    // Known difference, by design (issue 13): chat never opens a server path, so Slack refuses the
    // path before looking for it; the console opens it and finds nothing.
    codeOn: { slack: "IMPORT_UPLOAD_ONLY" },
  },
  {
    id: "metrics-import-bad", who: "marketer", state: "none", cmd: "metrics import", kind: "bad", args: { file: "no-such-insights.csv" }, effect: "unchanged",
    answer: { private: true, code: "FILE_NOT_FOUND" },
    codeOn: { slack: "IMPORT_UPLOAD_ONLY" }, // as roster-import-bad
  },
  {
    // Two new creators (one row with a bad follower count is skipped and named by its line), and the
    // roster's one known creator again: updated, not duplicated.
    id: "roster-import-ok", who: "marketer", state: "none", cmd: "roster import", kind: "good", args: { platform: "instagram" },
    upload: {
      name: "creators.csv",
      content: () => `handle,followers,country,niche\nk_roster_import_ok.one,15000,DE,vegan food\nk_roster_import_ok.two,42000,FR,travel\nk_roster_import_ok.bad,lots,DE,food\nana.cooks,12000,US,vegan food\n`,
    },
    effect: (_b, before) => ({ creators: before.creators + 2, imported: [{ handle: "k_roster_import_ok.one", followers: 15000 }, { handle: "k_roster_import_ok.two", followers: 42000 }] }),
    answer: { facts: [/Roster imported/, /2 created, 1 updated/, /line 4 \(k_roster_import_ok\.bad\): followers "lots" is not a number/] },
  },
  {
    // Reach and likes for the campaign's live post, from the platform's export: stored as an import.
    id: "metrics-import-ok", who: "marketer", state: "delivered", cmd: "metrics import", kind: "good", args: { campaign: "{slug}" },
    upload: { name: "insights.csv", content: (b) => `url,reach,likes,comments\n${b.url},4200,900,60\n` },
    effect: () => ({ snapshots: [{ source: "import", reach: 4200, likes: 900 }] }),
    answer: { facts: [/Metrics imported/, /Read 1 row from insights\.csv/, /New snapshots\W+1\b/] },
  },
  {
    // Rows run without platform keys: the campaign's approved participant would be refreshed, but no
    // platform API is configured, so the answer names the keys that would add platform figures and
    // nothing changes.
    id: "roster-refresh-ok", who: "marketer", state: "approved", cmd: "roster refresh", kind: "good", args: { campaign: "{slug}" }, effect: "unchanged",
    answer: { facts: [/No platform API configured/, /Nothing was refreshed or changed/, /1 account would be refreshed/, /YOUTUBE_API_KEY/, /INSTAGRAM_ACCESS_TOKEN/] },
  },
  { id: "roster-refresh-bad", who: "marketer", state: "none", cmd: "roster refresh", kind: "bad", args: { campaign: "k-no-such-campaign" }, effect: "unchanged", answer: { private: true, code: "CAMPAIGN_NOT_FOUND" } },
  { id: "profile-ok", who: "creator", state: "none", cmd: "profile", kind: "good", args: { country: "DE", language: "de" }, effect: "unchanged", answer: { private: true, facts: [/DE|Germany/] } },
  // --- the agreement (issue 16): terms, drafts, usage rights ---
  { id: "edit-terms-ok", who: "marketer", state: "open", cmd: "campaign edit", kind: "good", args: { slug: "{slug}", terms: "Post within 7 days.", drafts: "required" }, effect: "unchanged", answer: { private: false, facts: [/Terms are now v1 \(sha256 [0-9a-f]{8}\)/, /Drafts are now required/] } },
  { id: "edit-terms-bad", who: "marketer", state: "open", cmd: "campaign edit", kind: "bad", args: { slug: "{slug}", "rights-channels": "billboards" }, effect: "unchanged", answer: { private: true, code: "USAGE", facts: [/rights-channels: expects a comma-separated list of organic, paid-ads, website/] } },
  { id: "agreement-form", who: "marketer", state: "open", cmd: "campaign agreement", kind: "good", args: { slug: "{slug}" }, effect: "unchanged", answer: { private: true, form: /Agreement/ } },
  { id: "agreement-ok", who: "marketer", state: "open", cmd: "campaign agreement", kind: "good", args: { slug: "{slug}", "rights-days": "60", "rights-channels": "website" }, effect: "unchanged", answer: { private: false, facts: [/Usage rights: 60 days: website/] } },
  { id: "agreement-bad", who: "marketer", state: "open", cmd: "campaign agreement", kind: "bad", args: { slug: "{slug}", drafts: "sometimes" }, effect: "unchanged", answer: { private: true, code: "USAGE", facts: [/drafts: expects required or optional/] } },
  { id: "terms-ok", who: "creator", state: "drafted", cmd: "terms show", kind: "good", args: { campaign: "{slug}" }, effect: "unchanged", answer: { private: true, facts: [/terms v1 \(sha256/, /Post within 7 days/, /You accepted v1/] } },
  { id: "terms-bad", who: "creator", state: "none", cmd: "terms show", kind: "bad", args: { campaign: "no-such-campaign" }, effect: "unchanged", answer: { private: true, code: "CAMPAIGN_NOT_FOUND" } },
  { id: "terms-accept-ok", who: "creator", state: "drafted", cmd: "terms accept", button: "I accept terms v1", kind: "good", args: { campaign: "{slug}", version: "1" }, effect: (_b, before) => ({ accepted: before.accepted }), answer: { private: true, facts: [/already accepted terms v1/] } },
  { id: "terms-accept-twice", who: "creator", state: "drafted", cmd: "terms accept", button: "I accept terms v1", kind: "repeat", args: { campaign: "{slug}", version: "1" }, effect: () => ({ accepted: ["v1"] }), answer: { private: true, facts: [/already accepted terms v1/] } },
  { id: "terms-accept-bad", who: "creator", state: "drafted", cmd: "terms accept", kind: "bad", args: { campaign: "{slug}", version: "9" }, effect: "unchanged", answer: { private: true, code: "USAGE", facts: [/no terms v9; the current terms are v1/] } },
  { id: "draft-ok", who: "creator", state: "drafted", cmd: "draft", kind: "good", args: { campaign: "{slug}", link: "https://drive.example.com/v2", caption: "#ad Spring is here" }, effect: () => ({ drafts: ["v1 superseded", "v2 submitted"] }), answer: { private: true, facts: [/Draft v2 sent/, /Caption check: all good/] } },
  { id: "draft-bad", who: "creator", state: "approved", cmd: "draft", kind: "bad", args: { campaign: "{slug}", link: "https://drive.example.com/x", caption: "#ad hi" }, effect: "unchanged", answer: { private: true, code: "DRAFTS_NOT_REQUIRED" } },
  { id: "draft-bad-link", who: "creator", state: "drafted", cmd: "draft", kind: "bad", args: { campaign: "{slug}", link: "file:///etc/passwd", caption: "#ad hi" }, effect: "unchanged", answer: { private: true, code: "USAGE", facts: [/link: expects an http\(s\) link/] } },
  { id: "drafts-ok", who: "marketer", state: "drafted", cmd: "drafts", kind: "good", args: { slug: "{slug}" }, effect: "unchanged", answer: { private: false, facts: [/1 waiting for review/, /ana\.cooks/], buttons: ["Approve", "Approve with notes", "Request changes"] } },
  { id: "drafts-bad", who: "marketer", state: "none", cmd: "drafts", kind: "bad", args: { slug: "{slug}" }, effect: "unchanged", answer: { private: true, code: "CAMPAIGN_NOT_FOUND" } },
  { id: "draft-approve-ok", who: "marketer", state: "drafted", cmd: "drafts approve", button: "Approve", kind: "good", args: { id: "{drid}" }, effect: () => ({ drafts: ["v1 approved"] }), answer: { private: false, facts: [/Approved v1 of @ana\.cooks/] } },
  { id: "draft-approve-twice", who: "marketer", state: "drafted", cmd: "drafts approve", button: "Approve", kind: "repeat", args: { id: "{drid}" }, effect: () => ({ drafts: ["v1 approved"] }), answer: { private: true, facts: [/already approved by .* at \d\d:\d\d UTC/] } },
  { id: "draft-approve-bad", who: "marketer", state: "drafted", cmd: "drafts approve", kind: "bad", args: { id: "not-an-id" }, effect: "unchanged", answer: { private: true, code: "USAGE" } },
  { id: "draft-notes-ok", who: "marketer", state: "drafted", cmd: "drafts approve-with-notes", button: "Approve with notes", kind: "good", args: { id: "{drid}" }, effect: "unchanged", answer: { private: true, form: /Approve with notes/ } },
  { id: "draft-notes-twice", who: "marketer", state: "drafted", cmd: "drafts approve-with-notes", button: "Approve with notes", kind: "repeat", args: { id: "{drid}" }, effect: "unchanged", answer: { private: true, form: /Approve with notes/ } },
  { id: "draft-notes-note", who: "marketer", state: "drafted", cmd: "drafts approve-with-notes", kind: "good", args: { id: "{drid}", note: "Tag us first" }, effect: () => ({ drafts: ["v1 approved_with_notes"] }), answer: { private: false, facts: [/Approved with notes v1/] } },
  { id: "draft-notes-bad", who: "marketer", state: "drafted", cmd: "drafts approve-with-notes", kind: "bad", args: { id: "not-an-id", note: "x" }, effect: "unchanged", answer: { private: true, code: "USAGE" } },
  { id: "draft-changes-ok", who: "marketer", state: "drafted", cmd: "drafts request-changes", kind: "good", args: { id: "{drid}", note: "Put #ad first" }, effect: () => ({ drafts: ["v1 changes_requested"] }), answer: { private: false, facts: [/Asked for changes to v1/] } },
  { id: "draft-changes-bad", who: "marketer", state: "drafted", cmd: "drafts request-changes", kind: "bad", args: { id: "not-an-id", note: "x" }, effect: "unchanged", answer: { private: true, code: "USAGE" } },
  { id: "deliver-before-draft", who: "creator", state: "drafted", cmd: "deliver", kind: "bad", args: { campaign: "{slug}", url: "https://www.instagram.com/p/Ckdraftfirst/" }, effect: "unchanged", answer: { private: true, code: "DRAFT_NOT_APPROVED", facts: [/draft v1 is waiting for review/] } },
  { id: "rights-ok", who: "marketer", state: "drafted", cmd: "rights", kind: "good", args: { slug: "{slug}" }, effect: "unchanged", answer: { private: false, facts: [/90 days: organic repost/, /ana\.cooks/] } },
  { id: "rights-bad", who: "marketer", state: "none", cmd: "rights", kind: "bad", args: { slug: "{slug}" }, effect: "unchanged", answer: { private: true, code: "CAMPAIGN_NOT_FOUND" } },
  { id: "rights-extend-ok", who: "marketer", state: "drafted", cmd: "rights extend", kind: "good", args: { slug: "{slug}", creator: "@ana.cooks", days: "30" }, effect: () => ({ extensions: ["pending"] }), answer: { private: false, facts: [/Asked @ana\.cooks .* by 30 days/] } },
  { id: "rights-extend-bad", who: "marketer", state: "drafted", cmd: "rights extend", kind: "bad", args: { slug: "{slug}", creator: "@ana.cooks", days: "0" }, effect: "unchanged", answer: { private: true, code: "USAGE", facts: [/days/] } },
  { id: "rights-accept-ok", who: "creator", state: "extension", cmd: "rights accept", button: "I accept 30 more days", kind: "good", args: { id: "{xid}" }, effect: () => ({ extensions: ["accepted"], rights: [120] }), answer: { private: true, facts: [/the brand may use your content/] } },
  { id: "rights-accept-twice", who: "creator", state: "extension", cmd: "rights accept", button: "I accept 30 more days", kind: "repeat", args: { id: "{xid}" }, effect: () => ({ extensions: ["accepted"], rights: [120] }), answer: { private: true, facts: [/already accepted this extension/] } },
  { id: "rights-accept-bad", who: "creator", state: "extension", cmd: "rights accept", kind: "bad", args: { id: "not-an-id" }, effect: "unchanged", answer: { private: true, code: "USAGE" } },
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
export const NOT_YET_COVERED: string[] = [];
