// Every example a command shows in help must run as written today and on any later day: it parses
// to its own command, its options pass the command's schema, and it names no fixed calendar date
// (a fixed date expires: the README's campaign example once could no longer be opened).
import { describe, expect, it } from "vitest";
import { commands } from "../../commands/index.ts";
import { collectOptions } from "../../src/adapters/dispatch.ts";
import { parseTokens, tokenize } from "../../src/core/command-line.ts";

const names = commands.map((c) => c.name);
const examples = commands.flatMap((cmd) => cmd.examples.map((line) => ({ cmd, line })));

describe("help examples", () => {
  it("exist for every command", () => {
    for (const cmd of commands) expect(cmd.examples.length, cmd.name).toBeGreaterThan(0);
  });

  it.each(examples.map((e) => [e.line, e] as const))("%s parses and validates as its own command", (_line, { cmd, line }) => {
    // Creator commands are written /optin ..., marketer ones /scout ...
    const parsed = parseTokens(tokenize(line.replace(/^\/(?!scout\b)/, "")), names);
    expect(parsed.command).toBe(cmd.name);
    const raw = collectOptions(cmd, parsed.positional, parsed.options);
    const result = cmd.options.safeParse(raw);
    expect(result.success ? "valid" : JSON.stringify(result.error.issues)).toBe("valid");
  });

  it.each(examples.map((e) => [e.line] as const))("%s names no fixed calendar date", (line) => {
    expect(line).not.toMatch(/\b20\d\d-\d\d-\d\d\b/);
  });
});
