// Issue 13, item 2, through the dispatcher every surface uses: no chat surface (Slack, Discord)
// accepts a path for an import, even for a marketer, and no file is opened for it; the console and
// the CLI open the path; an upload is opened by the name the person sees. And what an import that
// fails says of a file: at most the first 64 characters of a CSV header, nothing of a binary file.
import { describe, expect, it } from "vitest";
import { dispatch } from "../../src/adapters/dispatch.ts";
import { commands } from "../../commands/index.ts";
import { UserError } from "../../src/core/errors.ts";
import type { Services } from "../../src/core/services.ts";
import type { Surface } from "../../src/core/invocation.ts";
import { importRoster } from "../../src/core/roster/import.ts";
import { importMetrics } from "../../src/core/metrics/import.ts";
import { createLogger } from "../../src/logger.ts";

const opened: string[] = [];
const unreachable = new Proxy({}, { get: () => () => Promise.reject(new Error("not reached")) });
const services = {
  roster: unreachable,
  shortlist: unreachable,
  campaigns: unreachable,
  metrics: unreachable,
  digests: unreachable,
  creators: unreachable,
  links: unreachable,
  notifier: unreachable,
  files: {
    limits: { maxBytes: 1024, maxRows: 10 },
    open: async (p: string, label?: string) => {
      opened.push(p);
      if (p.includes("missing")) throw new UserError("FILE_NOT_FOUND", `There is no file at ${p}.`);
      return { label: label ?? p, bytes: 9, chunks: async function* () { yield Buffer.from("handle\nx\n"); } };
    },
    writeExport: async () => "",
  },
  now: () => new Date(0),
} as unknown as Services;
const log = createLogger({ level: "silent" });
const run = (line: string, surface: Surface, uploads?: { name: string; path: string }[]) =>
  dispatch({ registry: commands, services, log }, { line, surface, actor: { id: "u1", name: "Mia", roles: ["marketer", "creator"] }, ...(uploads ? { uploads } : {}) });

const PATH_LINES = ["roster import /etc/shadow", "roster import creators.csv posts:/etc/passwd", "metrics import /etc/passwd", "roster import ../../.env platform:instagram"];

describe("import paths by surface", () => {
  it("refuses a path from Slack and Discord privately, before any file is opened", async () => {
    for (const surface of ["slack", "discord"] as const)
      for (const line of PATH_LINES) {
        opened.length = 0;
        const r = await run(line, surface);
        expect(r.code, `${surface}: ${line}`).toBe("IMPORT_UPLOAD_ONLY");
        expect(r.reply.message.ephemeral).toBe(true);
        expect(opened, `${surface}: ${line}`).toEqual([]);
      }
    const slack = await run("roster import /etc/shadow", "slack");
    expect(slack.reply.message.text).toMatch(/Send the CSV to Scout in a direct message, with the comment `import platform:instagram`/);
    const metrics = await run("metrics import /etc/passwd", "slack");
    expect(metrics.reply.message.text).toMatch(/`metrics import campaign:<slug>`/);
    expect((await run("roster import /etc/shadow", "discord")).reply.message.text).toMatch(/Imports run from Slack, with a file you upload/);
  });

  it("opens a path on the console and the CLI", async () => {
    for (const surface of ["console", "cli"] as const) {
      opened.length = 0;
      await run("roster import /srv/creators.csv posts:posts.csv platform:instagram", surface);
      expect(opened).toEqual(["/srv/creators.csv", "posts.csv"]);
      expect((await run("metrics import /srv/missing.csv", surface)).code).toBe("FILE_NOT_FOUND");
    }
  });

  it("opens a file uploaded in Slack by its name, at the place the adapter saved it, and nothing else", async () => {
    opened.length = 0;
    const uploads = [{ name: "creators.csv", path: "/tmp/scout-import-1-x/creators.csv" }];
    await run("roster import creators.csv platform:instagram", "slack", uploads);
    expect(opened).toEqual(["/tmp/scout-import-1-x/creators.csv"]);
    opened.length = 0;
    expect((await run("roster import creators.csv posts:/etc/passwd", "slack", uploads)).code).toBe("IMPORT_UPLOAD_ONLY");
    expect(opened).toEqual([]);
  });
});

describe("what a failed import says of the file", () => {
  const writer = unreachable as Parameters<typeof importRoster>[2];
  const refusal = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error("should have been refused");
  };

  it("quotes at most the first 64 characters of a CSV header line", async () => {
    const header = `root:*:19000:0:99999:7:::${"x".repeat(200)},second,third`;
    const roster = await refusal(importRoster({ creators: { label: "shadow", text: `${header}\nrow\n` } }, { platform: "instagram" }, writer));
    const metrics = await refusal(importMetrics({ label: "shadow", text: `${header}\nrow\n` }, { campaignId: null, now: new Date(0), by: { id: "u", name: null, surface: "cli" } }, { writeImport: unreachable as never }));
    for (const m of [roster, metrics]) {
      const quoted = /Its header is: (.*)\.$/.exec(m)?.[1] ?? "";
      expect(quoted.length).toBeLessThanOrEqual(64);
      expect(header.startsWith(quoted.replace(/…$/, ""))).toBe(true);
      expect(m).not.toContain("second");
    }
  });

  it("quotes nothing of a binary or non-text file", async () => {
    const png = String.fromCharCode(0x89) + "PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDRsecret";
    const notUtf8 = { label: "blob.bin", chunks: async function* () { yield Buffer.from([0x68, 0x61, 0xc3, 0x28, 0x73, 0x65, 0x63, 0x72, 0x65, 0x74, 0x0a, 0x31, 0x0a]); } };
    const ctrl = { label: "ctrl.bin", text: "hand\u0007le,secret\nrow,1\n" };
    for (const file of [{ label: "img.png", text: png }, notUtf8, ctrl]) {
      const m = await refusal(importRoster({ creators: file }, { platform: "instagram" }, writer));
      expect(m).toMatch(/is not a CSV text file/);
      expect(m).not.toMatch(/secret|PNG|IHDR|Its header/);
    }
  });
});
