// For creators: register with Scout or update the profile (handles, niches, country, language,
// rate). Without options it answers with the profile form, pre-filled.
import { z } from "zod";
import { defineCommand } from "../src/core/command.ts";
import { UsageError } from "../src/core/errors.ts";
import { reply } from "../src/core/message.ts";
import { money } from "../src/core/campaigns/format.ts";
import { nicheKey } from "../src/core/scoring/niche-key.ts";
import { asOption, countryOption, handlesOption, languageOption, nichesOption, opt, rateOption } from "../src/core/creators/fields.ts";
import { profileForm } from "../src/core/creators/forms.ts";
import { identityOf } from "../src/core/creators/identity.ts";
import { claimJson, declaredText, pendingProfileText, rateSelfDeclared } from "../src/core/creators/claims.ts";
import type { ProfilePatch } from "../src/core/creators/types.ts";

const FIELDS = ["handles", "niches", "country", "language", "rate"] as const;

export default defineCommand({
  name: "profile",
  summary: "Your Scout profile: handles, niches, country, language and rate (without options: a form)",
  description:
    "Registers you in the brand's roster (as a community creator) or updates your profile. Handles are written platform:@handle, comma-separated " +
    "(instagram:@ana, tiktok:@ana.eats); handles you leave out stay on your profile. Niches, country (two letters, e.g. US), language (two letters, e.g. en) " +
    "and rate apply to all your accounts. On the console, add as:@handle to act as that creator.",
  audience: "creator",
  options: z.object({
    handles: opt(handlesOption).describe("<list> platform:@handle, comma-separated, e.g. instagram:@ana,tiktok:@ana.eats"),
    niches: opt(nichesOption).describe("<list> what you post about, e.g. vegan food, travel"),
    country: opt(countryOption).describe("<code> where you live, e.g. US"),
    language: opt(languageOption).describe("<code> the language you post in, e.g. en"),
    rate: opt(rateOption).describe("<amount> your rate per deliverable, e.g. 250 or 250 EUR"),
    as: asOption,
  }),
  examples: ["/profile", '/scout profile handles:"instagram:@ana.cooks, tiktok:@ana.eats" niches:"vegan food" country:US language:en rate:250 as:@ana.cooks'],
  async run({ options, services, invocation }) {
    const identity = identityOf(invocation, options.as);
    const me = await services.creators.me(identity);
    if (FIELDS.every((k) => options[k] === undefined)) {
      const form = profileForm(identity, me);
      return reply({ title: form.title, text: me ? "Update what changed; the rest stays." : "Tell the brand who you are: your handles, niches and rate.", form, ephemeral: true }, { form });
    }
    if (!me && !options.handles)
      throw new UsageError("handles: add at least one handle to register, e.g. instagram:@ana.cooks", undefined, undefined, { handles: "add at least one handle, e.g. instagram:@ana.cooks" });
    const patch: ProfilePatch = {};
    if (options.niches) {
      patch.categories = options.niches;
      patch.nicheKey = nicheKey({ categories: options.niches, hashtags: [] });
    }
    if (options.country) patch.country = options.country;
    if (options.language) patch.language = options.language;
    if (options.rate) {
      patch.rate = options.rate.amount;
      if (options.rate.currency) patch.currency = options.rate.currency;
    }
    const { creator, created, claims } = await services.creators.saveProfile(identity, options.handles ?? [], patch);
    const pending = claims.filter((c) => c.status === "pending");
    const waiting = pending.length ? `\n${pendingProfileText(pending)}` : "";
    if (!creator)
      return reply(
        { title: "Waiting for the brand's team", text: pendingProfileText(pending), tone: "info", ephemeral: true },
        { created: false, creatorId: null, source: null, accounts: [], claims: claims.map(claimJson) },
      );
    const a = creator.accounts[0];
    return reply(
      {
        title: created ? "Welcome to the roster" : "Profile saved",
        text:
          (created
            ? "You're in the brand's roster now. /campaigns lists the campaigns open for opt-ins."
            : "Your profile is up to date. Brands see it when they look for creators.") + waiting,
        tone: "success",
        ephemeral: true,
        sections: [
          {
            fields: [
              { label: "Handles", value: creator.accounts.map((x) => `${x.platform}:@${x.handle}`).join(", ") || "none yet" },
              { label: "Niches", value: [...new Set(creator.accounts.flatMap((x) => x.categories))].join(", ") || "not set" },
              { label: "Country", value: a?.country ?? "not set" },
              { label: "Language", value: a?.language ?? "not set" },
              { label: "Rate", value: a?.rate != null ? `${money(a.rate, a.currency)}${rateSelfDeclared({ ...a, selfDeclared: a.source === "community" }) ? " (self-declared)" : ""}` : "not set" },
              // On a roster account, what you declare is kept apart from the roster's figures.
              ...creator.accounts.flatMap((x) => {
                const d = declaredText(x.declared);
                return d ? [{ label: `Self-declared (@${x.handle})`, value: d }] : [];
              }),
            ],
          },
        ],
      },
      {
        created,
        creatorId: creator.creatorId,
        source: creator.source,
        accounts: creator.accounts.map((x) => ({ platform: x.platform, handle: x.handle, ...(x.declared ? { declared: x.declared } : {}) })),
        claims: claims.map(claimJson),
      },
    );
  },
});
