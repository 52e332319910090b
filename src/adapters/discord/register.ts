// Registers the guild slash commands generated from the registry (a PUT replaces the whole set).
import { Routes, type REST } from "discord.js";
import type { AnyCommand } from "../../core/command.ts";
import { commandPayloads } from "./commands.ts";

export async function registerCommands(rest: REST, applicationId: string, guildId: string, registry: readonly AnyCommand[]): Promise<number> {
  const body = commandPayloads(registry);
  const done = (await rest.put(Routes.applicationGuildCommands(applicationId, guildId), { body })) as unknown[];
  return Array.isArray(done) ? done.length : body.length;
}
