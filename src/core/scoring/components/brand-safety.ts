/**
 * Brand safety: competitor names in recent sponsored posts or in the account's hashtags (heavy
 * penalty), sponsored posts without a clear disclosure (counted and flagged). With no posts to
 * check, the value starts from neutral 50 instead of 100.
 */
import type { CompiledCriteria, Competitor } from "../compile.ts";
import { listJoin } from "../format.ts";
import type { Scratch } from "../scratch.ts";
import type { BrandSafetyReport } from "../types.ts";

export const FIRST_COMPETITOR_PENALTY = 40;
export const MORE_COMPETITOR_PENALTY = 10;
export const MAX_COMPETITOR_PENALTY = 60;
export const UNDISCLOSED_PENALTY = 15;
export const MAX_UNDISCLOSED_PENALTY = 45;
/** The paid-partnership label alone: flagged, a third of the penalty of no disclosure. */
export const WEAK_DISCLOSURE_PENALTY = 5;
export const MAX_WEAK_DISCLOSURE_PENALTY = 15;

function popcount(x: number): number {
  let v = x >>> 0;
  let n = 0;
  while (v !== 0) {
    v &= v - 1;
    n++;
  }
  return n;
}

export function brandSafetyValue(s: Scratch): number {
  let v = s.postsSeen > 0 ? 100 : 50;
  const comps = popcount(s.compAccount | s.compPosts);
  if (comps > 0) v -= Math.min(MAX_COMPETITOR_PENALTY, FIRST_COMPETITOR_PENALTY + MORE_COMPETITOR_PENALTY * (comps - 1));
  if (s.undisclosed > 0) v -= Math.min(MAX_UNDISCLOSED_PENALTY, UNDISCLOSED_PENALTY * s.undisclosed);
  if (s.weakDisclosed > 0) v -= Math.min(MAX_WEAK_DISCLOSURE_PENALTY, WEAK_DISCLOSURE_PENALTY * s.weakDisclosed);
  return v < 0 ? 0 : v;
}

function names(cc: CompiledCriteria, mask: number): string[] {
  const out: string[] = [];
  cc.competitors.forEach((c: Competitor, k) => {
    if ((mask & (1 << k)) !== 0) out.push(c.label);
  });
  return out;
}

export function brandSafetyReport(cc: CompiledCriteria, s: Scratch): BrandSafetyReport {
  const flags: string[] = [];
  const inPosts = names(cc, s.compPosts);
  const inTags = names(cc, s.compAccount & ~s.compPosts);
  if (inPosts.length > 0) flags.push("competitor in sponsored posts: " + inPosts.join(", "));
  if (inTags.length > 0) flags.push("competitor in account hashtags: " + inTags.join(", "));
  if (s.undisclosed > 0) {
    flags.push(
      s.undisclosed + " of " + s.sponsored + " sponsored post" + (s.sponsored === 1 ? "" : "s") +
        " without a clear disclosure (#ad, #sponsored or similar)",
    );
  }
  if (s.weakDisclosed > 0) {
    flags.push(
      s.weakDisclosed + " of " + s.sponsored + " sponsored post" + (s.sponsored === 1 ? "" : "s") +
        " disclosed only by the paid-partnership label (weak: the FTC wants a clear #ad as well)",
    );
  }
  if (s.postsSeen === 0) flags.push("no recent posts to check");
  return {
    sponsoredPosts: s.sponsored,
    undisclosedSponsoredPosts: s.undisclosed,
    weakDisclosurePosts: s.weakDisclosed,
    competitorMentions: names(cc, s.compAccount | s.compPosts),
    flags,
  };
}

export function brandSafetyReason(cc: CompiledCriteria, s: Scratch): string {
  const parts: string[] = [];
  if (s.postsSeen > 0) {
    parts.push(
      "Checked " + s.postsSeen + " recent post" + (s.postsSeen === 1 ? "" : "s") + ": " + s.sponsored + " sponsored, " +
        (s.undisclosed === 0 && s.weakDisclosed === 0
          ? s.sponsored > 0 ? "all with a clear disclosure" : "none to disclose"
          : [
              s.undisclosed > 0
                ? s.undisclosed + " without a clear disclosure such as #ad (vague tags like #sp, negations like #notsponsored and look-alikes like #adsense do not count)"
                : "",
              s.weakDisclosed > 0
                ? s.weakDisclosed + " with only the paid-partnership label, a weak disclosure (−" + WEAK_DISCLOSURE_PENALTY + " each, against −" + UNDISCLOSED_PENALTY + " for none)"
                : "",
            ].filter(Boolean).join(" and ")),
    );
  } else {
    parts.push("No recent posts to check disclosures, so this starts from neutral (50)");
  }
  const inPosts = names(cc, s.compPosts);
  const inTags = names(cc, s.compAccount & ~s.compPosts);
  if (inPosts.length > 0) parts.push("competitor " + listJoin(inPosts) + " in sponsored posts");
  if (inTags.length > 0) parts.push("competitor " + listJoin(inTags) + " in the account's hashtags");
  if (cc.competitors.length > 0 && inPosts.length === 0 && inTags.length === 0) parts.push("no competitor mentioned");
  return parts.join("; ") + ".";
}
