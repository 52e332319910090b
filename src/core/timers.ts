// A bound on a wait: `after(ms, value)` resolves to `value` once `ms` have passed, to race against
// work that may not finish in time (Promise.race). Its timer never keeps the process alive.
export function after<T>(ms: number, value: T): Promise<T> {
  return new Promise((resolve) => setTimeout(() => resolve(value), ms).unref());
}
