import { COMPONENT_NAMES } from "./types.ts";
import type { ComponentName, Objective, Weights } from "./types.ts";

/**
 * Default weights by objective (each row sums to 1). Awareness leans on reach (tier fit and
 * audience); traffic and leads on engagement and niche; sales on engagement and cost. Engagement
 * is 25% for every objective: at 10% (awareness before issue 14) the score predicted next month's
 * ER worse than the ER percentile alone (npm run bench -- scoring-eval), and the top of a
 * shortlist bunched into a few tied scores.
 */
const PERCENT: Readonly<Record<Objective, Readonly<Weights>>> = {
  awareness: {
    tierFit: 15, engagement: 25, authenticity: 15, niche: 15,
    audience: 10, cost: 5, brandSafety: 10, reliability: 5,
  },
  traffic: {
    tierFit: 10, engagement: 25, authenticity: 15, niche: 20,
    audience: 10, cost: 5, brandSafety: 10, reliability: 5,
  },
  leads: {
    tierFit: 5, engagement: 25, authenticity: 15, niche: 25,
    audience: 10, cost: 5, brandSafety: 10, reliability: 5,
  },
  sales: {
    tierFit: 5, engagement: 25, authenticity: 15, niche: 10,
    audience: 10, cost: 20, brandSafety: 10, reliability: 5,
  },
};

function fractions(p: Readonly<Weights>): Weights {
  const w = { ...p };
  for (const name of COMPONENT_NAMES) w[name] = p[name] / 100;
  return w;
}

const DEFAULTS: Readonly<Record<Objective, Readonly<Weights>>> = {
  awareness: fractions(PERCENT.awareness),
  traffic: fractions(PERCENT.traffic),
  leads: fractions(PERCENT.leads),
  sales: fractions(PERCENT.sales),
};

function objectiveOrDefault(objective: unknown): Objective {
  return typeof objective === "string" && Object.hasOwn(DEFAULTS, objective) ? (objective as Objective) : "awareness";
}

/** Default weights for an objective (unknown objective: awareness). Sums to 1. */
export function defaultWeights(objective: Objective): Weights {
  return { ...DEFAULTS[objectiveOrDefault(objective)] };
}

/**
 * Defaults for the objective with per-campaign overrides, renormalised to sum to 1.
 * Overrides that are not finite non-negative numbers are ignored; if every weight ends up 0
 * the defaults are used.
 */
export function resolveWeights(
  objective: Objective,
  overrides?: Partial<Record<ComponentName, number>> | null,
): Weights {
  const base = DEFAULTS[objectiveOrDefault(objective)];
  const w = { ...base };
  let changed = false;
  if (overrides && typeof overrides === "object") {
    for (const name of COMPONENT_NAMES) {
      const v = overrides[name];
      if (typeof v === "number" && v >= 0 && v !== Infinity && v !== w[name]) {
        w[name] = v;
        changed = true;
      }
    }
  }
  if (!changed) return w;
  let sum = 0;
  for (const name of COMPONENT_NAMES) sum += w[name];
  if (!(sum > 0)) return { ...base };
  return normalise(w);
}

function normalise(w: Weights): Weights {
  let sum = 0;
  for (const name of COMPONENT_NAMES) sum += w[name];
  for (const name of COMPONENT_NAMES) w[name] = w[name] / sum;
  return w;
}

/** Weights as an array in COMPONENT_NAMES order. */
export function weightsArray(w: Weights): Float64Array {
  const out = new Float64Array(COMPONENT_NAMES.length);
  COMPONENT_NAMES.forEach((name, i) => {
    out[i] = w[name];
  });
  return out;
}
