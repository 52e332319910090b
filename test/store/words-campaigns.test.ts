// What people read about campaigns, in words they can use (issue 12, item 10): criteria as text,
// not JSON; the creator's handle, not an id; a slug filled in where it is known; "Nothing changed"
// for an edit that changes nothing; the rate given at opt-in used when scoring; an approval time
// that stays put when spend is recorded.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp, type App } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/logger.ts";
import { createConsoleNotifier } from "../../src/adapters/console/console.notifier.ts";
import { importRoster } from "../../src/core/roster/import.ts";
import { createRosterRepo } from "../../src/store/roster.repo.ts";
import { useTestDatabase } from "../support/db.ts";

const t = useTestDatabase("words_campaigns");
let app: App;
const DAY = 86_400_000;
/** The app's clock: starts ten days ago, moved by the tests. */
let clock = new Date(Date.now() - 10 * DAY);
const day = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);
const printed: string[] = [];
/** As the console runs commands: the local person is marketer and creator (as:@handle). */
const run = (line: string) => app.dispatch({ line, surface: "console", actor: { id: "m1", name: "Mia", roles: ["marketer", "creator"] } });
const json = async (line: string) => (await run(line)).reply.data as any;
const by = { id: "d1", name: "Creator", surface: "discord" };
const field = (m: { sections?: { fields?: { label: string; value: string }[] }[] }, label: string) =>
  m.sections?.flatMap((s) => s.fields ?? []).find((f) => f.label === label)?.value;
const tmpFile = (name: string, text: string) => {
  const p = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "scout-words-campaigns-")), name);
  fs.writeFileSync(p, text);
  return p;
};

beforeAll(async () => {
  const exportDir = fs.mkdtempSync(path.join(os.tmpdir(), "scout-words-campaigns-"));
  const log = createLogger({ level: "silent" });
  app = await createApp(loadConfig({ DATABASE_URL: t.url, EXPORT_DIR: exportDir }), log, { db: t.db, now: () => clock });
  app.notifiers.add(
    createConsoleNotifier(
      new Writable({
        write(chunk, _enc, cb) {
          printed.push(String(chunk));
          cb();
        },
      }),
    ),
  );
  await importRoster(
    { creators: { label: "r.csv", text: "handle,platform,followers,category\nana.cooks,instagram,15000,food\nben.bakes,instagram,9000,food\n" } },
    {},
    createRosterRepo(t.db.pool),
  );
  await run(
    `campaign new name:"Spring" objective:sales deliverables:"1 Reel" compensation:"flat fee" landing-url:https://shop.example.com channel:C0123ABCD ` +
      `go-live:${day(60)} currency:EUR budget:250 criteria:'{"niche":["pet","dog food"],"followers":{"min":2000,"max":80000},"countries":["DE","AT"],"minEr":0.02}'`,
  );
  await run("campaign open spring");
});

