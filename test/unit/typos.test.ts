// Typos get a short answer that names the likely command or the expected form, as a usage error,
// instead of the whole help or a silently dropped value.
import { describe, expect, it } from "vitest";
import { dispatch } from "../../src/adapters/dispatch.ts";
import { UserError } from "../../src/core/errors.ts";
import type { Services } from "../../src/core/services.ts";
import { commands } from "../../commands/index.ts";
import { createLogger } from "../../src/logger.ts";
import { editDistance, suggestCommands } from "../../src/core/suggest.ts";
import { parseCountry, parseLanguage } from "../../src/core/roster/values.ts";

const log = createLogger({ level: "info", destination: { write: () => {} } });
// Every path here stops before the store.
const unreachable = new Proxy({}, { get: () => () => { throw new Error("the store must not be reached"); } });
const services = {
  roster: unreachable as Services["roster"],
  shortlist: unreachable as Services["shortlist"],
  campaigns: unreachable as Services["campaigns"],
  metrics: unreachable as Services["metrics"],
  digests: unreachable as Services["digests"],
  creators: unreachable as Services["creators"],
  links: unreachable as Services["links"],
  notifier: unreachable as Services["notifier"],
  files: {
    limits: { maxBytes: 1024, maxRows: 10 },
    open: async (p: string) => {
      throw new UserError("FILE_NOT_FOUND", `There is no file at ${p}.`);
    },
    writeExport: async () => "",
  },
  now: () => new Date(0),
} as unknown as Services;
const run = (line: string, surface: "console" | "slack" = "console") =>
  dispatch({ registry: commands, services, log }, { line, surface, actor: { id: "u1", name: "Ana", roles: ["marketer", "creator"] } });
const names = commands.map((c) => c.name);

