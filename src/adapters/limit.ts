// At most `n` tasks at once; the rest wait in order. A finishing task hands its place straight to
// the next in line, so a newcomer never overtakes one that was waiting.
export function createLimiter(n: number) {
  let running = 0;
  const queue: (() => void)[] = [];
  return async function limit<T>(fn: () => Promise<T>): Promise<T> {
    if (running < n) running++;
    else await new Promise<void>((r) => queue.push(r));
    try {
      return await fn();
    } finally {
      const next = queue.shift();
      if (next) next();
      else running--;
    }
  };
}
