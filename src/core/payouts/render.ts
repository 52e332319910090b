// Payouts in the words people read: what is due, overdue and paid, where each figure came from.
import type { Message, Section } from "../message.ts";
import { formatMoney, totalsByCurrency, totalsText } from "../money.ts";
import { owedMinor, payableState, remainingMinor, type Payable, type PaymentRecord, type PayoutTerms } from "./types.ts";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** "12 Jan" this year, "12 Jan 2025" otherwise. */
export function shortDay(iso: string, today: string): string {
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  return `${d} ${MONTHS[m - 1]}${iso.slice(0, 4) === today.slice(0, 4) ? "" : ` ${y}`}`;
}

export const who = (p: Pick<Payable, "handle" | "displayName">) => (p.handle ? `@${p.handle}` : p.displayName);

/** "€250 paid on 12 Jan, ref 8812". */
export const paymentLine = (m: PaymentRecord, today: string) =>
  `${formatMoney(m.amountMinor, m.currency)} paid on ${shortDay(m.paidOn, today)}${m.reference ? `, ref ${m.reference}` : ""} (${m.method})`;

/** Where the amount comes from: "fee €250 + commission €12.40 (10% of attributed revenue)". */
export const owedText = (p: Payable) => `fee ${formatMoney(p.feeMinor, p.currency)} + commission ${formatMoney(p.commissionMinor, p.currency)}`;

export function payableLine(p: Payable, today: string): string {
  const state = payableState(p, today);
  const rest = formatMoney(remainingMinor(p), p.currency);
  const head =
    state === "nothing"
      ? `nothing owed yet (no fee or commission recorded: /scout spend campaign:${p.campaignSlug} creator:${who(p)} fee:<amount>)`
      : state === "paid"
        ? `paid in full: ${formatMoney(p.paidMinor, p.currency)}`
        : `${rest} ${state === "overdue" ? "OVERDUE since" : "due"} ${shortDay(p.dueOn, today)}${p.paidMinor ? ` (${formatMoney(p.paidMinor, p.currency)} of ${formatMoney(owedMinor(p), p.currency)} paid)` : ""}`;
  return `${head}; ${owedText(p)}, owed since ${p.milestone === "live" ? "the post went live" : "the deliverable was approved"}`;
}

/** For a US creator paid in USD: whether their tax form is on file (the year's export flags 600 USD or more without one). */
function taxNote(p: Payable): string[] {
  if (!p.countries.includes("US") || p.currency !== "USD") return [];
  if (p.taxFormOnFile) return ["Tax form: on file."];
  return [`Tax form: ${p.taxFormOnFile === false ? "not on file" : "not recorded"}; record it with /scout payouts tax-form creator:${who(p)} on-file:yes.`];
}

export function payoutsMessage(c: { slug: string; name: string }, terms: PayoutTerms, list: Payable[], today: string): Message {
  const groups = { overdue: [] as Payable[], due: [] as Payable[], paid: [] as Payable[], nothing: [] as Payable[] };
  for (const p of list) groups[payableState(p, today)].push(p);
  const sumRemaining = (ps: Payable[]) => totalsText(totalsByCurrency(ps.map((p) => ({ minor: remainingMinor(p), currency: p.currency }))));
  const sumPaid = totalsText(totalsByCurrency(list.flatMap((p) => p.payments.map((m) => ({ minor: m.amountMinor, currency: m.currency })))));
  const sections: Section[] = [];
  const section = (title: string, ps: Payable[], pay: boolean) => {
    for (const p of ps)
      sections.push({
        title: `${title}: ${who(p)}`,
        text: [payableLine(p, today), ...p.payments.map((m) => `• ${paymentLine(m, today)}`), ...taxNote(p)].join("\n"),
        ...(pay ? { actions: [{ id: `payout-pay-${p.id}`, label: "Mark paid", style: "primary" as const, value: `payouts pay id:${p.id}` }] } : {}),
      });
  };
  section("Overdue", groups.overdue, true);
  section("Due", groups.due, true);
  section("Paid", groups.paid, false);
  section("Nothing owed yet", groups.nothing, false);
  const text = list.length
    ? `Overdue ${sumRemaining(groups.overdue)} · due ${sumRemaining([...groups.due])} · paid ${sumPaid} (totals per currency). ` +
      `Payables are made when a deliverable is ${terms.payoutOn === "live" ? "marked live" : "approved"}, due net ${terms.netDays} days; amounts follow /scout spend and conversions until the campaign closes.`
    : `Nothing owed yet on ${c.slug}: a payable is made when a creator's deliverable is ${terms.payoutOn === "live" ? "marked live" : "approved"} (net ${terms.netDays} days). Change that with /scout payouts terms ${c.slug} on:live net:45.`;
  return { title: `Payouts for ${c.name}`, text, sections, ephemeral: true };
}

/** A creator's own payouts for /mystatus: one section, each campaign's payments and what is still due. */
export function myPayoutsSection(list: Payable[], today: string): Section | null {
  const lines = list
    .filter((p) => owedMinor(p) > 0 || p.payments.length)
    .map((p) => {
      const paid = p.payments.map((m) => paymentLine(m, today).replace(/ \([^)]*\)$/, ""));
      const rest = remainingMinor(p);
      const restText = rest ? `${formatMoney(rest, p.currency)} ${p.dueOn < today ? "overdue since" : "due by"} ${shortDay(p.dueOn, today)}` : "paid in full";
      return `${p.campaignName}: ${[...paid, restText].join("; ")}`;
    });
  return lines.length ? { title: "Payments", text: lines.join("\n") } : null;
}
