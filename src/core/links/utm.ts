// The landing URL with UTM parameters added. Parameters the URL already carries are kept as they
// are, utm_* included: a marketer who wrote utm_source=newsletter into the landing URL meant it.
// Only missing utm keys are added; the fragment stays last.
export interface UtmFields {
  platform: string;
  campaignSlug: string;
  creatorHandle: string;
}

export function utmParams(f: UtmFields): [string, string][] {
  return [
    ["utm_source", f.platform],
    ["utm_medium", "influencer"],
    ["utm_campaign", f.campaignSlug],
    ["utm_content", f.creatorHandle],
  ];
}

/** null when the landing URL is not an absolute http(s) URL. */
export function withUtm(landingUrl: string, f: UtmFields): string | null {
  let url: URL;
  try {
    url = new URL(landingUrl);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  // Append to the raw query instead of rewriting it through URLSearchParams, which would re-encode
  // what the shop's URL already had (spaces, commas, unusual escapes) and could break it.
  const present = new Set([...url.searchParams.keys()].map((k) => k.toLowerCase()));
  const add = utmParams(f)
    .filter(([k, v]) => v && !present.has(k))
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
  if (!add.length) return url.href;
  const query = url.search.replace(/^\?/, "");
  url.search = "?" + (query ? `${query}&` : "") + add.join("&");
  return url.href;
}
