// Which links count as a deliverable: http(s), at most 500 characters, on a known host of the
// platform the creator takes part with (or a blog host the campaign allows). Pure: no network.
import type { Platform } from "../platform.ts";

export const MAX_LINK_LENGTH = 500;

type Social = Exclude<Platform, "blog">;

/** Each platform's own hosts. Subdomains allowed on top: www. and m. (and a platform's short-link ones). */
export const PLATFORM_HOSTS: Record<Social, { hosts: string[]; subdomains: string[] }> = {
  instagram: { hosts: ["instagram.com"], subdomains: ["www", "m"] },
  tiktok: { hosts: ["tiktok.com"], subdomains: ["www", "m", "vm", "vt"] },
  youtube: { hosts: ["youtube.com", "youtu.be"], subdomains: ["www", "m"] },
  x: { hosts: ["x.com", "twitter.com"], subdomains: ["www", "m", "mobile"] },
  twitch: { hosts: ["twitch.tv"], subdomains: ["www", "m", "clips"] },
};

export type LinkCheck =
  | { ok: true; url: string; host: string; platform: Platform }
  | { ok: false; reason: string };

const bad = (reason: string): LinkCheck => ({ ok: false, reason });

/** The social platform whose host this is (exact host, or an allowed subdomain of it), or null. */
export function platformOfHost(hostname: string): Social | null {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  for (const [platform, rule] of Object.entries(PLATFORM_HOSTS) as [Social, (typeof PLATFORM_HOSTS)[Social]][]) {
    for (const h of rule.hosts) {
      if (host === h) return platform;
      if (host.endsWith(`.${h}`) && rule.subdomains.includes(host.slice(0, -h.length - 1))) return platform;
    }
  }
  return null;
}

/** Whether the host is one of the campaign's blog hosts, or any subdomain of one (ana.substack.com). */
export function isAllowedBlogHost(hostname: string, allowedHosts: readonly string[]): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, "").replace(/^www\./, "");
  return allowedHosts.some((h) => {
    const a = h.toLowerCase().replace(/^www\./, "");
    return host === a || host.endsWith(`.${a}`);
  });
}

const hostList = (p: Social) => PLATFORM_HOSTS[p].hosts.join(" or ");

/**
 * Checks a deliverable link. `platform` is the platform the creator takes part with (null when
 * unknown: inferred from the host). Blog hosts the campaign allows count for any platform.
 */
export function checkDeliverableLink(raw: string, opts: { platform: Platform | null; allowedHosts: readonly string[] }): LinkCheck {
  const text = raw.trim();
  if (!text) return bad("is empty; paste the link to your post, e.g. https://www.instagram.com/p/Cx1a2b3/");
  if (text.length > MAX_LINK_LENGTH) return bad(`is ${text.length} characters long; a deliverable link has at most ${MAX_LINK_LENGTH}`);
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    return bad("is not a link; paste the full address, starting with https://");
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") return bad(`must start with https:// (not ${u.protocol})`);
  if (u.username || u.password) return bad("must not hold a user name or password");
  if (u.port) return bad("must not name a port; paste the link as the app shares it");
  const host = u.hostname.toLowerCase().replace(/\.$/, "");
  const social = platformOfHost(host);
  const declared = opts.platform;

  if (social) {
    if (declared && declared !== "blog" && declared !== social)
      return bad(`is ${social === "instagram" ? "an" : "a"} ${social} link (${host}), but you take part with your ${declared} account; submit the ${declared} post (${hostList(declared)})`);
    if (declared === "blog" && !isAllowedBlogHost(host, opts.allowedHosts))
      return bad(`is ${social === "instagram" ? "an" : "a"} ${social} link, but you take part with your blog; submit the blog post${opts.allowedHosts.length ? ` (on ${opts.allowedHosts.join(", ")})` : ""}`);
    return { ok: true, url: normalizeLink(text), host, platform: declared === "blog" ? "blog" : social };
  }
  if (isAllowedBlogHost(host, opts.allowedHosts)) return { ok: true, url: normalizeLink(text), host, platform: "blog" };
  const expected =
    declared && declared !== "blog"
      ? `${declared === "instagram" ? "an" : "a"} ${declared} link (${hostList(declared)})`
      : declared === "blog"
        ? opts.allowedHosts.length
          ? `on ${opts.allowedHosts.join(", ")} (the blog hosts this campaign allows)`
          : "on a blog host the campaign allows (it allows none yet; ask the brand's team)"
        : `on instagram.com, tiktok.com, youtube.com, x.com or twitch.tv${opts.allowedHosts.length ? `, or ${opts.allowedHosts.join(", ")}` : ""}`;
  return bad(`is on ${host}, which is not a known host; it must be ${expected}`);
}

/** Share-tracking parameters the apps add to links (dropped so the same post is one deliverable). */
const TRACKING = /^(utm_.*|igsh|igshid|si|feature|_r|_t|is_from_webapp|sender_device|share_.*|fbclid|gclid)$/i;

/** The link as stored: host in lower case, no fragment, no share-tracking parameters. */
export function normalizeLink(url: string): string {
  const u = new URL(url.trim());
  u.hash = "";
  for (const k of [...u.searchParams.keys()]) if (TRACKING.test(k)) u.searchParams.delete(k);
  return u.toString();
}
