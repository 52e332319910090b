// Starts one of Scout's entry points (main: `npm start`; cli: `npm run scout`, the `scout` bin).
// It runs the JavaScript that `npm run build` (run by `npm install`) compiled to dist/, unless a
// TypeScript source is newer than its build (edited since, or added) or dist/ is missing: then it
// runs the sources through tsx, as fast to change and about a second slower to start, and says so.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const ROOT = path.resolve(import.meta.dirname, "../..");
/** What the build compiles (.config/tsconfig.build.json): src and commands, without the demo. */
const SOURCES = ["src", "commands"];
const SKIP = new Set(["src/demo"]);

/**
 * The first TypeScript source under root whose compiled file in root/dist is missing or older than
 * it (a relative path), or null when the build is current. Stats every source once: a few ms.
 */
export function staleSource(root = ROOT) {
  const dist = path.join(root, "dist");
  if (!fs.existsSync(dist)) return "dist/";
  const walk = (rel) => {
    for (const d of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const file = `${rel}/${d.name}`;
      if (d.isDirectory()) {
        if (SKIP.has(file)) continue;
        const stale = walk(file);
        if (stale) return stale;
      } else if (d.name.endsWith(".ts") && !d.name.endsWith(".d.ts")) {
        const built = fs.statSync(path.join(dist, file.slice(0, -3) + ".js"), { throwIfNoEntry: false });
        if (!built || built.mtimeMs < fs.statSync(path.join(root, file)).mtimeMs) return file;
      }
    }
    return null;
  };
  for (const dir of SOURCES) {
    if (!fs.existsSync(path.join(root, dir))) continue;
    const stale = walk(dir);
    if (stale) return stale;
  }
  return null;
}

/** Runs src/<entry>.ts: compiled from dist/ when current, else through tsx (with a note on standard error). */
export async function launch(entry) {
  const stale = staleSource();
  if (!stale) return import(pathToFileURL(path.join(ROOT, "dist", "src", `${entry}.js`)).href);
  process.stderr.write(
    `Scout: running the TypeScript sources through tsx (${stale === "dist/" ? "dist/ is missing" : `${stale} is newer than its build in dist/`}); \`npm run build\` compiles them for a faster start.\n`,
  );
  const { register } = await import("tsx/esm/api");
  register();
  return import(pathToFileURL(path.join(ROOT, "src", `${entry}.ts`)).href);
}
