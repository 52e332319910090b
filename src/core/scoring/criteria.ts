/** Campaign criteria: the zod schema with defaults, and the compiled form used by the scorer. */
import { z } from "zod";
import { benchmarkVersionIds } from "./benchmarks.ts";
import type { Criteria, Objective } from "./types.ts";

/** Disclosures that count (FTC-style: clear words, not #sp / #collab / #partner), matched exactly as
 *  hashtags (so #adsense or #notsponsored are not one) and as undenied words in captions. */
export const DEFAULT_DISCLOSURES: readonly string[] = [
  "ad", "ads", "advert", "advertisement", "sponsored", "paidpartnership", "paid partnership",
  "gifted", "anzeige", "werbung", "publicidad", "publicité", "sponsorisé", "pubblicità", "patrocinado",
  "reklama", "reklame", "annonce",
];

/** Tags that look like a disclosure but are not enough. */
export const VAGUE_DISCLOSURES: readonly string[] = ["sp", "spon", "collab", "partner", "brandpartner", "ambassador", "thanks"];

export const DEFAULT_FOLLOWER_RANGE = { min: 1_000, max: 100_000 } as const;

/** Niche terms beyond this many are ignored by the scorer (the schema rejects them). */
export const MAX_NICHE_TERMS = 31;

const platformSchema = z.enum(["instagram", "tiktok", "youtube", "x", "twitch", "blog"]);
const weight = z.number().min(0).max(1_000).optional();

export const criteriaSchema = z.object({
  objective: z.enum(["awareness", "traffic", "leads", "sales"]).default("awareness"),
  niche: z.array(z.string().trim().min(1).max(200)).max(MAX_NICHE_TERMS).default(() => []),
  synonyms: z.record(z.string(), z.array(z.string().trim().min(1).max(200))).optional(),
  followers: z
    .object({ min: z.number().min(0), max: z.number().positive() })
    .refine((r) => r.min <= r.max, { message: "followers.min must not exceed followers.max" })
    .default(() => ({ ...DEFAULT_FOLLOWER_RANGE })),
  platforms: z.array(platformSchema).min(1).optional(),
  countries: z
    .array(z.string().trim().regex(/^[A-Za-z]{2}$/, "ISO-3166 alpha-2 code").transform((s) => s.toUpperCase()))
    .min(1)
    .optional(),
  languages: z
    .array(z.string().trim().regex(/^[A-Za-z]{2}$/, "ISO-639-1 code").transform((s) => s.toLowerCase()))
    .min(1)
    .optional(),
  minEr: z.number().min(0).max(1).optional(),
  maxRate: z.number().min(0).optional(),
  budget: z.number().min(0).optional(),
  currency: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{3}$/, "ISO-4217 code")
    .transform((s) => s.toUpperCase())
    .optional(),
  competitors: z.array(z.string().trim().min(1).max(200)).optional(),
  requiredDisclosure: z
    .array(z.string().trim().min(1).max(100))
    .min(1)
    .default(() => [...DEFAULT_DISCLOSURES]),
  weights: z
    .object({
      tierFit: weight, engagement: weight, authenticity: weight, niche: weight,
      audience: weight, cost: weight, brandSafety: weight, reliability: weight,
    })
    .strict()
    .optional(),
  benchmarkVersion: z
    .string()
    .refine((id) => benchmarkVersionIds().includes(id), {
      message: "unknown benchmark version (known: " + benchmarkVersionIds().join(", ") + ")",
    })
    .optional(),
});

export type CriteriaInput = z.input<typeof criteriaSchema>;

/** Parses and defaults campaign criteria; throws a ZodError on invalid input. */
export function parseCriteria(input: unknown): Criteria {
  const parsed = criteriaSchema.parse(input ?? {});
  const out: Criteria = { objective: parsed.objective as Objective, niche: parsed.niche };
  // Copy only present keys so the result has no explicit undefined members.
  for (const [k, v] of Object.entries(parsed)) {
    if (v !== undefined) (out as unknown as Record<string, unknown>)[k] = v;
  }
  return out;
}

/** parseCriteria without throwing. */
export function safeParseCriteria(
  input: unknown,
): { success: true; data: Criteria } | { success: false; error: z.ZodError } {
  const r = criteriaSchema.safeParse(input ?? {});
  if (!r.success) return { success: false, error: r.error };
  return { success: true, data: parseCriteria(input) };
}

