/**
 * Cost efficiency: expected engagements per unit of money (median engagements, or reach × ER,
 * divided by the rate), on a log scale: 1 engagement per unit = 50, 10 ≈ 91, 0.1 ≈ 9.
 */
import type { CompiledCriteria } from "../compile.ts";
import { fmtInt, fmtNum } from "../format.ts";
import type { Scratch } from "../scratch.ts";
import { nonNeg, positive } from "../stats.ts";
import type { AccountInput } from "../types.ts";

export const REFERENCE_ENGAGEMENTS_PER_UNIT = 1;

export function expectedEngagements(a: AccountInput, s: Scratch): number {
  const eng = nonNeg(a.medianEngagements);
  if (eng >= 0) return eng;
  if (s.er < 0) return -1;
  if (s.perView) {
    const views = positive(a.medianViews);
    if (views > 0) return views * s.er;
  }
  return s.followers > 0 ? s.followers * s.er : -1;
}

export function costValue(a: AccountInput, s: Scratch): number {
  if (s.rate <= 0 || s.rateOtherCurrency) return 50;
  const exp = expectedEngagements(a, s);
  s.expEng = exp;
  if (exp < 0) return 50;
  const epm = exp / s.rate;
  s.epm = epm;
  // 100·epm / (epm + ref), written so neither 0 nor huge values overflow.
  return 100 / (1 + REFERENCE_ENGAGEMENTS_PER_UNIT / epm);
}

function money(rate: number, currency: unknown): string {
  const c = typeof currency === "string" && currency.trim() !== "" ? " " + currency.trim().toUpperCase() : "";
  return fmtNum(rate, 2) + c;
}

export function costReason(a: AccountInput, cc: CompiledCriteria, s: Scratch): string {
  if (s.rateOtherCurrency) {
    return (
      "Rate is in " + String(a.currency).toUpperCase() + " but the campaign uses " + cc.currency +
      ", so cost is not compared and is neutral (50)."
    );
  }
  if (s.rate <= 0) return "Rate unknown, so cost efficiency is neutral (50).";
  if (s.expEng < 0) return "Rate " + money(s.rate, a.currency) + " but expected engagements unknown, so cost is neutral (50).";
  const unit = typeof a.currency === "string" && a.currency.trim() !== "" ? a.currency.trim().toUpperCase() : "unit";
  return (
    "About " + fmtInt(s.expEng) + " expected engagements per post for " + money(s.rate, a.currency) + ": " +
    fmtNum(s.epm, s.epm < 0.1 ? 3 : 2) + " per " + unit + " (1 per unit scores 50)."
  );
}