describe("unknown commands", () => {
  it("answers a misspelt command with the closest name and a pointer to help, as a usage error, not the whole help", async () => {
    const r = await run("shortlst niche:vegan");
    expect(r.outcome).toBe("usage");
    expect(r.code).toBe("UNKNOWN_COMMAND");
    expect(r.reply.message.text).toBe("Unknown command `shortlst`. Did you mean `shortlist`?\nType `help` to see every command.");
    expect(r.reply.message.sections ?? []).toEqual([]);
    expect(r.reply.message.ephemeral).toBe(true);
    expect(r.reply.data).toEqual({
      error: { code: "UNKNOWN_COMMAND", message: "Unknown command `shortlst`. Did you mean `shortlist`?", suggestions: ["shortlist"] },
    });
  });

  it("suggests subcommands too, and writes the help pointer as the surface takes it", async () => {
    const r = await run("campaign shwo spring", "slack");
    expect(r.outcome).toBe("usage");
    expect(r.reply.message.text).toBe("Unknown command `campaign shwo`. Did you mean `campaign show`?\nType `/scout help` to see every command.");
    expect((await run("roster imprt a.csv")).reply.message.text).toMatch(/^Unknown command `roster imprt`\. Did you mean `roster import`\?/);
    expect((await run("SHORTLIST-")).reply.message.text).toMatch(/Did you mean `shortlist`\?/);
  });

  it("lists a group's commands when only the group's word is right", async () => {
    const r = await run("campaign frobnicate");
    expect(r.outcome).toBe("usage");
    expect(r.reply.message.text).toMatch(/^Unknown command `campaign frobnicate`\. The campaign commands are `campaign new`, .*`campaign show`, .*`campaign invite`\./);
  });

  it("suggests the name in `help <command>` too", async () => {
    const r = await run("help shortlst");
    expect(r.outcome).toBe("user");
    expect(r.reply.message.text).toMatch(/^There is no command "shortlst"\. Did you mean `shortlist`\?/);
  });

  it("names the subcommand a misspelt word after a command was probably meant to be, when the command fails", async () => {
    const r = await run("metrics explian metric:er");
    expect(r.outcome).toBe("usage");
    expect(r.reply.message.text).toMatch(/\nDid you mean `metrics explain`\?\n/);
    expect((r.reply.data as { error: { suggestions: string[] } }).error.suggestions).toEqual(["metrics explain"]);
    expect((await run("optins aprove id:x")).reply.message.text).toMatch(/Did you mean `optins approve`\?/);
  });

  it("suggests the option a misspelt key was meant to be", async () => {
    const r = await run("shortlist niche:vegan contry:DE");
    expect(r.outcome).toBe("usage");
    expect(r.reply.message.text).toMatch(/^unknown option contry: \(did you mean country:\?\); shortlist takes /);
  });

  it("says plainly when nothing is close", async () => {
    const r = await run("frobnicate everything");
    expect(r.outcome).toBe("usage");
    expect(r.reply.message.text).toBe("Unknown command `frobnicate everything`.\nType `help` to see every command.");
  });

  it("measures edit distance with transpositions as one edit", () => {
    expect(editDistance("shortlst", "shortlist")).toBe(1);
    expect(editDistance("shwo", "show")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(suggestCommands(["optn"], names).suggestions).toEqual(["optin"]);
    expect(suggestCommands(["xyzzy"], names).suggestions).toEqual([]);
  });
});

describe("values that would be dropped or misread", () => {
  it("refuses a niche made only of emoji or punctuation with the expected form", async () => {
    for (const niche of ["🌱🌱", "!!!", "vegan,🥑", "#", " , "]) {
      const r = await run(`shortlist niche:"${niche}"`);
      expect(r.outcome, niche).toBe("usage");
      expect(r.reply.message.text, niche).toMatch(/^niche: expects words such as vegan or "plant based"/);
    }
    const c = await run('creator ana niche:"🌱"');
    expect(c.outcome).toBe("usage");
    expect(c.reply.message.text).toMatch(/^niche: expects words/);
  });

  it("reads English country names as ISO 3166 codes, and refuses unknown names and codes with the expected form", async () => {
    expect(parseCountry("Germany")).toEqual({ ok: true, value: "DE" });
    expect(parseCountry("united states of america")).toEqual({ ok: true, value: "US" });
    expect(parseCountry("Côte d'Ivoire")).toEqual({ ok: true, value: "CI" });
    expect(parseCountry("Austria")).toEqual({ ok: true, value: "AT" });
    expect(parseCountry("UK")).toEqual({ ok: true, value: "GB" });
    expect(parseCountry("de")).toEqual({ ok: true, value: "DE" });
    expect(parseCountry("XX").ok).toBe(false);
    expect(parseCountry("Atlantis").ok).toBe(false);
    for (const bad of ["Atlantis", "XX", "EU"]) {
      const r = await run(`shortlist niche:vegan country:${bad}`);
      expect(r.outcome, bad).toBe("usage");
      expect(r.reply.message.text, bad).toMatch(new RegExp(`^country: expects ISO 3166 two-letter country codes such as US, DE \\(or English names such as Germany\\), comma-separated; "${bad}" is not one`));
    }
  });

  it("reads English language names as ISO 639-1 codes, and refuses unknown ones with the expected form", async () => {
    expect(parseLanguage("German")).toEqual({ ok: true, value: "de" });
    expect(parseLanguage("EN")).toEqual({ ok: true, value: "en" });
    expect(parseLanguage("Norwegian")).toEqual({ ok: true, value: "no" });
    expect(parseLanguage("xx").ok).toBe(false);
    expect(parseLanguage("Klingon").ok).toBe(false);
    const r = await run("shortlist niche:vegan language:Klingon");
    expect(r.outcome).toBe("usage");
    expect(r.reply.message.text).toMatch(/^language: expects ISO 639-1 two-letter language codes such as en, de \(or English names such as German\), comma-separated; "Klingon" is not one/);
  });
});
