// `npm start` and the CLI run dist/ only while it is the build of the current sources: a source
// edited or added since the build sends them to the TypeScript sources instead (src/bin/launch.mjs).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain ES module without types (it runs before anything is compiled)
import { staleSource } from "../../src/bin/launch.mjs";

const stale = staleSource as (root: string) => string | null;

/** A checkout with src/, commands/ and their build in dist/, every build newer than its source. */
function checkout(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "scout-launch-"));
  const files = ["src/main.ts", "src/store/db.ts", "commands/help.ts", "src/demo/seed.ts"];
  const old = new Date(Date.now() - 60_000);
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    fs.writeFileSync(path.join(root, f), "export {};\n");
    fs.utimesSync(path.join(root, f), old, old);
    if (f.startsWith("src/demo/")) continue; // the demo is not compiled (npm run seed runs it with tsx)
    const built = path.join(root, "dist", f.replace(/\.ts$/, ".js"));
    fs.mkdirSync(path.dirname(built), { recursive: true });
    fs.writeFileSync(built, "export {};\n");
  }
  return root;
}

const touch = (file: string) => {
  const later = new Date(Date.now() + 5_000);
  fs.utimesSync(file, later, later);
};

describe("which code npm start runs", () => {
  it("the build, when every source has a build at least as new", () => {
    expect(stale(checkout())).toBeNull();
  });

  it("the sources when dist/ is missing", () => {
    const root = checkout();
    fs.rmSync(path.join(root, "dist"), { recursive: true });
    expect(stale(root)).toBe("dist/");
  });

  it("the sources when one was edited after the build, naming it", () => {
    const root = checkout();
    touch(path.join(root, "src/store/db.ts"));
    expect(stale(root)).toBe("src/store/db.ts");
  });

  it("the sources when a command was added and never built", () => {
    const root = checkout();
    fs.writeFileSync(path.join(root, "commands/new-one.ts"), "export {};\n");
    expect(stale(root)).toBe("commands/new-one.ts");
  });

  it("the build when only the demo (not compiled) or a non-TypeScript file changed", () => {
    const root = checkout();
    touch(path.join(root, "src/demo/seed.ts"));
    fs.writeFileSync(path.join(root, "src/notes.md"), "not code\n");
    expect(stale(root)).toBeNull();
  });
});
