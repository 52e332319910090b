// Payouts (issue 17): what each creator is owed (made when a deliverable is approved or goes live),
// payments recorded from Slack (a button opens a form), payment terms, tax form on file, and the
// year's export. Scout records money; it moves none. Amounts are exact (minor units per currency).
import { z } from "zod";
import { defineCommand } from "../src/core/command.ts";
import { reply } from "../src/core/message.ts";
import { opt } from "../src/core/campaigns/fields.ts";
import { formatMoney, totalsByCurrency, totalsText } from "../src/core/money.ts";
import { needsUsForm, yearCsv } from "../src/core/payouts/export.ts";
import { who } from "../src/core/payouts/render.ts";
import { owedMinor, payableState, remainingMinor, type Payable } from "../src/core/payouts/types.ts";
import { byOf, idOption, slugOption } from "./campaign-common.ts";
import { creatorOption, creatorRef, platformOption } from "./promo.ts";

const day = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => /^(today|yesterday|-\d{1,3}d)$/.test(v) || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v)), {
    message: "expects a date as YYYY-MM-DD, today, yesterday or -3d (3 days ago)",
  });

const METHODS = ["bank-transfer", "paypal", "wise", "card", "cash", "other"] as const;

export const payableJson = (p: Payable, today: string) => ({
  id: p.id,
  campaign: p.campaignSlug,
  handle: p.handle,
  milestone: p.milestone,
  currency: p.currency,
  feeMinor: p.feeMinor,
  commissionMinor: p.commissionMinor,
  owedMinor: owedMinor(p),
  paidMinor: p.paidMinor,
  remainingMinor: remainingMinor(p),
  dueOn: p.dueOn,
  state: payableState(p, today),
  payments: p.payments,
});

export const payoutsList = defineCommand({
  name: "payouts",
  summary: "What each creator on a campaign is owed: overdue, due and paid, with Mark paid buttons",
  description:
    "A payable is made for each approved creator when their deliverable is approved (or marked live: /scout payouts terms), due after the " +
    "campaign's payment terms (net 30 unless set). Its amount is the fee and commission from /scout spend, and follows conversions until the " +
    "campaign closes. Totals are per currency, never added across currencies. Scout records payments; it moves no money.",
  audience: "marketer",
  positional: ["slug"],
  options: z.object({ slug: slugOption }),
  examples: ["/scout payouts spring-launch", "/scout payouts spring-launch --json"],
  async run({ options, services }) {
    const r = await services.payouts.list(options.slug);
    const today = services.payouts.today();
    return reply(r.message, { campaign: r.campaign.slug, terms: r.terms, payables: r.payables.map((p) => payableJson(p, today)) });
  },
});

export const payoutsPay = defineCommand({
  name: "payouts pay",
  summary: "Record a payment to a creator (partial payments allowed); without an amount, a form asks for it",
  description:
    "amount is in the payable's currency (250, 99.50, €250); date defaults to today; method is how it was paid; reference is the bank or PayPal " +
    "reference. The creator is told in private. Submitting the same payment twice records it once.",
  audience: "marketer",
  options: z.object({
    id: idOption("payable", "/scout payouts <campaign>"),
    amount: opt(z.string().trim().max(40)).describe("<amount> what was paid, e.g. 250 or 99.50"),
    date: opt(day).describe("<date> when it was paid: YYYY-MM-DD, yesterday or -3d (default today)"),
    method: opt(z.enum(METHODS, { message: `expects one of ${METHODS.join(", ")}` })).describe(`<method> ${METHODS.join(", ")}`),
    reference: opt(z.string().trim().max(100, { message: "is too long (at most 100 characters)" })).describe("<text> the payment's reference, e.g. 8812"),
  }),
  examples: ["/scout payouts pay id:7b1e4f0a-2c3d-4e5f-8a9b-0c1d2e3f4a5b amount:250 date:yesterday method:bank-transfer reference:8812"],
  async run({ options, services, invocation }) {
    if (!options.amount) {
      const p = await services.payouts.payable(options.id);
      const rest = remainingMinor(p);
      const form = {
        title: "Mark paid",
        submitLabel: "Record payment",
        command: "payouts pay",
        hidden: { id: options.id },
        fields: [
          { key: "amount", label: `Amount paid (${p.currency})`, kind: "text" as const, required: true, hint: `${formatMoney(rest, p.currency)} is still due to ${who(p)}; less records a part payment`, initial: formatMoney(rest, p.currency).replace(/[^\d.,]/g, "") },
          { key: "date", label: "Date paid (YYYY-MM-DD)", kind: "text" as const, required: true, initial: services.payouts.today() },
          { key: "method", label: "Method", kind: "select" as const, required: true, choices: METHODS.map((m) => ({ value: m, label: m })), initial: "bank-transfer" },
          { key: "reference", label: "Reference", kind: "text" as const, required: false, hint: "The bank or PayPal reference the creator will see" },
        ],
      };
      return reply(
        { title: "Mark paid", text: `Record a payment to ${who(p)}, e.g. /scout payouts pay id:${p.id} amount:${formatMoney(rest, p.currency).replace(/[^\d.,]/g, "")} method:bank-transfer reference:8812`, form, ephemeral: true },
        { form, payable: payableJson(p, services.payouts.today()) },
      );
    }
    const r = await services.payouts.pay({ id: options.id, amount: options.amount, date: options.date, method: options.method ?? "other", reference: options.reference }, byOf(invocation));
    const text = [r.text, ...r.warnings].join("\n");
    return {
      message: { text, tone: r.warnings.length ? "warning" : r.outcome === "done" ? "success" : "info", ephemeral: true },
      data: { outcome: r.outcome, payment: r.payment, payable: payableJson(r.payable, services.payouts.today()), ...(r.warnings.length ? { warnings: r.warnings } : {}) },
    };
  },
});

