import { z } from "zod";
import { defineCommand, optionInfo, usageLine, type AnyCommand } from "../src/core/command.ts";
import { UserError } from "../src/core/errors.ts";
import { reply, type Section } from "../src/core/message.ts";
import { suggestCommands } from "../src/core/suggest.ts";
import { PLATFORM_KEY_HELP, type PlatformData } from "../src/core/platform-data/port.ts";

export default defineCommand({
  name: "help",
  summary: "List the commands, or show one command's options and examples",
  audience: "marketer",
  positional: ["command"],
  greedy: true,
  options: z.object({
    command: z.string().optional().describe("<command> a command name, e.g. roster"),
  }),
  examples: ["/scout help", "/scout help roster import"],
  async run({ options, registry, invocation, services }) {
    const visible = registry.filter((c) => !c.surfaces || c.surfaces.includes(invocation.surface));
    // "help roster" lists every roster command; "help roster import" shows that one.
    const asked = options.command?.toLowerCase().trim();
    if (asked) {
      const matches = visible.filter((c) => c.name === asked || c.name.startsWith(asked + " "));
      if (!matches.length) {
        const near = suggestCommands(asked.split(/\s+/), visible.map((c) => c.name)).suggestions;
        const mean = near.length ? ` Did you mean ${near.map((n) => `\`${n}\``).join(" or ")}?` : "";
        throw new UserError("UNKNOWN_COMMAND", `There is no command "${asked}".${mean}`, "Type /scout help to list the commands.");
      }
      // Help answers one person's question: privately, never to the whole channel.
      return reply({ title: matches.length === 1 ? `/scout ${matches[0]!.name}` : `/scout ${asked} ...`, sections: matches.map(detail), ephemeral: true }, {
        commands: matches.map(describe),
      });
    }
    const byAudience = (a: string) => visible.filter((c) => c.audience === a);
    const sections: Section[] = [];
    for (const [aud, title] of [
      ["marketer", "Marketer commands"],
      ["creator", "Creator commands"],
    ] as const) {
      const cmds = byAudience(aud);
      if (cmds.length)
        sections.push({ title, table: { columns: ["command", "what it does"], rows: cmds.map((c) => [usageLine(c), c.summary]) } });
    }
    const verified = platformSection(services.platforms);
    if (verified && invocation.surface !== "discord") sections.push(verified);
    return reply(
      {
        title: "Scout commands",
        text: "Options are written key:value (quotes for spaces: niche:\"plant based\"). Type /scout help <command> for details.",
        sections,
        ephemeral: true,
      },
      { commands: visible.map(describe) },
    );
  },
});

function detail(c: AnyCommand): Section {
  const opts = optionInfo(c);
  return {
    title: usageLine(c),
    text: [
      c.description ?? c.summary,
      opts.length ? "Options:\n" + opts.map((o) => `  ${o.positional ? o.placeholder : `${o.key}:`}  ${o.required ? "(required) " : ""}${o.description}`).join("\n") : "",
      "Examples:\n" + c.examples.map((e) => `  ${e}`).join("\n"),
    ]
      .filter(Boolean)
      .join("\n"),
  };
}

function describe(c: AnyCommand) {
  return { name: c.name, summary: c.summary, audience: c.audience, usage: usageLine(c), examples: c.examples, options: optionInfo(c) };
}

/** Which platforms' numbers Scout fetches itself, and what each missing key would add (issue 15). */
function platformSection(platforms: PlatformData | undefined): Section | null {
  const on = platforms?.configured() ?? [];
  const missing = Object.entries(PLATFORM_KEY_HELP).filter(([p]) => !on.includes(p as never));
  if (!missing.length) return null;
  const name = (p: string) => (p === "youtube" ? "YouTube" : p === "instagram" ? "Instagram" : p);
  return {
    title: "Verified numbers from the platforms",
    text: [
      on.length ? `Verified on ${on.map(name).join(" and ")}.` : "No platform key is set: every figure is self-reported, imported or counted by Scout's links.",
      ...missing.map(([, help]) => `Set ${help}`),
      "TikTok, X and Twitch figures stay self-reported or imported.",
    ].join("\n"),
  };
}
