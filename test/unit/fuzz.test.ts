// 10,000 random and adversarial command lines through the parser, dispatch (on the real commands'
// schemas, with handlers that echo every option back into every part of a message) and the Slack
// and console renderers. The seed is printed; FUZZ_SEED=<seed> replays a run.
import { NO_PLATFORM_DATA } from "../../src/core/platform-data/port.ts";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { dispatch } from "../../src/adapters/dispatch.ts";
import { parseTokens, tokenize } from "../../src/core/command-line.ts";
import type { AnyCommand } from "../../src/core/command.ts";
import { UsageError } from "../../src/core/errors.ts";
import type { Message } from "../../src/core/message.ts";
import type { Services } from "../../src/core/services.ts";
import { MAX_LINE, cleanInput, clipText } from "../../src/core/text.ts";
import { escapeMrkdwn } from "../../src/adapters/slack/blocks.ts";
import { terminalSafe } from "../../src/adapters/console/render.ts";
import { createLogger } from "../../src/logger.ts";
import { commands } from "../../commands/index.ts";
import { fuzzLines, fuzzSeed } from "../support/fuzz.ts";
import { consoleProblems, discordProblems, slackProblems } from "../support/fuzz-checks.ts";

const N = 10_000;
const seed = fuzzSeed();
console.log(`fuzz.test.ts: FUZZ_SEED=${seed}`);

const shapes = commands.map((c) => ({ name: c.name, keys: Object.keys(c.options.shape) }));
const lines = fuzzLines(seed, N, shapes);

/** Every option value, put where user text can end up: title, text, fields, table, buttons, form, file. */
function echo(options: Record<string, unknown>, raw: string): Message {
  const entries = Object.entries(options).map(([k, v]) => [k, String(v)] as const);
  const vals = entries.map(([, v]) => v);
  const first = vals[0] ?? raw;
  return {
    title: first,
    text: vals.join("\n") || raw,
    tone: "warning",
    sections: [
      { title: first, text: raw, fields: entries.map(([k, v]) => ({ label: v || k, value: v })) },
      { title: raw, table: { columns: [first, "value"], rows: entries.map(([k, v]) => [k, v]) }, actions: vals.map((v, i) => ({ id: `${v}.${i}`, label: v, value: raw })) },
    ],
    actions: [{ id: first, label: first, value: `campaign show ${first}` }],
    form: { title: first, submitLabel: first, command: "campaign new", fields: entries.map(([k, v]) => ({ key: k, label: v || k, kind: "text", hint: v, initial: v })) },
    file: { path: `/tmp/${first}`, name: first, mime: "text/csv" },
  };
}

// The real commands' names, audiences and schemas; help runs for real, the others echo.
const registry: AnyCommand[] = commands.map((c) =>
  c.name === "help" ? c : { ...c, run: async ({ options, invocation }) => ({ message: echo(options, JSON.stringify(invocation.options)) }) },
);
const unreachable = new Proxy({}, { get: () => () => Promise.reject(new Error("the store must not be reached")) }) as never;
// Echoing handlers never reach a service; any that is touched fails the run (as a bug).
// Help reads which platforms are configured (none here).
const services = new Proxy({ now: () => new Date(0), platforms: NO_PLATFORM_DATA } as Partial<Services>, { get: (o, k) => (k in o ? o[k as keyof Services] : unreachable) }) as Services;
const logs: string[] = [];
const discordFound: string[] = [];
const log = createLogger({ level: "info", destination: { write: (l: string) => logs.push(l) } });

describe(`fuzz: ${N.toLocaleString("en-US")} hostile command lines (seed ${seed})`, () => {
  it("the parser either reads a line or refuses it with a usage error, never anything else", () => {
    const names = commands.map((c) => c.name);
    const other: string[] = [];
    let refused = 0;
    for (const line of lines) {
      try {
        parseTokens(tokenize(cleanInput(line)), names);
      } catch (e) {
        if (e instanceof UsageError) refused++;
        else other.push(`${(e as Error).message} ← ${JSON.stringify(line.slice(0, 120))}`);
      }
    }
    expect(other).toEqual([]);
    // The generator is hostile enough that many lines are refused, and mild enough that many are read.
    expect(refused).toBeGreaterThan(N / 50);
    expect(refused).toBeLessThan(N - N / 50);
  });

  it("every dispatch ends ok, usage or user (never a bug), and every reply fits Slack and the console, escaped", async () => {
    const problems: string[] = [];
    const outcomes: Record<string, number> = {};
    for (const line of lines) {
      let res;
      try {
        res = await dispatch({ registry, services, log }, { line, surface: "console", actor: { id: "u1", name: "Ana", roles: ["marketer", "creator"] } });
      } catch (e) {
        problems.push(`threw ${(e as Error).message} ← ${JSON.stringify(line.slice(0, 120))}`);
        continue;
      }
      outcomes[res.outcome] = (outcomes[res.outcome] ?? 0) + 1;
      if (res.outcome === "bug") problems.push(`bug ← ${JSON.stringify(line.slice(0, 120))}`);
      for (const p of [...slackProblems(res.reply.message), ...consoleProblems(res.reply.message)]) problems.push(`${p} ← ${JSON.stringify(line.slice(0, 120))}`);
      if (discordFound.length < 20) for (const p of discordProblems(res.reply.message)) discordFound.push(`${p} ← ${JSON.stringify(line.slice(0, 120))}`);
      if (problems.length > 20) break;
    }
    expect(problems).toEqual([]);
    // Both echoed replies (options that passed the schemas) and refusals were checked.
    expect(outcomes.ok).toBeGreaterThan(N / 20);
    expect(outcomes.usage).toBeGreaterThan(N / 20);
    expect(logs.filter((l) => JSON.parse(l).level >= 50)).toEqual([]);
  }, 60_000);


  // Rendered in the test above; reported on its own so that the surfaces' results stay apart.
  it("every reply rendered for Discord stays within Discord's limits, pings no one and forges no masked link", () => {
    expect(discordFound).toEqual([]);
  });
});

describe("text safety helpers", () => {
  it("refuses a line over the limit with a usage message that says the limit", () => {
    expect(() => tokenize("x".repeat(MAX_LINE + 1))).toThrow(/at most 8,000/);
    expect(tokenize("y".repeat(MAX_LINE))).toHaveLength(1);
  });

  it("cleans input: no NUL or control characters, lone surrogates replaced, CRLF as LF", () => {
    expect(cleanInput("a\u0000b\u001b[31mc\r\nd\u009be\ud800\tf🚀")).toBe("ab[31mc\nde\ufffd\tf🚀");
  });

  it("cuts with an ellipsis and never splits an emoji in two", () => {
    expect(clipText("ab🚀cd", 4)).toBe("ab…");
    expect(clipText("abc🚀", 5)).toBe("abc🚀");
    expect(clipText("abcdef", 4)).toBe("abc…");
  });

  it("keeps terminal escape sequences and control characters off the console", () => {
    expect(terminalSafe("a\u001b[2J\u001b[Hb\u001b]0;title\u0007c\u0007d\u009b31me")).toBe("abcde");
  });

  it("escapes Slack markup so user text cannot mention everyone or forge a link", () => {
    expect(escapeMrkdwn("<!channel> <https://evil|ok> @here")).toBe("&lt;!channel&gt; &lt;https://evil|ok&gt; @\u200bhere");
    // Half an emoji (cut elsewhere, e.g. in an error message quoting a value) is not sent to Slack.
    expect(escapeMrkdwn("a\ud83d b\ude80")).toBe("a\ufffd b\ufffd");
  });
});
