// `npm run bench -- scoring-eval`: does the score predict next month? A time split on the real
// instagram-micro dataset (src/core/scoring/evaluation.ts): per account, posts ordered by taken_at,
// the scorer sees only the earlier half; the later half's ER percentile within its tier is the answer.
// Records Spearman ρ per objective beside the ER percentile alone, and precision@20 per niche of
// "later-half ER in the tier's top quartile". Targets: ρ ≥ rho_er_only for every objective, mean
// p20_top_quartile ≥ 0.75. Skips, saying so, where ../shared is absent. Reads the dataset in place.
import fs from "node:fs";
import path from "node:path";
import { evaluateScoring, type EvalAccount, type EvalFigures } from "../src/core/scoring/evaluation.ts";
import type { Bench } from "./lib/bench.ts";

const SHARED = path.resolve(import.meta.dirname, "../../shared/datasets/instagram-micro");
const NICHES = ["beauty", "family", "fashion", "fitness", "food", "interior", "pet", "travel"];

function rows(file: string): Record<string, string>[] {
  const lines = fs.readFileSync(file, "utf8").split(/\r?\n/).filter((l) => l !== "");
  const head = lines[0]!.split(",");
  return lines.slice(1).map((l) => {
    const f = l.split(",");
    return Object.fromEntries(head.map((h, i) => [h, f[i] ?? ""]));
  });
}

const num = (s: string | undefined) => (s === undefined || s === "" ? null : Number(s));

/** The dataset as evaluation accounts (no database: the split needs every post, not the 30 latest). */
export function readDataset(dir = SHARED): EvalAccount[] {
  const byId = new Map<string, EvalAccount>();
  for (const c of rows(path.join(dir, "creators.csv"))) {
    const followers = num(c.followers);
    if (!followers || followers <= 0) continue;
    byId.set(c.creator_id!, {
      id: c.creator_id!,
      handle: c.creator_id!,
      platform: "instagram",
      followers,
      following: num(c.following),
      categories: c.category ? [c.category] : [],
      posts: [],
    });
  }
  for (const p of rows(path.join(dir, "posts.csv"))) {
    const a = byId.get(p.creator_id!);
    const t = num(p.taken_at);
    if (!a || t === null) continue;
    a.posts.push({
      postedAt: new Date(t * 1000),
      likes: num(p.likes),
      comments: num(p.comments),
      isVideo: p.is_video === "1",
      isSponsored: p.is_ad === "1",
      sponsorTags: num(p.sponsor_tagged) ?? 0,
      hashtags: p.hashtags ? p.hashtags.split(" ").filter(Boolean) : [],
    });
  }
  return [...byId.values()].filter((a) => a.posts.length > 0);
}

function record(f: EvalFigures) {
  return {
    accounts: f.accounts,
    rho_awareness: f.rho.awareness,
    rho_traffic: f.rho.traffic,
    rho_leads: f.rho.leads,
    rho_sales: f.rho.sales,
    rho_er_only: f.rhoErOnly,
    p20_top_quartile: f.meanPrecision.awareness,
    p20_top_quartile_sales: f.meanPrecision.sales,
    p20_er_only: f.meanPrecisionErOnly,
    p20_by_niche: f.precision.awareness,
    p20_er_only_by_niche: f.precisionErOnly,
    // The best any ranking could reach: min(20, later-top accounts) / min(20, accounts), per niche.
    p20_ceiling: f.meanPrecisionCeiling,
    p20_ceiling_by_niche: f.precisionCeiling,
    niche_accounts: f.nicheSizes,
  };
}

let accounts: EvalAccount[] = [];

export default {
  name: "scoring-eval",
  unit: "ms",
  runs: 1,
  notes:
    "time split on ../shared instagram-micro (earlier half scored, later half's within-tier ER percentile as the answer), followers 1k–100k; " +
    "rho_* on accounts with >= 4 posts (min2: the same with >= 2), p20_* on accounts with >= 2 posts (niches of >= 4-post accounts are too small for a top 20; p20_top_quartile_min4 beside it); " +
    "targets: every rho_<objective> >= rho_er_only, p20_top_quartile >= 0.75",
  skip: () => (fs.existsSync(path.join(SHARED, "creators.csv")) ? undefined : `skipped: ${SHARED} is absent (it is in ../shared beside a checkout)`),
  async setup() {
    accounts = readDataset();
  },
  async run() {
    const four = evaluateScoring(accounts, { minPosts: 4, niches: NICHES });
    const two = evaluateScoring(accounts, { minPosts: 2, niches: NICHES });
    const r4 = record(four);
    const r2 = record(two);
    const rhoMet = (r: ReturnType<typeof record>) =>
      (["rho_awareness", "rho_traffic", "rho_leads", "rho_sales"] as const).every((k) => r[k] >= r.rho_er_only);
    return {
      // Spearman ρ: accounts with >= 4 posts (2+ posts on each side of the split).
      ...r4,
      // precision@20 needs niches well over 20 accounts: with >= 4 posts pet has 21, fitness 36,
      // interior 48, so the top-level figure is the >= 2 posts one; the >= 4 one is beside it.
      p20_top_quartile: r2.p20_top_quartile,
      p20_top_quartile_sales: r2.p20_top_quartile_sales,
      p20_er_only: r2.p20_er_only,
      p20_by_niche: r2.p20_by_niche,
      p20_er_only_by_niche: r2.p20_er_only_by_niche,
      p20_ceiling: r2.p20_ceiling,
      p20_ceiling_by_niche: r2.p20_ceiling_by_niche,
      niche_accounts: r2.niche_accounts,
      niche_accounts_min4: r4.niche_accounts,
      p20_top_quartile_min4: r4.p20_top_quartile,
      p20_er_only_min4: r4.p20_er_only,
      // With >= 4 posts, pet has 21 accounts, fitness 36, interior 48: no ranking reaches 0.75 there.
      p20_ceiling_min4: r4.p20_ceiling,
      p20_ceiling_by_niche_min4: r4.p20_ceiling_by_niche,
      p20_by_niche_min4: r4.p20_by_niche,
      accounts_min4: four.accounts,
      accounts_min2: two.accounts,
      min2: r2,
      target_p20: 0.75,
      targets_met: rhoMet(r4) && rhoMet(r2) && r2.p20_top_quartile >= 0.75,
    };
  },
} satisfies Bench;
