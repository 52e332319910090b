// Slow commands run in worker threads (dispatch.worker.ts): a shortlist over 100,000 creators keeps
// the CPU busy for tens of milliseconds at a time, and on the main thread fifty of them would hold
// Slack's acknowledgements back for seconds. The main thread keeps Bolt, rendering and the Slack
// calls; each worker has its own database pool and sends its notices back here.
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import v8 from "node:v8";
import { Worker } from "node:worker_threads";
import type { App } from "../../app.ts";
import type { ProgressFn } from "../../core/invocation.ts";
import type { Notice, Posted } from "../../core/notifier.ts";
import type { Message } from "../../core/message.ts";
import type { Logger } from "../../logger.ts";
import type { DispatchRequest, DispatchResult } from "../dispatch.ts";
import { createLimiter } from "../limit.ts";

type WireResult = Omit<DispatchResult, "flags"> & { flags: string[] };

export type ToWorker =
  | { type: "run"; id: number; req: Omit<DispatchRequest, "progress">; progress: boolean }
  | { type: "notified"; nid: number; ok: true; value: unknown }
  | { type: "notified"; nid: number; ok: false; error: string }
  | { type: "close" };

export type ToMain =
  | { type: "ready" }
  | { type: "failed"; error: string }
  | { type: "progress"; id: number; p: Parameters<ProgressFn>[0] }
  | { type: "done"; id: number; result: WireResult }
  | { type: "crashed"; id: number; error: string }
  | { type: "notify"; nid: number; method: "toMarketers" | "postBrief" | "toCreator"; args: unknown[] };

export interface DispatchPool {
  size: number;
  /** Worker threads running now. */
  running(): number;
  /** Runs a command in a worker; `slow` ones wait their turn (see slowPerWorker). */
  dispatch(req: DispatchRequest, opts?: { slow?: boolean }): Promise<DispatchResult>;
  close(): Promise<void>;
}

/** A job whose worker ran out of its heap (resourceLimits): the worker died, the process did not. */
export class WorkerOutOfMemory extends Error {
  readonly code = "WORKER_OUT_OF_MEMORY";
}

interface Job {
  resolve(r: DispatchResult): void;
  reject(e: Error): void;
  progress?: ProgressFn | undefined;
}

interface Slot {
  worker: Worker;
  jobs: Map<number, Job>;
  /** Retires the worker when it has had nothing to do for a while (its memory goes back). */
  idle?: NodeJS.Timeout;
}

/**
 * The worker's entry: Node 20 does not apply `--import tsx` to a worker's own .ts entry, so a small
 * script registers tsx's loader in the worker first, then imports the worker module. Compiled (this
 * file runs from dist/ as .js), the worker module is JavaScript too and is imported as it is.
 */
function workerEntry(): string {
  if (import.meta.url.endsWith(".js")) return `import(${JSON.stringify(new URL("./dispatch.worker.js", import.meta.url).href)});`;
  // require.resolve finds tsx's CommonJS build; the worker needs its ESM one, beside it.
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx/esm/api").replace(/\.cjs$/, ".mjs")).href;
  const entry = new URL("./dispatch.worker.ts", import.meta.url).href;
  return `import(${JSON.stringify(tsx)}).then((t) => t.register()).then(() => import(${JSON.stringify(entry)}));`;
}

/**
 * `slowPerWorker`: slow commands each worker runs at once; more wait in line. Running all of them
 * together is no faster (they share the same CPUs and database) and starves the main thread.
 */
