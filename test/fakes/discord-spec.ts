// Checks what the bot sends to Discord: each request body against Discord's own OpenAPI
// description (../shared/specs/discord-openapi.json, with ajv), and against the written limits the
// description does not enforce (2,000 characters of content, 6,000 of embeds, 25 fields, 5 buttons
// a row, 5 rows, custom_id ≤ 100, modal title ≤ 45 and ≤ 5 components) and Scout's own rule that no
// message may mention anyone by parsing (allowed_mentions.parse is empty).
import fs from "node:fs";
import path from "node:path";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";

const SPEC_FILE = path.resolve(import.meta.dirname, "../../../shared/specs/discord-openapi.json");
export const specAvailable = () => fs.existsSync(SPEC_FILE);

let ajv: Ajv2020 | undefined;
const compiled = new Map<string, ValidateFunction | null>();
let warned = false;

function validatorFor(specPath: string, method: string): ValidateFunction | null {
  const key = `${method} ${specPath}`;
  if (compiled.has(key)) return compiled.get(key)!;
  if (!specAvailable()) {
    if (!warned) console.warn(`Discord's API description is absent (${SPEC_FILE}): recorded bodies are checked against the written limits only.`);
    warned = true;
    compiled.set(key, null);
    return null;
  }
  if (!ajv) {
    const spec = JSON.parse(fs.readFileSync(SPEC_FILE, "utf8"));
    ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: false, validateSchema: false });
    ajv.addSchema({ $id: "discord", components: spec.components, paths: spec.paths } as object);
  }
  const op = (ajv.getSchema("discord")!.schema as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>> }).paths[specPath]?.[method.toLowerCase()];
  const schema = op?.requestBody?.content["application/json"]?.schema;
  if (!op) throw new Error(`${method} ${specPath}: no such operation in Discord's API description`);
  const v = schema ? ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"discord#/components/'))) : null;
  compiled.set(key, v);
  return v;
}

interface Embed {
  title?: string;
  description?: string;
  fields?: { name: string; value: string }[];
  footer?: { text?: string };
  author?: { name?: string };
}
interface Component {
  type: number;
  custom_id?: string;
  components?: Component[];
  component?: Component;
}

export function checkMessage(m: Record<string, any> | undefined, where: string): string[] {
  if (!m) return [];
  const out: string[] = [];
  if (typeof m.content === "string" && m.content.length > 2000) out.push(`${where}: content of ${m.content.length} characters (max 2000)`);
  if (typeof m.content === "string" && /@(everyone|here)\b/.test(m.content)) out.push(`${where}: content carries a broadcast mention`);
  const embeds = (Array.isArray(m.embeds) ? m.embeds : []) as Embed[];
  if (embeds.length > 10) out.push(`${where}: ${embeds.length} embeds (max 10)`);
  let total = 0;
  for (const [i, e] of embeds.entries()) {
    total += (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text?.length ?? 0) + (e.author?.name?.length ?? 0);
    if ((e.fields?.length ?? 0) > 25) out.push(`${where}: embed ${i} has ${e.fields!.length} fields (max 25)`);
    for (const f of e.fields ?? []) total += f.name.length + f.value.length;
  }
  if (total > 6000) out.push(`${where}: embeds of ${total} characters (max 6000)`);
  const rows = (Array.isArray(m.components) ? m.components : []) as Component[];
  if (rows.length > 5) out.push(`${where}: ${rows.length} action rows (max 5)`);
  for (const [i, r] of rows.entries()) {
    if ((r.components?.length ?? 0) > 5) out.push(`${where}: row ${i} has ${r.components!.length} buttons (max 5)`);
    for (const c of r.components ?? []) if (c.custom_id !== undefined && (c.custom_id.length < 1 || c.custom_id.length > 100)) out.push(`${where}: custom_id of ${c.custom_id.length} characters`);
  }
  if (m.embeds || m.content !== undefined) {
    const am = m.allowed_mentions as { parse?: unknown[] } | undefined;
    if (!am || !Array.isArray(am.parse) || am.parse.length) out.push(`${where}: allowed_mentions.parse must be [] (got ${JSON.stringify(am)})`);
  }
  return out;
}

function checkModal(d: Record<string, any>, where: string): string[] {
  const out: string[] = [];
  if (typeof d.title !== "string" || d.title.length > 45) out.push(`${where}: modal title of ${d.title?.length} characters (max 45)`);
  if (typeof d.custom_id !== "string" || d.custom_id.length > 100) out.push(`${where}: modal custom_id too long`);
  const comps = (d.components ?? []) as Component[];
  if (!comps.length || comps.length > 5) out.push(`${where}: ${comps.length} modal components (1 to 5)`);
  for (const c of comps) {
    const inner = c.component ?? c.components?.[0];
    if (inner?.custom_id && inner.custom_id.length > 100) out.push(`${where}: field custom_id too long`);
  }
  return out;
}

/** Problems with one request the bot made (route as in the API description, e.g. /channels/{channel_id}/messages). */
export function checkRequest(method: string, specPath: string, body: unknown): string[] {
  const where = `${method} ${specPath}`;
  const out: string[] = [];
  const v = validatorFor(specPath, method);
  if (v && body !== undefined && !v(body)) out.push(`${where}: ${(v.errors ?? []).slice(0, 3).map((e) => `${e.instancePath || "body"} ${e.message}`).join("; ")}`);
  const b = (body ?? {}) as Record<string, any>;
  if (specPath.endsWith("/callback")) {
    if (b.type === 9) out.push(...checkModal(b.data ?? {}, where));
    else if (b.type === 4 || b.type === 7) out.push(...checkMessage(b.data, where));
    else if (b.type === 8 && (b.data?.choices?.length ?? 0) > 25) out.push(`${where}: more than 25 choices`);
  } else if (specPath === "/channels/{channel_id}/threads") out.push(...checkMessage(b.message, where));
  else if (/messages|webhooks/.test(specPath) && method !== "GET") out.push(...checkMessage(b, where));
  if (specPath.endsWith("/commands") && Array.isArray(body))
    for (const c of body as { name: string; description: string; options?: { name: string; description: string; options?: unknown[] }[] }[]) {
      if (!/^[-_\p{Ll}\p{N}]{1,32}$/u.test(c.name)) out.push(`${where}: command name ${c.name}`);
      if (!c.description || c.description.length > 100) out.push(`${where}: /${c.name} description of ${c.description?.length}`);
      if ((c.options?.length ?? 0) > 25) out.push(`${where}: /${c.name} has more than 25 options`);
    }
  return out;
}
