// Component custom ids: a version, what to run, and a short MAC, e.g. "s1:optin spring-launch:Xk3…".
// Buttons ("s1") carry the command line they run; modals ("m1") the form's command and hidden
// options. The MAC (HMAC-SHA256 keyed from the bot token, 10 base64url characters) proves Scout
// made the id: a forged one, or one made under another token or version, is refused politely.
import { createHmac, timingSafeEqual } from "node:crypto";

export const CUSTOM_ID_MAX = 100;
const MAC_LENGTH = 10;
export type IdKind = "s" | "m";
const VERSION = "1";

export interface CustomIds {
  /** The id for a button that runs `line` (or a modal that submits to it); null when it does not fit in 100 characters. */
  make(kind: IdKind, line: string): string | null;
  /** The line an id carries, or why it is refused. */
  read(id: string): { kind: IdKind; line: string } | { refused: "stale" | "forged" };
}

export function createCustomIds(token: string): CustomIds {
  const key = createHmac("sha256", "scout-discord-custom-id").update(token).digest();
  const mac = (body: string) => createHmac("sha256", key).update(body).digest("base64url").slice(0, MAC_LENGTH);
  return {
    make(kind, line) {
      const body = `${kind}${VERSION}:${line.trim().replace(/\s+/g, " ")}`;
      const id = `${body}:${mac(body)}`;
      return id.length <= CUSTOM_ID_MAX ? id : null;
    },
    read(id) {
      const m = /^([sm])(\d+):(.+):([\w-]+)$/s.exec(id);
      if (!m) return { refused: "forged" };
      if (m[2] !== VERSION) return { refused: "stale" };
      const body = id.slice(0, id.length - m[4]!.length - 1);
      const want = Buffer.from(mac(body));
      const got = Buffer.from(m[4]!);
      if (got.length !== want.length || !timingSafeEqual(got, want)) return { refused: "forged" };
      return { kind: m[1] as IdKind, line: m[3]! };
    },
  };
}
