/** Small numeric helpers: rounding, clamping, the normal CDF. Deterministic and allocation-free. */

export function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/** A usable non-negative number, or -1 for unknown (null, undefined, NaN, ±Infinity, negative). */
export function nonNeg(x: unknown): number {
  return typeof x === "number" && x >= 0 && x !== Infinity ? x : -1;
}

/** A usable positive number, or -1 for unknown (also 0). */
export function positive(x: unknown): number {
  return typeof x === "number" && x > 0 && x !== Infinity ? x : -1;
}

// Standard normal CDF through a precomputed table with linear interpolation. The table is
// built once from Marsaglia's series (accurate to ~1e-15 on [-8, 8]) and forced non-decreasing,
// so the interpolated function is exactly monotone: a higher z never gives a lower value.
const Z_MAX = 8;
const STEPS = 8192;
const SCALE = STEPS / (2 * Z_MAX);
const TABLE = new Float64Array(STEPS + 1);
(function build(): void {
  const invSqrt2Pi = 0.3989422804014327;
  let prev = 0;
  for (let i = 0; i <= STEPS; i++) {
    const x = -Z_MAX + i / SCALE;
    let sum = x;
    let term = x;
    const x2 = x * x;
    for (let k = 1; k < 500; k++) {
      term = (term * x2) / (2 * k + 1);
      const next = sum + term;
      if (next === sum) break;
      sum = next;
    }
    let v = 0.5 + sum * invSqrt2Pi * Math.exp(-0.5 * x2);
    v = clamp(v, 0, 1);
    if (v < prev) v = prev;
    TABLE[i] = v;
    prev = v;
  }
  TABLE[0] = 0;
  TABLE[STEPS] = 1;
})();

/** Φ(z), the standard normal CDF. Φ(-Infinity) = 0, Φ(Infinity) = 1, NaN -> 0.5. */
export function normCdf(z: number): number {
  if (z !== z) return 0.5;
  if (z <= -Z_MAX) return 0;
  if (z >= Z_MAX) return 1;
  const pos = (z + Z_MAX) * SCALE;
  const i = Math.floor(pos);
  const lo = TABLE[i] ?? 0;
  const hi = TABLE[i + 1] ?? 1;
  return lo + (hi - lo) * (pos - i);
}

/** Median of the first n entries of buf (sorts them in place). n >= 1. */
export function medianInPlace(buf: Float64Array, n: number): number {
  const view = buf.subarray(0, n);
  view.sort();
  const mid = n >> 1;
  return n % 2 === 1 ? (view[mid] ?? 0) : ((view[mid - 1] ?? 0) + (view[mid] ?? 0)) / 2;
}
