// HTTP on a raw socket, for requests no HTTP client would send (broken request lines, floods of
// headers, wrong lengths), and the peak memory of a process, read from /proc.
import fs from "node:fs";
import net from "node:net";

export interface RawAnswer {
  /** What came back (latin1, so any bytes survive). */
  text: string;
  /** Whether the server closed the connection before `waitMs`. */
  closed: boolean;
  closedAfterMs: number;
}

/**
 * Sends `data` (string or chunks with pauses between them) and collects the answer until the server
 * closes the connection, `waitMs` passes, or (with `untilResponse`) a whole response head arrived.
 */
export function rawExchange(
  port: number,
  data: string | Buffer | (string | Buffer | { pauseMs: number })[],
  o: { waitMs?: number; untilResponse?: boolean; host?: string } = {},
): Promise<RawAnswer> {
  const waitMs = o.waitMs ?? 3000;
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = net.connect(port, o.host ?? "127.0.0.1");
    let text = "";
    let done = false;
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ text, closed, closedAfterMs: Date.now() - started });
    };
    const timer = setTimeout(() => finish(false), waitMs);
    socket.on("data", (d: Buffer) => {
      text += d.toString("latin1");
      if (o.untilResponse && text.includes("\r\n\r\n")) finish(true);
    });
    socket.on("error", () => {});
    socket.on("close", () => finish(true));
    socket.once("connect", async () => {
      const parts = Array.isArray(data) ? data : [data];
      for (const part of parts) {
        if (done || socket.destroyed) return;
        if (typeof part === "object" && !Buffer.isBuffer(part)) await new Promise((r) => setTimeout(r, part.pauseMs));
        else if (part.length) socket.write(part);
      }
    });
  });
}

/** The peak resident memory (VmHWM) of a process, in MB; NaN where /proc is absent. */
export function peakRssMb(pid: number): number {
  try {
    const m = fs.readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmHWM:\s+(\d+) kB/m);
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}
