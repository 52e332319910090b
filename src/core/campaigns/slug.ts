// A campaign's slug: lower case, words joined by dashes, made from its name ("Spring Launch!" →
// spring-launch), with -2, -3... when it is taken.

export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const MAX_SLUG = 48;

/** A name with case, accents and punctuation aside: "Pét  Week!" and "pet week" are the same name. */
export function nameKey(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

export function slugify(name: string): string {
  const cut = nameKey(name).slice(0, MAX_SLUG).replace(/-+$/, "");
  return cut || "campaign";
}

/** What is wrong with a slug someone typed, or null. */
export function slugProblem(slug: string): string | null {
  if (slug.length > MAX_SLUG) return `is too long (at most ${MAX_SLUG} characters)`;
  if (!SLUG.test(slug)) return "expects lower-case letters, digits and dashes, e.g. spring-launch";
  return null;
}

/** The first of base, base-2, base-3... not among `taken`. */
export function nextFreeSlug(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = base.slice(0, MAX_SLUG - suffix.length).replace(/-+$/, "") + suffix;
    if (!used.has(candidate)) return candidate;
  }
}
