// The words of import, scoring and metrics answers: counts agree with their nouns, clauses are
// not joined with doubled punctuation, names keep their case, open ranges read as open, one
// rounding per percentile, and no pointer to a file the project does not have.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Message } from "../../src/core/message.ts";
import { importRoster } from "../../src/core/roster/import.ts";
import { createRosterRepo } from "../../src/store/roster.repo.ts";
import { useTestDatabase } from "../support/db.ts";
import { testApp, type TestApp } from "../support/app.ts";

const t = useTestDatabase("words");
let s: TestApp;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scout-words-"));
const csv = (name: string, text: string | Buffer) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
};
/** Everything a person reads in a message. */
const all = (m: Message) =>
  [m.title ?? "", m.text ?? "", ...(m.sections ?? []).flatMap((x) => [x.title ?? "", x.text ?? "", ...(x.fields ?? []).map((f) => `${f.label}: ${f.value}`), ...(x.table?.rows ?? []).map((row) => row.join(" | "))])].join("\n");
const field = (m: Message, label: string) => m.sections?.flatMap((x) => x.fields ?? []).find((f) => f.label === label)?.value;

beforeAll(async () => {
  s = await testApp(t);
  // One account with an extreme ER (its percentile rounds to 100.0 with one decimal), no rate.
  const posts = ["account,post_id,date,likes,comments", ...[1, 2, 3, 4, 5].map((i) => `viral.vera,p${i},2024-01-0${i},5000,100`)].join("\n");
  await importRoster(
    { creators: { label: "r.csv", text: "handle,platform,followers,category\nviral.vera,instagram,10000,food\n" }, posts: { label: "p.csv", text: posts } },
    {},
    createRosterRepo(t.db.pool),
  );
});

describe("counts and their nouns", () => {
  it("says 1 row, 1 identical line and 1 creator row, and keeps the plural for more", async () => {
    const one = await s.run(`roster import ${csv("one.csv", "handle,followers\nsolo,10\nsolo,10\nbad,abc\n")} platform:instagram`);
    expect(field(one.reply.message, "Skipped")).toBe("1 row (see below)");
    expect(field(one.reply.message, "Repeated lines")).toBe("1 identical line, imported once");
    expect(one.reply.message.text).toMatch(/^Read 3 creator rows\./);
    const single = await s.run(`roster import ${csv("single.csv", "handle,followers\nsolo,11\n")} platform:instagram`);
    expect(single.reply.message.text).toMatch(/^Read 1 creator row\./);
    const two = await s.run(`roster import ${csv("two.csv", "handle,followers\nx1,10\nx1,10\nx1,10\nbad,abc\nworse,-1\n")} platform:instagram`);
    expect(field(two.reply.message, "Skipped")).toBe("2 rows (see below)");
    expect(field(two.reply.message, "Repeated lines")).toBe("2 identical lines, imported once");
    const metrics = await s.run(`metrics import ${csv("m.csv", "url,reach\nnot-a-link,5\n")}`);
    expect(metrics.reply.message.text).toMatch(/^Read 1 row from m\.csv\./);
    expect(field(metrics.reply.message, "Skipped")).toBe("1 row (see below)");
  });
});

describe("sentences", () => {
  it("keeps a file name's case at the start of a message", async () => {
    const r = await s.run(`roster import ${csv("binary.csv", Buffer.from([0x68, 0x00, 0x01, 0x02]))} platform:instagram`);
    expect(r.outcome).toBe("user");
    expect(r.reply.message.text).toMatch(/^binary\.csv is not a CSV text file/);
    // An ordinary sentence is still capitalised.
    const missing = await s.run("roster import nowhere.csv platform:instagram");
    expect(missing.reply.message.text).toMatch(/^There is no file at nowhere\.csv\./);
  });

  it("joins the confidence notes without doubled punctuation", async () => {
    const r = await s.run("creator viral.vera country:DE");
    expect(r.outcome).toBe("ok");
    const text = all(r.reply.message);
    expect(text).toMatch(/Rate unknown/);
    expect(text).not.toMatch(/[.;:,][.;]/);
  });

  it("shows an open-ended follower range as 10,000+", async () => {
    const r = await s.run("creator viral.vera followers:10k+");
    const text = all(r.reply.message);
    expect(text).toMatch(/10,000\+/);
    expect(text).not.toMatch(/2,000,000,000/);
  });

  it("rounds an account's ER percentile one way everywhere in a message", async () => {
    const r = await s.run("creator viral.vera");
    const text = all(r.reply.message);
    const ranks = [...text.matchAll(/\(?(?:is the )?(\d+(?:\.\d+)?)(?:st|nd|rd|th) percentile(?! for its band)/g)].map((m) => m[1]);
    expect(ranks.length).toBeGreaterThanOrEqual(2);
    expect(new Set(ranks).size).toBe(1);
  });

  it("explains the engagement rate without pointing to a file the project does not have", async () => {
    const r = await s.run("metrics explain metric:er");
    const text = all(r.reply.message);
    expect(text).toMatch(/engagement rate/i);
    expect(text).not.toMatch(/\.md\b/);
  });
});
