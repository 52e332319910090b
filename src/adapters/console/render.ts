// Renders the neutral message model as plain text for a terminal.
import type { Action, Message, Section } from "../../core/message.ts";
import { cleanInput, clipText } from "../../core/text.ts";

// Escape sequences (CSI, OSC, and two-character ones) whole, then any other control character:
// text from a person or a file must not move the cursor, recolour, retitle or clear the terminal.
const ANSI = /\u001b(?:\[[0-?]*[ -/]*[@-~]?|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-_]?)|\u009b[0-?]*[ -/]*[@-~]?/g;

/** Text safe to print on a terminal: no escape sequences or control characters but tab and newline. */
export const terminalSafe = (s: string) => cleanInput(s.replace(ANSI, ""));

/** A button as a terminal shows it: `[Approve] → /scout optins approve id:...`. */
export const actionLine = (a: Action) => (a.value ? `[${a.label}] → /scout ${a.value}` : `[${a.label}]`);
const actionLines = (as: Action[]) => (as.some((a) => a.value) ? as.map(actionLine).join("\n") : as.map(actionLine).join(" "));

function table(t: NonNullable<Section["table"]>): string {
  // A cell stays on its line; cells but the last are cut to their column.
  const cell = (c: string | undefined) => terminalSafe(c ?? "").replace(/\s*\n\s*/g, " ");
  const cols = t.columns.map(cell);
  const rows = t.rows.map((r) => r.map(cell));
  const widths = cols.map((c, i) => Math.min(80, Math.max(c.length, ...rows.map((r) => (r[i] ?? "").length))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : clipText(c, widths[i]!).padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(cols), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

export function renderText(m: Message): string {
  const out: string[] = [];
  if (m.title) out.push(m.title);
  if (m.text) out.push(m.text);
  for (const s of m.sections ?? []) {
    const parts: string[] = [];
    if (s.title) parts.push(`${s.title}`);
    if (s.text) parts.push(s.text);
    if (s.fields?.length) {
      const w = Math.max(...s.fields.map((f) => f.label.length));
      parts.push(s.fields.map((f) => `  ${(f.label + ":").padEnd(w + 1)} ${f.value}`).join("\n"));
    }
    if (s.table) parts.push(table(s.table));
    if (s.actions?.length) parts.push(actionLines(s.actions));
    out.push(parts.join("\n"));
  }
  if (m.actions?.length) out.push(actionLines(m.actions));
  if (m.form)
    out.push(
      `Form "${m.form.title}" (${m.form.command}):\n` +
        m.form.fields.map((f) => `  ${f.key}:${f.required ? " (required)" : ""} ${f.label}${f.hint ? `: ${f.hint}` : ""}`).join("\n"),
    );
  if (m.file) out.push(`File: ${m.file.path}`);
  return terminalSafe(out.join("\n\n"));
}

/** A one-line progress bar for terminals: "importing accounts [#####.....] 52% 52,000/100,000". */
export function progressBar(p: { phase: string; done: number; total: number }, width = 30): string {
  const frac = p.total > 0 ? Math.min(1, p.done / p.total) : 1;
  const filled = Math.round(frac * width);
  return `${p.phase.padEnd(9)} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${String(Math.round(frac * 100)).padStart(3)}% ${p.done.toLocaleString("en-US")}/${p.total.toLocaleString("en-US")}`;
}
