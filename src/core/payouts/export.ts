// The year's payouts as CSV: one row per creator and currency (totals never added across
// currencies), the tax form on file (yes/no and date), and the US flag: a US creator paid 600 USD
// or more in the year without a form on file. Cells go through the roster's formula-injection guard.
import { csvCell } from "../roster/csv.ts";
import { decimalText } from "../money.ts";
import type { YearRow } from "./types.ts";

/** 600 USD in cents: the US information-return threshold for payments to a contractor. */
export const US_FORM_THRESHOLD_MINOR = 60_000;

export const needsUsForm = (r: YearRow) => r.countries.includes("US") && r.currency === "USD" && r.paidMinor >= US_FORM_THRESHOLD_MINOR && !r.taxForm?.onFile;

export const YEAR_COLUMNS = ["creator", "handles", "countries", "currency", "total_paid", "payments", "tax_form_on_file", "tax_form_date", "us_600_usd_without_form"];

export function yearCsv(rows: YearRow[]): string {
  const lines = rows.map((r) => [
    r.displayName,
    r.handles.join(" "), // without "@": a cell starting with @ reads as a formula (the guard would prefix a quote)
    r.countries.join(" "),
    r.currency,
    decimalText(r.paidMinor, r.currency),
    r.payments,
    r.taxForm ? (r.taxForm.onFile ? "yes" : "no") : "not recorded",
    r.taxForm?.recordedOn ?? "",
    needsUsForm(r) ? "yes" : "no",
  ]);
  return [YEAR_COLUMNS, ...lines].map((row) => row.map(csvCell).join(",")).join("\n") + "\n";
}
