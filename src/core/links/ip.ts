// The client's IP as Scout sees it, and its salted hash: the raw IP is never stored.
import { createHash } from "node:crypto";
import { isIP } from "node:net";

/** The address the request came from; X-Forwarded-For's first valid entry only behind a trusted proxy. */
export function clientIp(remoteAddress: string | undefined, forwardedFor: string | string[] | undefined, trustProxy: boolean): string {
  if (trustProxy && forwardedFor) {
    const first = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor).split(",")[0]!.trim();
    if (isIP(first)) return normalizeIp(first);
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
