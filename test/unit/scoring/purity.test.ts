import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../../../src/core/scoring");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sources(full) : name.endsWith(".ts") ? [full] : [];
  });
}

describe("scoring core purity", () => {
  const files = sources(root);

  it("imports only zod and its own files (no I/O, chat library or Prisma)", () => {
    expect(files.length).toBeGreaterThan(10);
    const bad: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/^\s*(?:import|export)[^"']*from\s+["']([^"']+)["']/gm)) {
        const spec = m[1]!;
        if (spec === "zod" || spec.startsWith("./") || spec.startsWith("../")) {
          if (!spec.startsWith("zod") && !spec.endsWith(".ts")) bad.push(`${path.basename(file)}: ${spec} (no .ts)`);
          continue;
        }
        bad.push(`${path.basename(file)}: ${spec}`);
      }
      if (/\brequire\(|\bimport\(/.test(text)) bad.push(`${path.basename(file)}: dynamic import`);
    }
    expect(bad).toEqual([]);
  });

  it("does not read the clock or randomness (determinism)", () => {
    const bad = files.filter((f) => /Date\.now\(|new Date\(\)|Math\.random\(|performance\.now\(/.test(readFileSync(f, "utf8")));
    expect(bad).toEqual([]);
  });

  it("keeps each file to a few hundred lines", () => {
    for (const f of files) expect(readFileSync(f, "utf8").split("\n").length).toBeLessThan(400);
  });
});
