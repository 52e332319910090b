// Which source wins a figure of one deliverable. Only the latest snapshot per source counts, and
// two sources are never added for the same figure. Figures Scout fetched from the platform itself
// (source platform, issue 15) win over everything below; then:
// - reach, impressions, views and reported clicks: the latest import's value when it has one
//   (imports are exports from the platform's own insights), else the creator's latest report;
// - engagements (likes + comments + shares + saves) as a group from one source: the latest import
//   when it has any of the four, else the creator's (no mixing likes from one and saves from another);
// - link clicks: Scout's tracked link when the creator has one (per creator, see the store), the
//   reported clicks only for creators without one.
// src/store/metrics.repo.ts implements the same rules in SQL; the tests hold both to this file.
import { engagements } from "./formulas.ts";
import type { PostFigures } from "./types.ts";
import { isPerView } from "../platform.ts";

export type SnapshotSource = "platform" | "import" | "creator";

/** Sources in order of precedence: fetched by Scout from the platform (issue 15), imported, self-reported. */
export const SOURCE_PRECEDENCE: readonly SnapshotSource[] = ["platform", "import", "creator"];

export interface SnapshotFigures extends PostFigures {
  takenAt: Date;
}

export interface ChosenFigures {
  reach: number | null;
  impressions: number | null;
  views: number | null;
  engagements: number | null;
  clicks: number | null;
  sources: { reach: SnapshotSource | null; engagements: SnapshotSource | null };
}

/** The latest snapshot of each source, from all of a deliverable's snapshots. */
export function latestPerSource(snaps: (SnapshotFigures & { source: SnapshotSource })[]): Partial<Record<SnapshotSource, SnapshotFigures>> {
  const out: Partial<Record<SnapshotSource, SnapshotFigures>> = {};
  for (const s of snaps) {
    const cur = out[s.source];
    if (!cur || s.takenAt > cur.takenAt) out[s.source] = s;
  }
  return out;
}

/** One deliverable's figures from the latest snapshot of each source. */
export function chooseFigures(latest: Partial<Record<SnapshotSource, SnapshotFigures>>): ChosenFigures {
  const pick = <K extends "reach" | "views" | "clicks">(k: K) => {
    for (const src of SOURCE_PRECEDENCE) {
      const v = latest[src]?.[k];
      if (v !== null && v !== undefined) return { value: v, source: src };
    }
    return { value: null, source: null };
  };
  const impressionsOf = (s: SnapshotFigures | undefined) => s?.impressions ?? s?.views ?? null;
  let impressions: number | null = null;
  for (const src of SOURCE_PRECEDENCE) {
    impressions = impressionsOf(latest[src]);
    if (impressions !== null) break;
  }
  let eng: number | null = null;
  let engSource: SnapshotSource | null = null;
  for (const src of SOURCE_PRECEDENCE) {
    const s = latest[src];
    const e = s ? engagements(s) : null;
    if (e !== null) {
      eng = e;
      engSource = src;
      break;
    }
  }
  const reach = pick("reach");
  return {
    reach: reach.value,
    impressions,
    views: pick("views").value,
    engagements: eng,
    clicks: pick("clicks").value,
    sources: { reach: reach.source, engagements: engSource },
  };
}

/** The ER basis of one post: views on per-view platforms, the account's followers elsewhere. */
export function erBasis(platform: string, f: { views: number | null; impressions: number | null }, followers: number | null): number | null {
  const b = isPerView(platform) ? (f.views ?? f.impressions) : followers;
  return b !== null && b > 0 ? b : null;
}
