// Terms text: its hash (what an acceptance is bound to) and the short summary the opt-in shows.
import { createHash } from "node:crypto";

export const TERMS_MAX_CHARS = 4000;

/** The text as stored: line ends unified, trailing spaces and blank edges trimmed. */
export const normaliseTerms = (text: string) =>
  text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((l) => l.trimEnd())
    .join("\n")
    .trim();

export const termsHash = (text: string) => createHash("sha256").update(normaliseTerms(text), "utf8").digest("hex");

/** The first sentences (at most `max` characters), Markdown marks removed: what the opt-in form shows. */
export function termsSummary(text: string, max = 240): string {
  const plain = normaliseTerms(text)
    .replace(/^#+\s*/gm, "")
    .replace(/[*_`>]+/g, "")
    .replace(/\[([^\]]+)\]\([^)]+\)/g, "$1")
    .replace(/^\s*[-+]\s+/gm, "• ")
    .replace(/\s+/g, " ")
    .trim();
  if (plain.length <= max) return plain;
  const cut = plain.slice(0, max);
  const end = Math.max(cut.lastIndexOf(". "), cut.lastIndexOf("; "));
  return (end > max / 2 ? cut.slice(0, end + 1) : cut.slice(0, cut.lastIndexOf(" ")) + "…").trim();
}

/** "v3 (sha256 1a2b3c4d)": how people see a version. */
export const termsLabel = (t: { version: number; sha256: string }) => `v${t.version} (sha256 ${t.sha256.slice(0, 8)})`;
