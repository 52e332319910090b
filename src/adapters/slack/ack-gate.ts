// Acknowledgements first. Slack gives every request 3 seconds to be acknowledged, and a burst of
// fifty slash commands arrives within a few milliseconds of each other; the work each one asks for
// (running the command, rendering, answering through response_url, starting a shortlist in the
// worker) can wait a few milliseconds more, its answer being due only later. So that work waits
// here until no Slack request is waiting for its own ack: the main thread serves every
// acknowledgement of a burst before it runs the first command of it.
//
// "Waiting for its ack": arrived on the Slack route and not yet answered. A request stops counting
// maxWaitMs after it arrived, so a stuck client, or a view submission (which answers only after
// its own work), holds the others' work back that long at most, however many times they wait.
export interface AckGate {
  /** A Slack request arrived (HTTP: at the route, before it is read); call the result once it is answered. */
  arrived(): () => void;
  /** Resolves when no request is waiting for its ack, and none arrived for quietMs. */
  clear(): Promise<void>;
  /** Requests waiting for their ack now (stuck ones included). */
  pending(): number;
}

export function createAckGate(o: { quietMs?: number; maxWaitMs?: number } = {}): AckGate {
  const quietMs = o.quietMs ?? 5;
  const maxWaitMs = o.maxWaitMs ?? 100;
  /** Arrival times of the requests waiting for their ack, oldest first. */
  const pending = new Set<{ at: number }>();
  let lastArrival = -Infinity;
  let timer: NodeJS.Timeout | undefined;
  const waiting: (() => void)[] = [];

  /** When the gate opens at the earliest, given what is pending now (Infinity: not before a change). */
  function opensAt(now: number): number {
    let at = lastArrival + quietMs;
    for (const p of pending) if (now - p.at < maxWaitMs) at = Math.max(at, p.at + maxWaitMs);
    return at;
  }

  // One waiter per turn of the event loop, so that requests arriving meanwhile are read (and close
  // the gate again) between one piece of work and the next.
  let releasing = false;
  function release() {
    if (releasing) return;
    releasing = true;
    const step = () => {
      if (!waiting.length || opensAt(performance.now()) > performance.now()) {
        releasing = false;
        return schedule();
      }
      waiting.shift()!();
      setImmediate(step);
    };
    step();
  }

  function schedule() {
    if (timer || releasing || !waiting.length) return;
    const now = performance.now();
    const at = opensAt(now);
    if (at <= now) return release();
    timer = setTimeout(() => {
      timer = undefined;
      release();
    }, Math.ceil(at - now));
  }

  function restart() {
    clearTimeout(timer);
    timer = undefined;
    schedule();
  }

  return {
    arrived() {
      const p = { at: performance.now() };
      pending.add(p);
      lastArrival = p.at;
      return () => {
        if (pending.delete(p)) restart();
      };
    },
    clear() {
      // Even when the gate is open, let the I/O that has already arrived be read first.
      if (!waiting.length && opensAt(performance.now()) <= performance.now()) return new Promise<void>((r) => setImmediate(r));
      return new Promise<void>((resolve) => {
        waiting.push(resolve);
        schedule();
      });
    },
    pending: () => pending.size,
  };
}
