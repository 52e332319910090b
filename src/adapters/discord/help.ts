// /help on Discord: the slash commands a creator has here, with their options (the registry's own
// help lists the marketers' /scout commands, which Discord does not serve).
import type { AnyCommand } from "../../core/command.ts";
import type { Message } from "../../core/message.ts";
import { commandPayloads, type OptionJson } from "./commands.ts";

const usage = (name: string, options: OptionJson[] = []) =>
  [`/${name}`, ...options.map((o) => (o.required ? `${o.name}:<…>` : `[${o.name}]`))].join(" ");

export function discordHelp(registry: readonly AnyCommand[], asked?: string): Message {
  const all = commandPayloads(registry).filter((c) => c.name !== "help");
  const lines = all.flatMap((c) => {
    const subs = c.options?.filter((o) => o.type === 1) ?? [];
    if (subs.length) return subs.map((s) => ({ name: `${c.name} ${s.name}`, usage: usage(`${c.name} ${s.name}`, s.options), summary: s.description }));
    return [{ name: c.name, usage: usage(c.name, c.options), summary: c.description }];
  });
  const wanted = asked?.trim().replace(/^\//, "").toLowerCase();
  const shown = wanted ? lines.filter((l) => l.name === wanted || l.name.startsWith(wanted + " ")) : lines;
  return {
    title: "Scout for creators",
    text: wanted && !shown.length ? `There is no command /${wanted}. These are the ones you can use:` : "Type / and pick a command; Discord shows each option as you go. Answers are private to you.",
    sections: (shown.length ? shown : lines).map((l) => ({ title: l.usage, text: l.summary })),
    ephemeral: true,
  };
}
