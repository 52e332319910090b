/**
 * Seeded test data for the scoring tests and the 100k benchmark. No real data: everything is
 * drawn from a tiny PRNG (mulberry32), so the same seed gives the same accounts.
 */
import type { AccountInput, Platform, PostSample } from "../../../src/core/scoring/index.ts";
import { rng } from "../../../bench/lib/generate.ts";

export type Rand = () => number;

/** mulberry32, shared with the benchmarks' generator. */
export const mulberry32: (seed: number) => Rand = rng;

/** Standard normal draw (Box–Muller). */
export function gaussian(rand: Rand): number {
  const u = 1 - rand();
  const v = rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

export function pick<T>(rand: Rand, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)] as T;
}

export function shuffle<T>(rand: Rand, list: readonly T[]): T[] {
  const out = list.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = out[i] as T;
    out[i] = out[j] as T;
    out[j] = t;
  }
  return out;
}

/** The dataset's category list. */
export const CATEGORIES = ["beauty", "family", "fashion", "fitness", "food", "interior", "pet", "travel", "other"] as const;

const TAGS: Record<string, readonly string[]> = {
  beauty: ["beauty", "makeup", "skincare", "glowup", "mua", "nails"],
  family: ["family", "momlife", "kids", "parenting", "familytime"],
  fashion: ["fashion", "ootd", "style", "streetstyle", "outfits", "dresses"],
  fitness: ["fitness", "gym", "workout", "fitfam", "yoga", "running"],
  food: ["food", "foodie", "vegan", "veganfood", "recipes", "plantbased", "instafood", "baking"],
  interior: ["interior", "homedecor", "interiordesign", "plants", "diy"],
  pet: ["pet", "dogsofinstagram", "catsofinstagram", "puppy", "petlovers"],
  travel: ["travel", "wanderlust", "travelgram", "beach", "roadtrip"],
  other: ["photography", "love", "art", "music", "instagood", "nature"],
};

const COUNTRIES = ["US", "GB", "DE", "FR", "IT", "ES", "BR", "KR", "JP", "CA"];
const LANGUAGES = ["en", "en", "en", "de", "fr", "it", "es", "pt", "ko", "ja"];

/** Median ER by followers, per follower on Instagram (the instagram-micro figures; nano ~6%). */
export function typicalEr(followers: number, platform: Platform = "instagram"): number {
  if (platform === "tiktok") return followers < 5_000 ? 0.13 : followers < 10_000 ? 0.11 : followers < 50_000 ? 0.089 : 0.076;
  if (platform === "youtube") return followers < 5_000 ? 0.0175 : followers < 10_000 ? 0.0087 : 0.0044;
  if (followers < 1_000) return 0.06;
  if (followers < 5_000) return 0.042;
  if (followers < 10_000) return 0.035;
  if (followers < 50_000) return 0.029;
  return 0.024;
}

export interface GenOptions {
  /** Add recent posts (slow path). */
  posts?: boolean;
  /** Add follower history. */
  history?: boolean;
  /** Add a track record with the brand. */
  track?: boolean;
}

