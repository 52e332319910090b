// Test-only commands, registered beside the real registry in Slack tests: a button target that
// counts its runs and posts a notice (to see that a retried click runs once), and a command that
// answers with a form and validates its fields (to see field errors land on the right block).
import { z } from "zod";
import { dispatch } from "../../src/adapters/dispatch.ts";
import type { App } from "../../src/app.ts";
import { defineCommand, type AnyCommand } from "../../src/core/command.ts";
import { UserError } from "../../src/core/errors.ts";
import { reply, type Form } from "../../src/core/message.ts";

export const approvals = new Map<string, number>();

export const testApprove = defineCommand({
  name: "test approve",
  summary: "Test only: approve something, counting runs, and tell the marketers",
  audience: "marketer",
  options: z.object({ id: z.string().min(1) }),
  examples: ["/scout test approve id:p1"],
  async run({ options, services, invocation }) {
    approvals.set(options.id, (approvals.get(options.id) ?? 0) + 1);
    await services.notifier.toMarketers({ kind: "info", message: { text: `Opt-in ${options.id} approved by ${invocation.actor.name}` } });
    return reply({ title: "Opt-in approved", text: `${options.id} is in.`, tone: "success" });
  },
});

export const testForm: Form = {
  title: "Test campaign",
  submitLabel: "Create",
  command: "test campaign",
  hidden: { brand: "Acme" },
  fields: [
    { key: "name", label: "Name", kind: "text", required: true },
    { key: "budget", label: "Budget", kind: "number" },
    { key: "go-live", label: "Go-live", kind: "date" },
    { key: "objective", label: "Objective", kind: "select", choices: [{ value: "sales", label: "Sales" }, { value: "awareness", label: "Awareness" }] },
    { key: "landing-url", label: "Landing URL", kind: "url" },
    { key: "notes", label: "Notes", kind: "textarea" },
  ],
};

export const testCampaign = defineCommand({
  name: "test campaign",
  summary: "Test only: a form, then a created campaign",
  audience: "marketer",
  options: z.object({
    name: z.string().min(3, { message: "needs at least 3 characters" }).optional(),
    budget: z.coerce.number({ message: "expects a number" }).positive({ message: "must be more than 0" }).optional(),
    "go-live": z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: "expects a date" }).optional(),
    objective: z.enum(["sales", "awareness"]).optional(),
    "landing-url": z.url({ message: "expects a web address" }).optional(),
    notes: z.string().optional(),
    brand: z.string().optional(),
  }),
  examples: ["/scout test campaign", "/scout test campaign name:Spring budget:100"],
  async run({ options }) {
    if (Object.values(options).every((v) => v === undefined) || (options.brand && !options.name)) return reply({ text: "Fill in the form.", form: testForm, ephemeral: true });
    if (options.name === "taken") throw new UserError("SLUG_TAKEN", "A campaign with that name exists already.", "Choose another name.");
    return reply({
      title: `Created ${options.name} for ${options.brand ?? "nobody"}`,
      text: `Budget ${options.budget ?? "none"}, go-live ${options["go-live"] ?? "unset"}, ${options.objective ?? "no objective"}, notes: ${options.notes ?? "-"}`,
    });
  },
});

export const testCommands: AnyCommand[] = [testApprove, testCampaign];

/** The app's registry plus the test commands, served by the real dispatcher. */
export function withTestCommands(app: App) {
  const registry = [...app.registry, ...testCommands];
  return { registry, dispatch: (req: Parameters<App["dispatch"]>[0]) => dispatch({ registry, services: app.services, log: app.log }, req) };
}
