// Fills a benchmark database through Scout's own CLI, in a child process, so that the memory the
// import takes is not counted in the benchmark that follows.
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { generateCreators, postsCsv, rosterCsv } from "./generate.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Writes (once) a generated roster of n creators, with posts for the first `withPosts`. */
export function rosterFiles(n: number, withPosts: number, seed = 42): { creators: string; posts: string } {
  const dir = path.join(ROOT, ".data/bench");
  fs.mkdirSync(dir, { recursive: true });
  const creators = path.join(dir, `roster-${n}-${seed}.csv`);
  const posts = path.join(dir, `posts-${n}-${withPosts}-${seed}.csv`);
  if (!fs.existsSync(creators) || !fs.existsSync(posts)) {
    const gen = generateCreators(n, seed);
    fs.writeFileSync(creators, rosterCsv(gen));
    fs.writeFileSync(posts, postsCsv(gen.slice(0, withPosts), 10));
  }
  return { creators, posts };
}

export function seedDatabase(url: string, files: { creators: string; posts: string }): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["--import", "tsx", path.join(ROOT, "src/cli.ts"), "roster", "import", files.creators, `posts:${files.posts}`, "platform:instagram", "--json"],
      { cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: url }, maxBuffer: 64 * 1024 * 1024 },
      (err, _stdout, stderr) => (err ? reject(new Error(`seeding failed: ${stderr || err.message}`)) : resolve()),
    );
  });
}