export function genAccount(rand: Rand, i: number, opts: GenOptions = {}): AccountInput {
  const r = rand();
  const platform: Platform = r < 0.85 ? "instagram" : r < 0.95 ? "tiktok" : "youtube";
  const followers = Math.max(50, Math.round(Math.exp(Math.log(15_000) + 1.3 * gaussian(rand))));
  const er = typicalEr(followers, platform) * Math.exp(0.9 * gaussian(rand));
  const perView = platform !== "instagram";
  const medianViews = perView ? Math.round(followers * Math.exp(-0.5 + 0.8 * gaussian(rand))) + 1 : null;
  const medianEngagements = Math.round((perView ? (medianViews as number) : followers) * er);
  const cat = pick(rand, CATEGORIES);
  const categories: string[] = rand() < 0.2 ? [cat, pick(rand, CATEGORIES)] : [cat];
  const vocab = TAGS[cat] ?? [];
  const nTags = 1 + Math.floor(rand() * 5);
  const hashtags: string[] = [];
  for (let k = 0; k < nTags; k++) hashtags.push(rand() < 0.8 ? pick(rand, vocab) : pick(rand, TAGS.other ?? []));
  const known = rand();
  const country = known < 0.8 ? pick(rand, COUNTRIES) : null;
  const language = rand() < 0.8 ? pick(rand, LANGUAGES) : null;
  const rate = rand() < 0.85 ? Math.round((followers / 1_000) * 10 * Math.exp(0.6 * gaussian(rand)) * 100) / 100 : null;
  const following = Math.round(Math.exp(Math.log(700) + 0.9 * gaussian(rand)));
  const account: AccountInput = {
    id: "acc-" + i,
    handle: "creator_" + ((i * 7919) % 1_000_003).toString(36),
    platform,
    followers,
    following,
    postsCount: Math.round(50 + rand() * 2_000),
    medianEngagements,
    medianViews,
    medianEr: rand() < 0.7 ? er : null,
    sampledPosts: 1 + Math.floor(rand() * 30),
    categories,
    hashtags,
    bio: null,
    country,
    language,
    rate,
    currency: rate === null ? null : rand() < 0.95 ? "USD" : null,
  };
  if (opts.posts) account.posts = genPosts(rand, account, 6 + Math.floor(rand() * 10));
  if (opts.history) account.history = genHistory(rand, followers, following, 10);
  if (opts.track && rand() < 0.5) {
    const n = 1 + Math.floor(rand() * 6);
    const d = Math.floor(rand() * (n + 1));
    account.track = {
      participations: n,
      delivered: d,
      onTime: Math.floor(rand() * (d + 1)),
      approvedFirstTime: Math.floor(rand() * (d + 1)),
    };
  }
  return account;
}

export function genPosts(rand: Rand, a: AccountInput, n: number): PostSample[] {
  const f = a.followers ?? 1_000;
  const base = typicalEr(f, a.platform);
  const posts: PostSample[] = [];
  for (let k = 0; k < n; k++) {
    const eng = f * base * Math.exp(0.5 * gaussian(rand));
    const sponsored = rand() < 0.15;
    const tags = [pick(rand, TAGS.food ?? []), pick(rand, TAGS.other ?? [])];
    if (sponsored && rand() < 0.5) tags.push(rand() < 0.5 ? "ad" : "sponsored");
    posts.push({
      postedAt: new Date(Date.UTC(2026, 0, 1 + k)),
      likes: Math.round(eng * 0.95),
      comments: Math.round(eng * 0.05),
      views: a.platform === "instagram" ? null : Math.round(f * Math.exp(0.5 * gaussian(rand))),
      isSponsored: sponsored,
      hashtags: tags,
      caption: sponsored ? "Loving this new product" : "A day in my life",
    });
  }
  return posts;
}

export function genHistory(rand: Rand, followers: number, following: number, days: number) {
  const out: { takenOn: Date; followers: number | null; following: number | null }[] = [];
  let f = Math.round(followers * 0.97);
  for (let d = 0; d < days; d++) {
    f += Math.round(followers * 0.003 * rand());
    out.push({ takenOn: new Date(Date.UTC(2026, 1, 1 + d)), followers: f, following: following + Math.round(rand() * 5) });
  }
  return out;
}

export function genAccounts(n: number, seed: number, opts: GenOptions = {}): AccountInput[] {
  const rand = mulberry32(seed);
  const out: AccountInput[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = genAccount(rand, i, opts);
  return out;
}

/** A plain mid-micro Instagram account with every field known, for targeted tests. */
export function baseAccount(over: Partial<AccountInput> = {}): AccountInput {
  return {
    id: "base",
    handle: "base_creator",
    platform: "instagram",
    followers: 20_000,
    following: 600,
    postsCount: 500,
    medianEngagements: 580,
    medianViews: null,
    medianEr: 0.029,
    sampledPosts: 30,
    categories: ["food"],
    hashtags: ["foodie", "recipes"],
    bio: "Home cook sharing easy recipes",
    country: "US",
    language: "en",
    rate: 200,
    currency: "USD",
    ...over,
  };
}
