// Files people import (opened as streams, never read whole) and exports Scout writes.
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { UserError } from "../core/errors.ts";
import type { FileStore } from "../core/services.ts";

const MB = 1024 * 1024;

export const fileTooLarge = (label: string, maxBytes: number, bytes?: number) =>
  new UserError(
    "FILE_TOO_LARGE",
    `The file is too large: at most ${Math.round(maxBytes / MB)} MB (${label}${bytes === undefined ? " is larger" : ` is ${Math.ceil(bytes / MB)} MB`}). Nothing was imported.`,
    "Split it into smaller files and import each (re-importing updates rows already there).",
  );

export function createFileStore(opts: { baseDir?: string; exportDir: string; maxBytes: number; maxRows: number }): FileStore {
  const base = opts.baseDir ?? process.cwd();
  const maxBytes = opts.maxBytes;
  return {
    limits: { maxBytes, maxRows: opts.maxRows },
    async open(p, label = path.basename(p)) {
      const full = path.resolve(base, p);
      let stat;
      try {
        stat = await fsp.stat(full);
      } catch {
        throw new UserError("FILE_NOT_FOUND", `There is no file at ${p}.`, `Check the path (it is read from ${base}).`);
      }
      if (!stat.isFile()) throw new UserError("FILE_NOT_FOUND", `${p} is a folder, not a file.`, "Name the CSV file itself.");
      // Refused by its size, unread.
      if (stat.size > maxBytes) throw fileTooLarge(label, maxBytes, stat.size);
      return {
        label,
        bytes: stat.size,
        async *chunks() {
          let read = 0;
          // A file that grows while it is read is cut off at the limit too.
          for await (const c of fs.createReadStream(full, { highWaterMark: 64 * 1024 })) {
            read += (c as Buffer).length;
            if (read > maxBytes) throw fileTooLarge(label, maxBytes);
            yield c as Buffer;
          }
        },
      };
    },
    async writeExport(name, content) {
      const dir = path.resolve(base, opts.exportDir);
      await fsp.mkdir(dir, { recursive: true });
      const safe = name.replace(/[^\w.-]+/g, "-");
      const full = path.join(dir, safe);
      await fsp.writeFile(full, content, typeof content === "string" ? "utf8" : undefined);
      return full;
    },
  };
}
