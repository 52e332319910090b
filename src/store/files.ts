// Files people name in commands (roster CSVs) and exports Scout writes.
import fs from "node:fs/promises";
import path from "node:path";
import { UserError } from "../core/errors.ts";
import type { FileStore } from "../core/services.ts";

const MAX_BYTES = 200 * 1024 * 1024;

export function createFileStore(opts: { baseDir?: string; exportDir: string }): FileStore {
  const base = opts.baseDir ?? process.cwd();
  return {
    async readText(p) {
      const full = path.resolve(base, p);
      let stat;
      try {
        stat = await fs.stat(full);
      } catch {
        throw new UserError("FILE_NOT_FOUND", `There is no file at ${p}.`, `Check the path (it is read from ${base}).`);
      }
      if (!stat.isFile()) throw new UserError("FILE_NOT_FOUND", `${p} is a folder, not a file.`, "Name the CSV file itself.");
      if (stat.size > MAX_BYTES)
        throw new UserError("FILE_TOO_BIG", `${p} is ${Math.round(stat.size / 1048576)} MB; the limit is ${MAX_BYTES / 1048576} MB.`, "Split it into smaller files and import each.");
      return { label: path.basename(p), text: await fs.readFile(full, "utf8") };
    },
    async writeExport(name, content) {
      const dir = path.resolve(base, opts.exportDir);
      await fs.mkdir(dir, { recursive: true });
      const safe = name.replace(/[^\w.-]+/g, "-");
      const full = path.join(dir, safe);
      await fs.writeFile(full, content, typeof content === "string" ? "utf8" : undefined);
      return full;
    },
  };
}
