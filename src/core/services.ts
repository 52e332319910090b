// The ports a command may use. main.ts wires the store and platform implementations in.
import type { RosterWriter } from "./roster/import.ts";

export interface FileStore {
  /** Reads a text file a person named (a path on this machine). Throws UserError when missing or too big. */
  readText(path: string): Promise<{ label: string; text: string }>;
  /** Writes an export and returns its path. */
  writeExport(name: string, content: string): Promise<string>;
}

export interface Services {
  roster: RosterWriter;
  files: FileStore;
  now(): Date;
}
