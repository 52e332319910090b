// A TCP proxy in front of a server (PostgreSQL in the tests), so that a test can take the database
// away from a running bot by closing the proxy: every connection through it is cut at once; or
// stall it: connections stay open and nothing passes either way, as with a database that hangs.
import net from "node:net";

export interface TcpProxy {
  port: number;
  /** A URL like `url` whose host and port are the proxy's. */
  through(url: string): string;
  /** From now on nothing passes, on open connections or new ones; nothing is closed. */
  stall(): void;
  close(): Promise<void>;
}

export async function startProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let stalled = false;
  const hold = (s: net.Socket) => {
    sockets.add(s);
    s.on("error", () => {});
    s.on("close", () => sockets.delete(s));
  };
  const server = net.createServer((client) => {
    hold(client);
    if (stalled) return void client.pause();
    const upstream = net.connect(target.port, target.host);
    hold(upstream);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    through(url) {
      const u = new URL(url);
      u.hostname = "127.0.0.1";
      u.port = String(port);
      return u.toString();
    },
    stall() {
      stalled = true;
      // Every socket, either side of every connection: not forwarded, and not read any more.
      for (const s of sockets) {
        s.unpipe();
        s.pause();
      }
    },
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        for (const s of sockets) s.destroy();
      }),
  };
}
