import { z } from "zod";
import { defineCommand } from "../src/core/command.ts";
import { UserError } from "../src/core/errors.ts";
import { openImports } from "../src/core/files.ts";
import { reply, type Field } from "../src/core/message.ts";
import { plural } from "../src/core/text.ts";
import { importRoster, type ImportSummary } from "../src/core/roster/import.ts";
import { parsePlatform } from "../src/core/roster/values.ts";
import { PLATFORMS } from "../src/core/platform.ts";

/** A platform as people write it (Instagram, IG, yt...), for the roster commands. */
export const rosterPlatform = z.string().transform((v, ctx) => {
  const p = parsePlatform(v);
  if (!p.ok || p.value === null) {
    ctx.addIssue({ code: "custom", message: `expected one of ${PLATFORMS.join(", ")}` });
    return z.NEVER;
  }
  return p.value;
});

const platformOption = rosterPlatform.optional().describe("<platform> for files without a platform column: " + PLATFORMS.join(", "));

const SHOWN = 15;

export default defineCommand({
  name: "roster import",
  summary: "Import creators (and their post metrics) from CSV files",
  description:
    "Reads a CSV of creators whose columns may carry common export names (handle/username/channel, " +
    "platform, followers, following, posts, category/niche, country, language, e-mail, rate, currency). " +
    "An optional posts file (account, post id, date, likes, comments, views...) gives each account its median " +
    "engagement rate over its 30 latest posts. Re-importing updates numbers and never creates duplicates. " +
    "Rows with bad values are skipped and listed; the other rows are imported. On the console and the CLI <file> is a path; " +
    "in Slack, send the CSV to Scout in a direct message with the comment `import` (chat never reads a file on the server by its path).",
  audience: "marketer",
  positional: ["file"],
  options: z.object({
    file: z.string().min(1).describe("<file> the creators CSV (a path on the console and the CLI)"),
    posts: z.string().min(1).optional().describe("<file> a CSV of per-post metrics"),
    platform: platformOption,
  }),
  examples: [
    "/scout roster import creators.csv platform:instagram",
    "/scout roster import creators.csv posts:posts.csv platform:instagram",
  ],
  slow: true,
  async run({ options, services, progress, signal, invocation }) {
    // Both files are opened (and a path from chat refused) before either is read.
    const [creators, posts] = await openImports(services, invocation, "roster", ...[options.file, options.posts].filter((f) => f !== undefined));
    if (!creators) throw new Error("no creators file opened");
    let summary: ImportSummary;
    try {
      summary = await importRoster({ creators, posts }, { platform: options.platform, maxRows: services.files.limits.maxRows }, services.roster, progress, signal);
    } catch (e) {
      if (signal?.aborted)
        throw new UserError("CANCELLED", "Import cancelled: nothing was written; the roster is as it was before.", "Run the same command again to import the files.");
      throw e;
    }
    // The shortlist's niche pre-filter keys; until computed, accounts are simply never pre-filtered.
    await services.roster.refreshNicheKeys(progress);
    return reply(renderSummary(summary), summary);
  },
});

function renderSummary(s: ImportSummary) {
  const fields: Field[] = [
    { label: "Accounts", value: `${s.accounts.created} created, ${s.accounts.updated} updated` },
    { label: "Posts", value: `${s.posts.created} created, ${s.posts.updated} updated${s.posts.unchanged ? `, ${s.posts.unchanged} unchanged` : ""}` },
    { label: "With a median ER", value: String(s.accountsWithEr) },
    ...(s.duplicates ? [{ label: "Repeated lines", value: `${s.duplicates} identical ${plural(s.duplicates, "line")}, imported once` }] : []),
    { label: "Skipped", value: s.skipped.length ? `${s.skipped.length} ${plural(s.skipped.length, "row")} (see below)` : "none" },
  ];
  const lines = s.skipped
    .slice(0, SHOWN)
    .map((p) => `${p.file} line ${p.line}${p.handle ? ` (${p.handle})` : ""}: ${p.reason}`);
  if (s.skipped.length > SHOWN) lines.push(`...and ${s.skipped.length - SHOWN} more (add --json to see them all).`);
  const imported = s.accounts.created + s.accounts.updated;
  return {
    title: imported ? "Roster imported" : "Nothing imported",
    tone: s.skipped.length ? ("warning" as const) : ("success" as const),
    text:
      `Read ${s.rows.creators} creator ${plural(s.rows.creators, "row")}` +
      (s.rows.posts ? ` and ${s.rows.posts} post ${plural(s.rows.posts, "row")}` : "") +
      `.${s.skipped.length ? " Fix the skipped rows and import the file again: rows already imported are updated, not duplicated." : ""}`,
    sections: [{ fields }, ...(lines.length ? [{ title: "Skipped rows", text: lines.join("\n") }] : [])],
  };
}
