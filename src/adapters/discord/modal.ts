// Forms as Discord modals (at most 5 fields, each in a label: a text input, or a select for
// choices) and their submitted values back as command options. What a person typed is kept for a
// quarter of an hour, so a form shown again after an error comes back filled in.
import type { Form, FormField } from "../../core/message.ts";
import type { CustomIds } from "./custom-id.ts";
import { oneLine } from "../../core/text.ts";
import { clip } from "./render.ts";

export const MODAL_LIMITS = { title: 45, components: 5, label: 45, description: 100, placeholder: 100, value: 4000, options: 25 } as const;

const PLACEHOLDER: Partial<Record<FormField["kind"], string>> = { number: "a number, e.g. 12500", date: "YYYY-MM-DD", url: "https://…" };

const quote = (v: string) => (/[\s"']/.test(v) || v === "" ? `"${v.replace(/"/g, '\\"')}"` : v);

/** The command line a form submits to, hidden options included: `optin slug:spring-launch`. */
export function formLine(form: Form): string {
  return [form.command.trim(), ...Object.entries(form.hidden ?? {}).map(([k, v]) => `${k}:${quote(v)}`)].join(" ");
}

function component(f: FormField, initial: string | undefined) {
  if (f.kind === "select" && f.choices?.length) {
    const options = f.choices.slice(0, MODAL_LIMITS.options).map((c) => ({
      label: clip(c.label || c.value, 100),
      value: c.value.slice(0, 100),
      ...(c.value === initial ? { default: true } : {}),
    }));
    return { type: 3, custom_id: f.key, options, min_values: f.required ? 1 : 0, max_values: 1, required: Boolean(f.required) };
  }
  const value = initial?.slice(0, MODAL_LIMITS.value);
  const placeholder = f.kind === "select" ? "" : PLACEHOLDER[f.kind] ?? "";
  return {
    type: 4,
    custom_id: f.key,
    style: f.kind === "textarea" ? 2 : 1,
    required: Boolean(f.required),
    max_length: f.kind === "textarea" ? MODAL_LIMITS.value : 1000,
    ...(value ? { value } : {}),
    ...(placeholder ? { placeholder } : {}),
  };
}

/** The fields a person fills in (not those the form carries hidden). */
export function visibleFields(form: Form) {
  const hidden = new Set(Object.keys(form.hidden ?? {}));
  return form.fields.filter((f) => !hidden.has(f.key));
}

/** The modal for a form, or null when its command line does not fit a custom id or it has no field to fill in (Discord refuses an empty modal). */
export function formModal(form: Form, ids: CustomIds, remembered?: Record<string, string>) {
  const fields = visibleFields(form);
  if (!fields.length) return null;
  const customId = ids.make("m", formLine(form));
  if (!customId) return null;
  const shown = [...fields.filter((f) => f.required), ...fields.filter((f) => !f.required)].slice(0, MODAL_LIMITS.components);
  const order = fields.filter((f) => shown.includes(f));
  return {
    custom_id: customId,
    // Discord refuses an empty title or label: a blank one shows the command, or the field's key.
    title: clip(oneLine(form.title), MODAL_LIMITS.title) || clip(`/scout ${form.command}`, MODAL_LIMITS.title),
    components: order.map((f) => {
      const hint = f.hint ?? (f.kind === "select" && f.choices && f.choices.length > MODAL_LIMITS.options ? `One of: ${f.choices.map((c) => c.value).join(", ")}` : undefined);
      return {
        type: 18,
        label: clip(oneLine(f.label), MODAL_LIMITS.label) || clip(f.key, MODAL_LIMITS.label),
        ...(hint ? { description: clip(hint, MODAL_LIMITS.description) } : {}),
        component: component(f, remembered?.[f.key] ?? f.initial),
      };
    }),
  };
}

/** Submitted values by field key (empty ones left out): text inputs' value, selects' first value. */
export function submittedValues(fields: Iterable<[string, { value?: string | null; values?: readonly string[] | null }]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, f] of fields) {
    const v = (typeof f.value === "string" ? f.value : f.values?.[0]) ?? "";
    if (v.trim()) out[key] = v.trim();
  }
  return out;
}

/** What people typed in a form, per person and form, for 15 minutes (a form shown again after an error comes back filled in). */
export function createFormMemory(ttlMs = 15 * 60_000, max = 5000) {
  const m = new Map<string, { at: number; values: Record<string, string>; labels: Record<string, string>; origin?: string }>();
  const key = (userId: string, command: string) => `${userId}\u0000${command.trim().split(/\s+/)[0]}`;
  return {
    shown(userId: string, form: Form, origin: string) {
      const k = key(userId, form.command);
      const prev = m.get(k);
      m.set(k, { at: Date.now(), values: prev?.values ?? {}, labels: Object.fromEntries(form.fields.map((f) => [f.key, f.label])), origin });
      if (m.size > max) m.delete(m.keys().next().value!);
    },
    typed(userId: string, command: string, values: Record<string, string>) {
      const k = key(userId, command);
      const prev = m.get(k);
      m.set(k, { at: Date.now(), values, labels: prev?.labels ?? {}, ...(prev?.origin ? { origin: prev.origin } : {}) });
    },
    get(userId: string, command: string) {
      const e = m.get(key(userId, command));
      return e && Date.now() - e.at < ttlMs ? e : undefined;
    },
    forget(userId: string, command: string) {
      m.delete(key(userId, command));
    },
  };
}
export type FormMemory = ReturnType<typeof createFormMemory>;
