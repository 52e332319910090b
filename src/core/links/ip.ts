// The client's IP as Scout sees it, and its salted hash: the raw IP is never stored.
import { createHash } from "node:crypto";
import { isIP } from "node:net";

/**
 * The address the request came from. Behind a trusted proxy (TRUST_PROXY), X-Forwarded-For's
 * rightmost entry: the one the proxy appended, the address it saw. Entries to its left are whatever
 * the client sent, so anyone can forge them. Without a trusted proxy, or when that entry is not an
 * address, the socket's peer.
 */
export function clientIp(remoteAddress: string | undefined, forwardedFor: string | string[] | undefined, trustProxy: boolean): string {
  if (trustProxy && forwardedFor) {
    const last = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor).split(",").at(-1)!.trim();
    if (isIP(last)) return normalizeIp(last);
  }
  return normalizeIp(remoteAddress ?? "unknown");
}

/** IPv4-mapped IPv6 (::ffff:1.2.3.4) is the same client as 1.2.3.4. */
export const normalizeIp = (ip: string) => ip.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, "$1").toLowerCase();

export function hashIp(salt: string, ip: string): string {
  return createHash("sha256").update(salt).update("\0").update(ip).digest("hex");
}

/** The UTC calendar day of a moment, as YYYY-MM-DD. */
export const utcDay = (at: Date) => at.toISOString().slice(0, 10);