export function createDispatchPool(app: App, o: { size: number; log: Logger; slowPerWorker?: number; idleMs?: number; heapMb?: number }): DispatchPool {
  // Started with the first slow command (about a second), retired after 30 s without one.
  const idleMs = o.idleMs ?? 30_000;
  const slots: Slot[] = [];
  let seq = 0;
  let closing = false;
  const slowTurn = createLimiter(o.size * (o.slowPerWorker ?? 1));

  async function notify(method: "toMarketers" | "postBrief" | "toCreator", args: unknown[]): Promise<unknown> {
    const n = app.notifiers;
    if (method === "toMarketers") return n.toMarketers(args[0] as Notice);
    if (method === "postBrief") return n.postBrief?.(args[0] as { campaignId: string; message: Message; previous?: Posted | null });
    return n.toCreator?.(args[0] as { creatorId: string; discordUserId?: string | null }, args[1] as Message);
  }

  function spawn(): Slot {
    // A heap of its own, limited: a command that outgrows it (a huge import) ends this worker with
    // ERR_WORKER_OUT_OF_MEMORY, and the process, with every other request, stays up.
    const heapMb = o.heapMb ?? app.config.SLACK_WORKER_HEAP_MB;
    // V8 takes the process's --max-old-space-size (npm start sets 192) over resourceLimits: the flag
    // is set to the worker's limit while its heap is made, and put back once it runs (the main
    // thread's heap, made long before, keeps its own).
    const processHeapMb = /--max-old-space-size=(\d+)/.exec([...process.execArgv, process.env.NODE_OPTIONS ?? ""].join(" "))?.[1];
    if (processHeapMb) v8.setFlagsFromString(`--max-old-space-size=${heapMb}`);
    const worker = new Worker(workerEntry(), {
      eval: true,
      workerData: { config: app.config, dbUrl: app.db.url },
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: Math.max(8, Math.round(heapMb / 8)) },
    });
    if (processHeapMb) {
      const restore = () => v8.setFlagsFromString(`--max-old-space-size=${processHeapMb}`);
      worker.once("online", restore);
      worker.once("exit", restore);
    }
    const slot: Slot = { worker, jobs: new Map() };
    let outOfMemory = false;
    const fail = (why: string) => {
      const i = slots.indexOf(slot);
      if (i >= 0) slots.splice(i, 1);
      for (const j of slot.jobs.values()) j.reject(outOfMemory ? new WorkerOutOfMemory(`the command worker ran out of memory (${heapMb} MB)`) : new Error(`the command worker stopped: ${why}`));
      slot.jobs.clear();
    };
    worker.on("message", (m: ToMain) => {
      switch (m.type) {
        case "ready":
          o.log.debug("command worker ready");
          break;
        case "failed":
          o.log.error({ error: m.error }, "a command worker could not start");
          void worker.terminate();
          break;
        case "progress":
          slot.jobs.get(m.id)?.progress?.(m.p);
          break;
        case "done": {
          const job = slot.jobs.get(m.id);
          slot.jobs.delete(m.id);
          job?.resolve({ ...m.result, flags: new Set(m.result.flags) });
          retireWhenIdle(slot);
          break;
        }
        case "crashed": {
          const job = slot.jobs.get(m.id);
          slot.jobs.delete(m.id);
          job?.reject(new Error(m.error));
          retireWhenIdle(slot);
          break;
        }
        case "notify":
          notify(m.method, m.args).then(
            (value) => worker.postMessage({ type: "notified", nid: m.nid, ok: true, value } satisfies ToWorker),
            (e: unknown) => worker.postMessage({ type: "notified", nid: m.nid, ok: false, error: (e as Error).message } satisfies ToWorker),
          );
          break;
      }
    });
    worker.on("error", (e) => {
      outOfMemory = (e as { code?: string }).code === "ERR_WORKER_OUT_OF_MEMORY";
      if (outOfMemory) o.log.warn({ heapMb, jobs: slot.jobs.size }, "a command worker ran out of memory; its commands are answered, Scout goes on");
      else o.log.error({ err: e }, "a command worker failed");
      fail(e.message);
    });
    worker.on("exit", (code) => {
      clearTimeout(slot.idle);
      if (!closing && code !== 0) o.log.error({ code }, "a command worker exited");
      fail(`exit ${code}`);
    });
    slots.push(slot);
    return slot;
  }

  function retireWhenIdle(slot: Slot) {
    if (slot.jobs.size || closing) return;
    clearTimeout(slot.idle);
    slot.idle = setTimeout(() => {
      if (slot.jobs.size || closing) return;
      const i = slots.indexOf(slot);
      if (i >= 0) slots.splice(i, 1);
      o.log.debug("retiring an idle command worker");
      slot.worker.postMessage({ type: "close" } satisfies ToWorker);
    }, idleMs);
    slot.idle.unref();
  }

  /** The least busy worker; a new one while there are fewer than `size`. */
  function pick(): Slot {
    const slot = slots.find((s) => s.jobs.size === 0) ?? (slots.length < o.size ? spawn() : slots.reduce((a, b) => (b.jobs.size < a.jobs.size ? b : a)));
    clearTimeout(slot.idle);
    return slot;
  }

  return {
    size: o.size,
    running: () => slots.length,
    dispatch(req, opts = {}) {
      const run = async () => {
        if (closing) throw new Error("Scout is shutting down");
        const slot = pick();
        const id = ++seq;
        const { progress, ...rest } = req;
        return await new Promise<DispatchResult>((resolve, reject) => {
          slot.jobs.set(id, { resolve, reject, progress });
          slot.worker.postMessage({ type: "run", id, req: rest, progress: Boolean(progress) } satisfies ToWorker);
        });
      };
      return opts.slow ? slowTurn(run) : run();
    },
    async close() {
      closing = true;
      for (const s of slots) clearTimeout(s.idle);
      await Promise.all(
        slots.map(
          (s) =>
            new Promise<void>((resolve) => {
              const t = setTimeout(() => void s.worker.terminate().finally(resolve), 10_000);
              s.worker.once("exit", () => (clearTimeout(t), resolve()));
              s.worker.postMessage({ type: "close" } satisfies ToWorker);
            }),
        ),
      );
    },
  };
}
