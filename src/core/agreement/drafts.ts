// Drafts: what an attachment may be (checked on Discord's word before anything is stored), and
// what changed in a caption from one version to the next.
import type { DraftAttachment } from "./types.ts";
import { own } from "../own.ts";

/** Discord's largest upload (a server at boost level 3); a lower limit Discord states for the server applies too. */
export const DRAFT_MAX_BYTES = 100 * 1024 * 1024;
export const DRAFT_TYPES = ["image/jpeg", "image/png", "image/gif", "image/webp", "image/heic", "video/mp4", "video/quicktime", "video/webm"] as const;
const EXT_TYPES: Record<string, string> = { jpg: "image/jpeg", jpeg: "image/jpeg", png: "image/png", gif: "image/gif", webp: "image/webp", heic: "image/heic", mp4: "video/mp4", mov: "video/quicktime", webm: "video/webm" };

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`;

/** The attachment as Scout keeps it, or why it is refused. The type is Discord's content type, or the file's extension when Discord gave none. */
export function checkAttachment(a: { url: string; name: string; contentType?: string | null; size: number; limit?: number | null }): { ok: true; value: DraftAttachment } | { ok: false; reason: string } {
  let url: URL;
  try {
    url = new URL(a.url);
  } catch {
    return { ok: false, reason: "is not a file Discord sent: attach it again" };
  }
  if (url.protocol !== "https:") return { ok: false, reason: "is not a file Discord sent: attach it again" };
  const ext = /\.([a-z0-9]+)$/i.exec(a.name)?.[1]?.toLowerCase() ?? "";
  const type = (a.contentType?.split(";")[0]?.trim().toLowerCase() || own(EXT_TYPES, ext)) ?? "";
  if (!(DRAFT_TYPES as readonly string[]).includes(type))
    return { ok: false, reason: `${a.name.slice(0, 80)} is ${type || "of an unknown type"}; a draft must be an image (JPEG, PNG, GIF, WebP, HEIC) or a video (MP4, MOV, WebM)` };
  if (!Number.isFinite(a.size) || a.size <= 0) return { ok: false, reason: `${a.name.slice(0, 80)} is empty` };
  // The server's own upload limit, as Discord states it with the interaction, when it is lower.
  const max = a.limit && a.limit > 0 ? Math.min(a.limit, DRAFT_MAX_BYTES) : DRAFT_MAX_BYTES;
  if (a.size > max) return { ok: false, reason: `${a.name.slice(0, 80)} is ${mb(a.size)}; at most ${mb(max)} here (share a larger video as a link instead)` };
  return { ok: true, value: { url: url.toString(), name: a.name.slice(0, 200), contentType: type, size: Math.round(a.size) } };
}

/** What changed between two captions, word by word: removed words in [-…-], added in {+…+}. Null when equal. */
export function captionDiff(before: string, after: string): string | null {
  if (before === after) return null;
  const a = before.split(/(\s+)/).filter((w) => w.trim());
  const b = after.split(/(\s+)/).filter((w) => w.trim());
  // Longest common subsequence on words (captions are short: at most 2,200 characters).
  const n = a.length, m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const out: string[] = [];
  let del: string[] = [], add: string[] = [];
  const flush = () => {
    if (del.length) out.push(`[-${del.join(" ")}-]`);
    if (add.length) out.push(`{+${add.join(" ")}+}`);
    del = [];
    add = [];
  };
  let i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      flush();
      out.push(a[i]!);
      i++;
      j++;
    } else if (j < m && (i >= n || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) add.push(b[j++]!);
    else del.push(a[i++]!);
  }
  flush();
  return out.join(" ");
}
