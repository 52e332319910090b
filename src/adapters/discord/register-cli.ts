// npm run discord:register: registers Scout's slash commands in the guild (DISCORD_GUILD_ID).
import { REST } from "discord.js";
import { commands } from "../../../commands/index.ts";
import { readConfiguration } from "../../app.ts";
import { commandPayloads } from "./commands.ts";
import { DEFAULT_DISCORD_API_URL } from "./discord.adapter.ts";
import { registerCommands } from "./register.ts";

async function main(): Promise<number> {
  const c = readConfiguration();
  if (!c) return 1;
  if (!c.DISCORD_TOKEN || !c.DISCORD_APPLICATION_ID || !c.DISCORD_GUILD_ID) {
    process.stderr.write("Set DISCORD_TOKEN, DISCORD_APPLICATION_ID and DISCORD_GUILD_ID (see README, Connecting Discord).\n");
    return 1;
  }
  const rest = new REST({ api: (c.DISCORD_API_URL ?? DEFAULT_DISCORD_API_URL).replace(/\/+$/, "") }).setToken(c.DISCORD_TOKEN);
  const n = await registerCommands(rest, c.DISCORD_APPLICATION_ID, c.DISCORD_GUILD_ID, commands);
  process.stdout.write(`Registered ${n} slash commands in guild ${c.DISCORD_GUILD_ID}: ${commandPayloads(commands).map((x) => `/${x.name}`).join(", ")}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`Could not register the commands: ${(e as Error).message}\n`);
    process.exit(1);
  },
);
