// The demo roster: the benchmarks' seeded generator (bench/lib/generate.ts) with readable handles
// and the creators the README's examples name (@ana.cooks), written as the CSV files the README
// imports. Same seed, same files: nothing here comes from the research dataset.
import fs from "node:fs";
import path from "node:path";
import { generateCreators, postsCsv, rng, rosterCsv, type GeneratedCreator } from "../../bench/lib/generate.ts";

export const DEMO_SEED = 2026;
export const DEMO_CREATORS = 3000;
export const DEMO_POSTS_PER_CREATOR = 10;

const FIRST = [
  "ana", "ben", "chloe", "dan", "ella", "finn", "gia", "hugo", "ines", "jack", "kira", "leo", "maya", "noah", "olga", "pablo",
  "quinn", "rosa", "sam", "tara", "uma", "vic", "wren", "yara", "zoe", "amir", "bea", "cleo", "dev", "emil", "flo", "greta",
  "hana", "ivan", "jade", "kai", "lina", "marc", "nora", "omar", "pia", "raf", "sofi", "theo", "vera", "will", "xena", "yuki",
];
const WORDS: Record<string, string[]> = {
  beauty: ["glow", "beauty", "makeup", "skin", "nails"],
  family: ["family", "mama", "papa", "athome", "littles"],
  fashion: ["style", "wears", "closet", "looks", "threads"],
  fitness: ["fit", "lifts", "runs", "moves", "yoga"],
  food: ["cooks", "eats", "bakes", "kitchen", "veggies", "plates"],
  interior: ["home", "nest", "interiors", "rooms", "decor"],
  pet: ["pets", "paws", "woof", "meow", "and.dog"],
  travel: ["travels", "roams", "abroad", "trips", "maps"],
  other: ["shoots", "draws", "music", "makes", "frames"],
};

/** Readable, unique handles (ana.cooks, leo_travels, maya.fit3), from their own seeded stream. */
function nameCreators(creators: GeneratedCreator[], seed: number): void {
  const r = rng(seed + 1);
  const taken = new Set<string>();
  for (const c of creators) {
    const words = WORDS[c.category] ?? WORDS.other!;
    const base = `${FIRST[Math.floor(r() * FIRST.length)]}${r() < 0.6 ? "." : "_"}${words[Math.floor(r() * words.length)]}`;
    let handle = base;
    for (let n = 2; taken.has(handle); n++) handle = `${base}${n}`;
    taken.add(handle);
    c.handle = handle;
  }
}

/** The creators the README's examples use by name. */
const FEATURED: Partial<GeneratedCreator>[] = [
  { handle: "ana.cooks", category: "food", followers: 12_000, following: 640, country: "US", language: "en", rate: 250, er: 0.046 },
];

export interface DemoRoster {
  creators: GeneratedCreator[];
}

export function demoRoster(n = DEMO_CREATORS, seed = DEMO_SEED): DemoRoster {
  const creators = generateCreators(n, seed);
  nameCreators(creators, seed);
  const featured = new Set(FEATURED.map((f) => f.handle));
  // A featured handle drawn for someone else gets a number, so handles stay unique.
  for (const c of creators.slice(FEATURED.length)) if (featured.has(c.handle)) c.handle = `${c.handle}${c.followers % 97}`;
  FEATURED.forEach((f, i) => Object.assign(creators[i]!, f));
  return { creators };
}

export interface DemoFiles {
  dir: string;
  creators: string;
  posts: string;
  insights: string;
}

export function demoFiles(dir: string): DemoFiles {
  return { dir, creators: path.join(dir, "creators.csv"), posts: path.join(dir, "posts.csv"), insights: path.join(dir, "insights.csv") };
}

/** Writes a file whole or not at all (a rename), so a reader never sees half of it. */
export function writeAtomic(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

/** Writes demo/creators.csv and demo/posts.csv (the same bytes every time). */
export function writeRosterFiles(roster: DemoRoster, files: DemoFiles): void {
  writeAtomic(files.creators, rosterCsv(roster.creators, { seed: DEMO_SEED }));
  writeAtomic(files.posts, postsCsv(roster.creators, DEMO_POSTS_PER_CREATOR, DEMO_SEED));
}
