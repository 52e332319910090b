// The checkout's root folder (the one holding package.json), from src/ and from its build in dist/src/
// alike: files read at run time (package.json, prisma/migrations) are found from here.
import fs from "node:fs";
import path from "node:path";

/** The nearest folder at or above `from` that holds a package.json. */
export function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json at or above ${from}`);
  }
}

export const PROJECT_ROOT: string = findProjectRoot(import.meta.dirname);
