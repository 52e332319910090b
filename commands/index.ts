// The registry: every command, declared once. Slack, Discord and the console serve this list.
import type { AnyCommand } from "../src/core/command.ts";
import help from "./help.ts";
import rosterImport from "./roster-import.ts";
import shortlist from "./shortlist.ts";
import creator from "./creator.ts";

export const commands: readonly AnyCommand[] = [help, rosterImport, shortlist, creator];