export const payoutsTerms = defineCommand({
  name: "payouts terms",
  summary: "When a campaign's creators are owed their fee (on:approved or on:live) and its payment terms (net days)",
  audience: "marketer",
  positional: ["slug"],
  options: z.object({
    slug: slugOption,
    on: opt(z.enum(["approved", "live"], { message: "expects approved or live" })).describe("<approved|live> owed when a deliverable is approved, or when it is live"),
    net: opt(z.coerce.number({ message: "expects a number of days, e.g. 30" }).int({ message: "expects whole days, e.g. 30" }).min(0, { message: "must be 0 days or more" }).max(365, { message: "must be 365 days or fewer" })).describe("<days> days to pay after that, e.g. 30"),
  }),
  examples: ["/scout payouts terms spring-launch on:live net:45"],
  async run({ options, services, invocation }) {
    const t = { ...(options.on ? { payoutOn: options.on } : {}), ...(options.net !== undefined ? { netDays: options.net } : {}) };
    const r = await services.payouts.setTerms(options.slug, t, byOf(invocation));
    return {
      message: {
        text: `${r.campaign.slug}: creators are owed when a deliverable is ${r.terms.payoutOn === "live" ? "marked live" : "approved"}, due net ${r.terms.netDays} days. Payables already made keep their due date.`,
        tone: "success",
      },
      data: { campaign: r.campaign.slug, ...r.terms },
    };
  },
});

export const payoutsTaxForm = defineCommand({
  name: "payouts tax-form",
  summary: "Record whether a creator's tax form is on file (yes or no, with the date); Scout never stores the form",
  audience: "marketer",
  options: z.object({
    creator: creatorOption,
    "on-file": z.enum(["yes", "no"], { message: "expects yes or no" }).describe("<yes|no> whether the form is on file"),
    date: opt(day).describe("<date> when it was received: YYYY-MM-DD or -3d (default today)"),
    platform: platformOption,
  }),
  examples: ["/scout payouts tax-form creator:@ana.cooks on-file:yes date:-3d"],
  async run({ options, services, invocation }) {
    const ref = creatorRef(options);
    const r = await services.payouts.setTaxForm(ref.handle, ref.platform, options["on-file"] === "yes", options.date, byOf(invocation));
    return {
      message: { text: `Tax form for @${r.creator.handle}: ${r.status.onFile ? "on file" : "not on file"} as of ${r.status.recordedOn} (recorded by ${r.status.recordedBy}). Scout keeps only this yes/no and date.`, tone: "success" },
      data: { creatorId: r.creator.creatorId, handle: r.creator.handle, ...r.status },
    };
  },
});

export const payoutsExport = defineCommand({
  name: "payouts export",
  summary: "A CSV of a year's payments: per creator and currency, tax form on file, and US creators paid 600 USD or more without a form",
  audience: "marketer",
  options: z.object({
    year: z.coerce.number({ message: "expects a year, e.g. 2026" }).int({ message: "expects a year, e.g. 2026" }).min(2000, { message: "expects a year from 2000, e.g. 2026" }).max(2100, { message: "expects a year up to 2100" }).describe("<yyyy> the calendar year of the payment dates"),
  }),
  examples: ["/scout payouts export year:2026"],
  async run({ options, services, invocation }) {
    const rows = await services.payouts.year(options.year);
    const name = `payouts-${options.year}-${invocation.id}.csv`;
    const path = await services.files.writeExport(name, yearCsv(rows));
    const local = invocation.surface === "console" || invocation.surface === "cli";
    const flagged = rows.filter(needsUsForm);
    const totals = totalsText(totalsByCurrency(rows.map((r) => ({ minor: r.paidMinor, currency: r.currency }))));
    const creators = new Set(rows.map((r) => r.creatorId)).size;
    const text =
      `Payments dated ${options.year}: ${totals} to ${creators} creator${creators === 1 ? "" : "s"} (totals per currency, from the payments recorded with /scout payouts pay).` +
      (flagged.length ? ` ${flagged.length} US creator${flagged.length === 1 ? " was" : "s were"} paid 600 USD or more without a tax form on file: ${flagged.map((r) => r.displayName).join(", ")}.` : "") +
      `\n${local ? `CSV written to ${path}` : `CSV attached: ${name}`}`;
    return reply({ title: `Payouts ${options.year}`, text, file: { path, name, mime: "text/csv" }, ephemeral: true }, { year: options.year, file: local ? path : name, rows: rows.length, usWithoutForm: flagged.map((r) => r.creatorId) });
  },
});

export default payoutsList;
