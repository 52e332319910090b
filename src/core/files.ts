// Which files a command may read. On the console and the CLI the operator is on their own machine
// and names a path. From a chat surface (Slack, Discord) a command reads only files the person
// uploaded with it: a path typed in chat is refused before anything on the server is touched, so
// chat can neither read nor probe the server's files.
import { UserError } from "./errors.ts";
import { isLocal } from "./creators/identity.ts";
import type { Invocation } from "./invocation.ts";
import type { ImportSource, Services } from "./services.ts";

const HOW_TO_UPLOAD: Record<string, string> = {
  roster: "Send the CSV to Scout in a direct message, with the comment `import platform:instagram` (add the posts file to the same message).",
  metrics: "Send the CSV to Scout in a direct message, with the comment `metrics import campaign:<slug>`.",
};

/**
 * Opens the files named for an import: paths on the console/CLI, uploaded files' names elsewhere.
 * Every name is checked before any file is opened.
 */
export async function openImports(
  services: Pick<Services, "files">,
  inv: Pick<Invocation, "surface" | "uploads">,
  kind: "roster" | "metrics",
  ...names: string[]
): Promise<ImportSource[]> {
  const targets = names.map((name) => target(inv, name, kind));
  const out: ImportSource[] = [];
  for (const t of targets) out.push(await services.files.open(t.path, t.label));
  return out;
}

function target(inv: Pick<Invocation, "surface" | "uploads">, name: string, kind: "roster" | "metrics"): { path: string; label: string | undefined } {
  if (isLocal(inv.surface)) return { path: name, label: undefined };
  const upload = inv.uploads?.find((u) => u.name === name);
  if (!upload)
    throw new UserError(
      "IMPORT_UPLOAD_ONLY",
      inv.surface === "slack"
        ? "Scout imports only files you upload here, never a file named by its path on the server."
        : "Imports run from Slack, with a file you upload; Scout never reads a file named by its path on the server from chat.",
      inv.surface === "slack" ? HOW_TO_UPLOAD[kind] : undefined,
    );
  return { path: upload.path, label: upload.name };
}
