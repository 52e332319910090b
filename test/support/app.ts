// A Scout app on a test database, driven the way a person types commands, with its logs captured.
import { createApp, type App } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/logger.ts";
import type { TestDb } from "./db.ts";
import os from "node:os";
import path from "node:path";
import fs from "node:fs";

export interface TestApp {
  app: App;
  logs: string[];
  /** Runs one command line as a marketer on the console surface. */
  run(line: string): ReturnType<App["dispatch"]>;
  /** Runs with --json and returns the parsed data. */
  json<T = any>(line: string): Promise<T>;
}

export async function testApp(t: TestDb): Promise<TestApp> {
  const logs: string[] = [];
  const exportDir = fs.mkdtempSync(path.join(os.tmpdir(), "scout-exports-"));
  const config = loadConfig({ DATABASE_URL: t.url, EXPORT_DIR: exportDir });
  const log = createLogger({ level: "info", destination: { write: (l: string) => logs.push(l) } });
  const app = await createApp(config, log, { db: t.db });
  const run = (line: string) => app.dispatch({ line, surface: "console", actor: { id: "m1", name: "Mia", roles: ["marketer"] } });
  return {
    app,
    logs,
    run,
    async json(line) {
      const r = await run(line);
      return r.reply.data as any;
    },
  };
}

/** Log lines at error level or above. */
export const errorLines = (logs: string[]) => logs.map((l) => JSON.parse(l)).filter((l) => l.level >= 50);
