// Hostile import files, generated on the fly in a temporary folder (never in git): streamed random
// bytes of any size, and rosters of any number of rows, written without holding them in memory.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { once } from "node:events";

/** `mb` megabytes of random bytes, written in 1 MB chunks. */
export async function garbageFile(file: string, mb: number): Promise<void> {
  const out = fs.createWriteStream(file);
  const chunk = randomBytes(1024 * 1024);
  for (let i = 0; i < mb; i++) {
    chunk[i % chunk.length] = i & 0xff;
    if (!out.write(chunk)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

/** A valid roster of `rows` rows (handle, platform, followers), about 30 bytes a row. */
export async function rosterFile(file: string, rows: number, prefix = "h"): Promise<void> {
  const out = fs.createWriteStream(file);
  out.write("handle,platform,followers\n");
  const BLOCK = 10_000;
  for (let i = 0; i < rows; i += BLOCK) {
    let s = "";
    for (let j = i; j < Math.min(rows, i + BLOCK); j++) s += `${prefix}${j},instagram,${1000 + (j % 90_000)}\n`;
    if (!out.write(s)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}
