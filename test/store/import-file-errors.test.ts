// A problem with a whole file (no platform anywhere, a header and no rows) is one usage error,
// said once, and nothing is imported; problems with some rows are still listed row by row.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../support/db.ts";
import { testApp, type TestApp } from "../support/app.ts";
import { runCli } from "../support/run.ts";

const t = useTestDatabase("importfile");
let s: TestApp;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scout-import-errors-"));
const csv = (name: string, text: string) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
};
const accounts = () => t.db.prisma.account.count();
const snapshots = () => t.db.prisma.metricSnapshot.count();
/** How often a phrase appears in the reply's text, sections included. */
const timesSaid = (r: Awaited<ReturnType<TestApp["run"]>>, phrase: RegExp) => {
  const m = r.reply.message;
  const all = [m.title ?? "", m.text ?? "", ...(m.sections ?? []).flatMap((x) => [x.title ?? "", x.text ?? "", ...(x.fields ?? []).map((f) => f.value)])].join("\n");
  return all.match(new RegExp(phrase.source, "g"))?.length ?? 0;
};

beforeAll(async () => {
  s = await testApp(t);
});

describe("roster import: problems with the whole file", () => {
  it("refuses a file without a platform column when no platform: is given, once, as a usage error, importing nothing", async () => {
    const f = csv("no-platform.csv", "handle,followers\nana,1000\nben,2000\ncara,3000\n");
    const r = await s.run(`roster import ${f}`);
    expect(r.outcome).toBe("usage");
    expect(timesSaid(r, /platform:instagram/)).toBeGreaterThanOrEqual(1);
    expect(r.reply.message.text).toMatch(/no-platform\.csv has no platform column/);
    expect(r.reply.message.text).not.toMatch(/line \d/);
    expect(timesSaid(r, /has no platform column/)).toBe(1);
    expect(await accounts()).toBe(0);
    // With the option, the same file imports.
    const ok = await s.run(`roster import ${f} platform:instagram`);
    expect(ok.outcome).toBe("ok");
    expect(await accounts()).toBe(3);
  });

  it("refuses a creators file with a header and no rows as a usage error", async () => {
    const before = await accounts();
    const r = await s.run(`roster import ${csv("header-only.csv", "handle,platform,followers\n")} --json`);
    expect(r.outcome).toBe("usage");
    expect((r.reply.data as { error: { message: string } }).error.message).toMatch(/header-only\.csv has a header row but no rows/);
    expect(await accounts()).toBe(before);
  });

  it("refuses a posts file with a header and no rows, and writes none of the creators either", async () => {
    const before = await accounts();
    const r = await s.run(`roster import ${csv("c.csv", "handle,followers\nnew_one,1000\n")} posts:${csv("p.csv", "account,post_id,likes\n")} platform:instagram`);
    expect(r.outcome).toBe("usage");
    expect(r.reply.message.text).toMatch(/p\.csv has a header row but no rows/);
    expect(await accounts()).toBe(before);
  });

  it("refuses a posts file without a platform column when the platform cannot be told, once", async () => {
    const before = await accounts();
    const creators = csv("two-platforms.csv", "handle,platform,followers\nmix_a,instagram,1000\nmix_b,tiktok,2000\n");
    const posts = csv("posts-no-platform.csv", "account,post_id,likes\nmix_a,p1,10\nmix_a,p2,11\nmix_b,p3,12\n");
    const r = await s.run(`roster import ${creators} posts:${posts}`);
    expect(r.outcome).toBe("usage");
    expect(timesSaid(r, /posts-no-platform\.csv has no platform column/)).toBe(1);
    expect(await accounts()).toBe(before);
  });

  it("still lists rows with an empty platform cell one by one and imports the others", async () => {
    const r = await s.run(`roster import ${csv("some-empty.csv", "handle,platform,followers\nrow_a,instagram,1000\nrow_b,,2000\n")}`);
    expect(r.outcome).toBe("ok");
    expect(r.reply.message.sections?.find((x) => x.title === "Skipped rows")?.text).toMatch(/some-empty\.csv line 3 \(row_b\): the platform is empty/);
  });
});

describe("the CLI on a problem with the whole file", () => {
  it("exits 2 and says it once", async () => {
    const f = csv("cli-no-platform.csv", "handle,followers\nana,1000\nben,2000\n");
    const r = await runCli(["roster", "import", f], { DATABASE_URL: t.url });
    expect(r.code).toBe(2);
    expect(r.stderr.match(/has no platform column/g)).toHaveLength(1);
    expect(r.stderr).toMatch(/Example: \/scout roster import creators\.csv platform:instagram/);
    const h = await runCli(["metrics", "import", csv("cli-header-only.csv", "url,reach\n"), "--json"], { DATABASE_URL: t.url });
    expect(h.code).toBe(2);
    expect(JSON.parse(h.stdout).error).toMatchObject({ code: "USAGE", message: expect.stringMatching(/has a header row but no rows/) });
  });
});

describe("metrics import: problems with the whole file", () => {
  it("refuses a metrics file with a header and no rows as a usage error, storing nothing", async () => {
    const before = await snapshots();
    const r = await s.run(`metrics import ${csv("insights.csv", "url,reach,likes\n")}`);
    expect(r.outcome).toBe("usage");
    expect(r.reply.message.text).toMatch(/insights\.csv has a header row but no rows/);
    expect(await snapshots()).toBe(before);
  });
});
