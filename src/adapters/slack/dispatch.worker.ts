// A worker thread that runs slow commands (shortlists, imports) so that their CPU work never holds
// up the main thread, which must acknowledge Slack within 3 seconds. It builds its own app on the
// same database; notices it sends go back to the main thread, where the surfaces' notifiers live.
import fs from "node:fs";
import os from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import { createApp, createRootLogger, type App } from "../../app.ts";
import type { Config } from "../../config.ts";
import type { Notifier } from "../../core/notifier.ts";
import { connectDatabase } from "../../store/db.ts";
import type { ToMain, ToWorker } from "./dispatch-pool.ts";

const port = parentPort!;

// On Linux a thread can be niced on its own: the worker yields the CPU to the main thread, which
// must answer Slack at once (elsewhere this is skipped; the thread still keeps the main one free).
try {
  const tid = Number(/task\/(\d+)$/.exec(fs.readlinkSync("/proc/thread-self"))?.[1]);
  if (tid) os.setPriority(tid, 10);
} catch {
  /* not Linux, or not allowed */
}
const { config, dbUrl } = workerData as { config: Config; dbUrl: string };
const send = (m: ToMain) => port.postMessage(m);
const log = createRootLogger(config).child({ thread: "worker" });

let seq = 0;
const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
function toMain(method: "toMarketers" | "postBrief" | "toCreator", args: unknown[]): Promise<never> {
  return new Promise((resolve, reject) => {
    const nid = ++seq;
    waiting.set(nid, { resolve: resolve as (v: unknown) => void, reject });
    send({ type: "notify", nid, method, args });
  });
}
const notifier: Notifier = {
  toMarketers: (n) => toMain("toMarketers", [n]),
  postBrief: (b) => toMain("postBrief", [b]),
  toCreator: (c, m) => toMain("toCreator", [c, m]),
};

const ready: Promise<App> = (async () => {
  const db = await connectDatabase({ databaseUrl: dbUrl, skipMigrations: true, poolSize: 4 });
  const app = await createApp(config, log, { db });
  app.notifiers.add(notifier);
  return app;
})();
ready.then(
  () => send({ type: "ready" }),
  (e: unknown) => send({ type: "failed", error: (e as Error).message }),
);

port.on("message", (m: ToWorker) => {
  if (m.type === "notified") {
    const w = waiting.get(m.nid);
    waiting.delete(m.nid);
    if (m.ok) w?.resolve(m.value);
    else w?.reject(new Error(m.error));
    return;
  }
  if (m.type === "close") {
    void ready.then((app) => app.close()).finally(() => port.close());
    return;
  }
  void (async () => {
    const app = await ready;
    const r = await app.dispatch({ ...m.req, ...(m.progress ? { progress: (p) => send({ type: "progress", id: m.id, p }) } : {}) });
    // The surface shows the message; of the data it reads only errors' per-field messages.
    const reply = r.outcome === "ok" ? { message: r.reply.message } : r.reply;
    const result = { ...r, reply, flags: [...r.flags] };
    try {
      send({ type: "done", id: m.id, result });
    } catch {
      // A reply that cannot be cloned (a function or class in its data): send what JSON keeps.
      send({ type: "done", id: m.id, result: JSON.parse(JSON.stringify(result)) as typeof result });
    }
  })().catch((e: unknown) => send({ type: "crashed", id: m.id, error: (e as Error).message }));
});
