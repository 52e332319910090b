// Exact money (issue 17): amounts read from their digits into integer minor units, never through a
// float; shown per currency; totals never added across currencies.
import { describe, expect, it } from "vitest";
import { decimalText, formatMoney, minorFromDecimal, parseAmount, totalsByCurrency, totalsText } from "../../../src/core/money.ts";
import { needsUsForm, yearCsv } from "../../../src/core/payouts/export.ts";
import type { YearRow } from "../../../src/core/payouts/types.ts";

describe("parseAmount", () => {
  it("reads amounts exactly into minor units, with or without the currency", () => {
    expect(parseAmount("250", "EUR")).toEqual({ ok: true, minor: 25000, currency: null });
    expect(parseAmount("0.29", "EUR")).toMatchObject({ minor: 29 }); // 0.29 * 100 is 28.999... as a float
    expect(parseAmount("1,250.5", "USD")).toMatchObject({ minor: 125050 });
    expect(parseAmount("€99.99", "EUR")).toEqual({ ok: true, minor: 9999, currency: "EUR" });
    expect(parseAmount("99.99 eur", "EUR")).toMatchObject({ minor: 9999, currency: "EUR" });
    expect(parseAmount("5000", "JPY")).toMatchObject({ minor: 5000 });
    expect(parseAmount("1.234", "KWD")).toMatchObject({ minor: 1234 });
  });

  it("refuses negatives, words, too many decimals and another currency, saying which", () => {
    expect(parseAmount("-5", "EUR")).toMatchObject({ ok: false, error: expect.stringMatching(/more than zero/) });
    expect(parseAmount("-€5", "EUR")).toMatchObject({ ok: false });
    expect(parseAmount("ten", "EUR")).toMatchObject({ ok: false, error: expect.stringMatching(/expects a number/) });
    expect(parseAmount("1e3", "EUR")).toMatchObject({ ok: false });
    expect(parseAmount("1.5", "JPY")).toMatchObject({ ok: false, error: expect.stringMatching(/JPY has 0/) });
    expect(parseAmount("$40", "EUR")).toMatchObject({ ok: false, error: expect.stringMatching(/is in USD; this is owed in EUR/) });
    expect(parseAmount("", "EUR")).toMatchObject({ ok: false });
  });
});

describe("formatting and totals", () => {
  it("shows whole amounts without decimals and keeps the cents otherwise", () => {
    expect(formatMoney(25000, "EUR")).toBe("€250");
    expect(formatMoney(25050, "EUR")).toBe("€250.50");
    expect(formatMoney(123456789, "SEK")).toBe("1,234,567.89 SEK");
    expect(formatMoney(5000, "JPY")).toBe("¥5,000");
    expect(decimalText(5, "USD")).toBe("0.05");
    expect(minorFromDecimal("39.90", "EUR")).toBe(3990);
  });

  it("keeps a total per currency, never one sum across currencies", () => {
    const t = totalsByCurrency([
      { minor: 100, currency: "EUR" },
      { minor: 250, currency: "USD" },
      { minor: 1, currency: "EUR" },
    ]);
    expect(t).toEqual([
      { currency: "EUR", minor: 101 },
      { currency: "USD", minor: 250 },
    ]);
    expect(totalsText(t)).toBe("€1.01 + $2.50");
  });
});

describe("the year's export", () => {
  const row = (o: Partial<YearRow>): YearRow => ({ creatorId: "c", displayName: "Ana", handles: ["ana"], countries: ["US"], currency: "USD", paidMinor: 60000, payments: 1, taxForm: null, ...o });
  it("flags a US creator paid 600 USD or more without a form on file, and only them", () => {
    expect(needsUsForm(row({}))).toBe(true);
    expect(needsUsForm(row({ paidMinor: 59999 }))).toBe(false);
    expect(needsUsForm(row({ currency: "EUR", paidMinor: 90000 }))).toBe(false);
    expect(needsUsForm(row({ countries: ["FR"] }))).toBe(false);
    expect(needsUsForm(row({ taxForm: { onFile: true, recordedOn: "2026-01-01", recordedBy: "Mia" } }))).toBe(false);
    expect(needsUsForm(row({ taxForm: { onFile: false, recordedOn: "2026-01-01", recordedBy: "Mia" } }))).toBe(true);
  });

  it("writes a name that looks like a formula as text", () => {
    const csv = yearCsv([row({ displayName: "=HYPERLINK(\"http://x\")" })]);
    expect(csv.split("\n")[1]).toMatch(/^"'=HYPERLINK\(""http:\/\/x""\)",ana,US,USD,600\.00,1,not recorded,,yes$/);
  });
});