describe("campaign show", () => {
  it("shows the target criteria as readable text, never as JSON", async () => {
    const m = (await run("campaign show spring")).reply.message;
    expect(field(m, "Target criteria")).toBe("niche: pet, dog food; 2,000–80,000 followers; countries: DE, AT; engagement rate at least 2%");
    for (const f of m.sections!.flatMap((s) => s.fields ?? [])) expect(f.value, f.label).not.toMatch(/[{}[\]"]/);
  });
});

describe("messages to creators on the console", () => {
  it("name the creator by handle, not by id", async () => {
    const o = await app.services.campaigns.optIn("spring", { handle: "ana.cooks" }, { rateAsk: 300, currency: "EUR" }, by);
    printed.length = 0;
    await run(`optins approve id:${o.value.id}`);
    const out = printed.join("");
    expect(out).toContain("── To @ana.cooks (instagram), privately ──");
    expect(out).not.toMatch(/To creator [0-9a-f]{8}-/);
  });
});

describe("hints", () => {
  it("fill in the slug when it is known: metrics import for one campaign, a list of one campaign", async () => {
    const r = await run(`metrics import ${tmpFile("insights.csv", "url,reach\nhttps://instagram.com/p/none,10\n")} campaign:spring`);
    expect(r.reply.message.text).toMatch(/See the result with \/scout metrics campaign:spring\.$/);
    expect(r.reply.message.text).not.toContain("<slug>");
    const list = await run("campaign list");
    expect(list.reply.message.text).toBe("1 current campaign. /scout campaign show spring shows it in full.");
  });
});

describe("campaign edit that changes nothing", () => {
  it('says "Nothing changed" and what the fields already are, and records nothing', async () => {
    const before = await t.db.prisma.auditEvent.count({ where: { action: "campaign.edit" } });
    const r = await run("campaign edit spring budget:250 objective:sales");
    expect(r.outcome).toBe("ok");
    expect(r.reply.message.text).toMatch(/^Nothing changed: the objective is already sales; the budget is already 250 EUR\./);
    expect(r.reply.message.text).not.toMatch(/Changed/);
    expect((r.reply.data as any).changed).toEqual([]);
    expect(await t.db.prisma.auditEvent.count({ where: { action: "campaign.edit" } })).toBe(before);
  });

  it("names only the fields that changed when some already had the value", async () => {
    const r = await run("campaign edit spring budget:300 objective:sales");
    expect(r.reply.message.text).toMatch(/^Changed budget \(the objective is already sales\)\./);
    expect((r.reply.data as any).changed).toEqual(["budget"]);
  });
});

describe("the rate given at opt-in", () => {
  it("becomes the account's rate when none is known, so creator scores cost with it", async () => {
    const before = await json("creator @ben.bakes --json");
    expect(before.components.find((c: any) => c.name === "cost").reason).toMatch(/^Rate unknown/);
    expect((await run("optin spring handle:@ben.bakes platform:instagram followers:9000 rate:180 disclose:yes as:@ben.bakes")).outcome).toBe("ok");
    const account = await t.db.prisma.account.findFirstOrThrow({ where: { handle: "ben.bakes" } });
    expect([account.rate?.toNumber(), account.currency]).toEqual([180, "EUR"]);
    const after = await json("creator @ben.bakes --json");
    expect(after.components.find((c: any) => c.name === "cost").reason).toMatch(/180(\.00)? EUR/);
  });

  it("does not replace a rate the roster already has", async () => {
    await t.db.prisma.account.updateMany({ where: { handle: "ana.cooks" }, data: { rate: 500, currency: "USD" } });
    await run(`campaign new name:Autumn objective:sales deliverables:"1 Reel" compensation:fee landing-url:https://shop.example.com channel:C0123ABCD go-live:${day(60)}`);
    await run("campaign open autumn");
    expect((await run("optin autumn handle:@ana.cooks platform:instagram followers:15000 rate:90 disclose:yes as:@ana.cooks")).outcome).toBe("ok");
    const account = await t.db.prisma.account.findFirstOrThrow({ where: { handle: "ana.cooks" } });
    expect([account.rate?.toNumber(), account.currency]).toEqual([500, "USD"]);
  });
});

describe("a metrics row whose link is in several campaigns", () => {
  it("names those campaigns in the hint instead of campaign:<slug>", async () => {
    const url = "https://instagram.com/p/shared1";
    for (const slug of ["spring", "autumn"]) {
      const p = await t.db.prisma.participation.findFirstOrThrow({ where: { campaign: { slug }, account: { handle: "ana.cooks" } } });
      await t.db.prisma.deliverable.create({ data: { participationId: p.id, url, platform: "instagram", status: "submitted" } });
    }
    const d = await json(`metrics import ${tmpFile("shared.csv", `url,reach\n${url},10\n`)} --json`);
    expect(d.skipped[0].reason).toBe(
      `the link ${url} is a deliverable in 2 campaigns (autumn, spring): add campaign:autumn or campaign:spring to the command, or use the deliverable id`,
    );
  });
});

describe("the approval time", () => {
  it("stays when spend or a promo code is recorded later", async () => {
    const approvedAt = clock;
    const listed = async () => {
      const d = await json("optins spring --json");
      const ana = d.participations.find((p: any) => p.handle === "ana.cooks");
      const row = (await run("optins spring")).reply.message.sections!.find((s) => s.title === "Others")!.table!.rows.find((r) => r[0]!.includes("ana.cooks"))!;
      return { statusAt: ana.statusAt, decidedAt: ana.decidedAt, since: row[2] };
    };
    const first = await listed();
    expect(first.decidedAt).toBe(approvedAt.toISOString());
    expect(first.statusAt).toBe(approvedAt.toISOString());
    clock = new Date(approvedAt.getTime() + 3 * DAY);
    await run("spend campaign:spring creator:@ana.cooks fee:250");
    await run("promo set campaign:spring creator:@ana.cooks code:ANA10");
    expect(await listed()).toEqual(first);
  });
});
