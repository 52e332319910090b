// Roster import, end to end from a CSV file through the core and the store, into a fresh database.
// Targets (issue 2): a 100,000-row generated CSV ≤ 10 s; the shared real dataset ≤ 10 s.
import fs from "node:fs";
import path from "node:path";
import { importRoster, type ImportSummary } from "../src/core/roster/import.ts";
import { createRosterRepo } from "../src/store/roster.repo.ts";
import type { Bench } from "./lib/bench.ts";
import { scratchDb } from "./lib/db.ts";
import { generateCreators, rosterCsv } from "./lib/generate.ts";

const SHARED = path.resolve("../shared/datasets/instagram-micro");

function importBench(name: string, notes: string, files: () => { creators: string; posts?: string }, skip?: () => string | undefined): Bench {
  let scratch: Awaited<ReturnType<typeof scratchDb>> | undefined;
  let last: ImportSummary | undefined;
  return {
    name,
    unit: "ms",
    runs: 3,
    notes,
    ...(skip ? { skip } : {}),
    async setup() {
      files(); // generated data is written before the timed runs
    },
    async beforeEach() {
      scratch = await scratchDb("bench_import");
    },
    async run() {
      const f = files();
      const creators = { label: path.basename(f.creators), text: fs.readFileSync(f.creators, "utf8") };
      const posts = f.posts ? { label: path.basename(f.posts), text: fs.readFileSync(f.posts, "utf8") } : undefined;
      const repo = createRosterRepo(scratch!.db.pool);
      last = await importRoster({ creators, posts }, { platform: "instagram" }, repo);
      // As the command does: then the niche keys the import could not compute from the rows alone.
      const t = performance.now();
      await repo.refreshNicheKeys();
      return {
        niche_keys_ms: Math.round(performance.now() - t),
        accounts: last.accounts.created + last.accounts.updated,
        posts: last.posts.created + last.posts.updated,
        skipped: last.skipped.length,
        target_ms: 10_000,
      };
    },
    async afterEach() {
      await scratch?.drop();
    },
  };
}

let generated: string | undefined;
const generatedFile = () => {
  if (!generated) {
    generated = path.resolve(".data/bench/roster-100k.csv");
    fs.mkdirSync(path.dirname(generated), { recursive: true });
    // 1 bad row in 1,000 exercises the error path too.
    fs.writeFileSync(generated, rosterCsv(generateCreators(100_000, 42), { badEvery: 1000 }));
  }
  return { creators: generated };
};

export default [
  importBench("import-100k", "100,000-row generated roster CSV into an empty database (target <= 10,000 ms)", generatedFile),
  importBench(
    "import-shared",
    "../shared/datasets/instagram-micro creators.csv + posts.csv into an empty database (target <= 10,000 ms)",
    () => ({ creators: path.join(SHARED, "creators.csv"), posts: path.join(SHARED, "posts.csv") }),
    () => (fs.existsSync(path.join(SHARED, "creators.csv")) ? undefined : "skipped: ../shared/datasets/instagram-micro is absent"),
  ),
] satisfies Bench[];
