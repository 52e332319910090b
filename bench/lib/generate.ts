// A seeded generator of realistic rosters: log-normal followers, ER falling with tier as in
// domain.md (about 4.5% at 1k–5k down to about 2.5% at 50k–100k), for benchmarks and tests.

/** mulberry32: a small, fast, seeded PRNG. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw (Box–Muller). */
export function normal(r: () => number): number {
  const u = Math.max(r(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
}

export const CATEGORIES = ["beauty", "family", "fashion", "fitness", "food", "interior", "pet", "travel", "other"];
const COUNTRIES = ["US", "GB", "DE", "FR", "ES", "IT", "BR", "CA", "AU", "NL"];
const LANGS: Record<string, string> = { US: "en", GB: "en", DE: "de", FR: "fr", ES: "es", IT: "it", BR: "pt", CA: "en", AU: "en", NL: "nl" };
const TAGS: Record<string, string[]> = {
  beauty: ["makeup", "skincare", "beauty", "nails"],
  family: ["family", "momlife", "kids", "parenting"],
  fashion: ["ootd", "fashion", "style", "streetstyle"],
  fitness: ["fitness", "gym", "workout", "yoga"],
  food: ["food", "foodie", "vegan", "recipes", "plantbased"],
  interior: ["interior", "homedecor", "design"],
  pet: ["dog", "cat", "petsofinstagram"],
  travel: ["travel", "wanderlust", "travelgram"],
  other: ["photography", "art", "music"],
};

/** Median ER for a follower count (falls with tier). */
export const medianErFor = (followers: number) => 0.048 * Math.pow(Math.max(followers, 100) / 1000, -0.15);

export interface GeneratedCreator {
  handle: string;
  followers: number;
  following: number;
  posts: number;
  category: string;
  country: string | null;
  language: string | null;
  rate: number | null;
  er: number;
}

export function generateCreators(n: number, seed = 42): GeneratedCreator[] {
  const r = rng(seed);
  const out: GeneratedCreator[] = [];
  for (let i = 0; i < n; i++) {
    const followers = Math.max(50, Math.round(Math.exp(Math.log(15_000) + 1.3 * normal(r))));
    const er = Math.min(0.6, medianErFor(followers) * Math.exp(0.6 * normal(r)));
    const known = r() < 0.7;
    const country = known ? COUNTRIES[Math.floor(r() * COUNTRIES.length)]! : null;
    out.push({
      handle: `gen_${seed}_${i.toString(36)}`,
      followers,
      following: Math.round(Math.exp(Math.log(600) + 0.9 * normal(r))),
      posts: Math.round(Math.exp(Math.log(400) + 0.8 * normal(r))),
      category: CATEGORIES[Math.floor(r() * CATEGORIES.length)]!,
      country,
      language: country ? LANGS[country]! : null,
      rate: r() < 0.6 ? Math.round(followers * (0.005 + 0.01 * r())) + 50 : null,
      er,
    });
  }
  return out;
}

/** Writes followers the ways exports do: 12345, "12,345", 12.3k. */
function writeCount(n: number, r: () => number): string {
  const x = r();
  if (x < 0.15 && n >= 1000 && n % 100 === 0) return `${n / 1000}k`;
  if (x < 0.3 && n >= 1000) return `"${n.toLocaleString("en-US")}"`;
  return String(n);
}

/** A roster CSV with common export column names; `badEvery` puts a bad row every N rows. */
export function rosterCsv(creators: GeneratedCreator[], opts: { seed?: number; badEvery?: number } = {}): string {
  const r = rng(opts.seed ?? 7);
  const lines = ["username,platform,followers,following,posts,niche,country,language,email,rate"];
  creators.forEach((c, i) => {
    if (opts.badEvery && i % opts.badEvery === opts.badEvery - 1) {
      lines.push(`${c.handle},instagram,abc,${c.following},${c.posts},${c.category},,,,`);
      return;
    }
    lines.push(
      [
        `@${c.handle}`,
        "instagram",
        writeCount(c.followers, r),
        c.following,
        c.posts,
        c.category,
        c.country ?? "",
        c.language ?? "",
        i % 3 === 0 ? `${c.handle}@example.com` : "",
        c.rate === null ? "" : `$${c.rate}`,
      ].join(","),
    );
  });
  return lines.join("\n") + "\n";
}

/** Per-post metrics for creators: `perCreator` posts each, likes around the creator's ER. */
export function postsCsv(creators: GeneratedCreator[], perCreator: number, seed = 11): string {
  const r = rng(seed);
  const lines = ["account,post_id,date,likes,comments,views,hashtags"];
  const start = Date.UTC(2026, 0, 1) / 1000;
  for (const c of creators) {
    const tags = TAGS[c.category] ?? [];
    for (let j = 0; j < perCreator; j++) {
      const eng = Math.max(0, Math.round(c.followers * c.er * Math.exp(0.35 * normal(r))));
      const comments = Math.round(eng * 0.03);
      lines.push(
        [c.handle, `${c.handle}_p${j}`, start + j * 86_400 * 3, eng - comments, comments, "", tags.slice(0, 1 + (j % tags.length)).join(" ")].join(","),
      );
    }
  }
  return lines.join("\n") + "\n";
}
