// The neutral message model commands answer with. Slack renders it as Block Kit, Discord as
// embeds and components, the console as text.

export interface Field {
  label: string;
  value: string;
}

export interface Section {
  title?: string;
  text?: string;
  fields?: Field[];
  /** Plain rows of a table (the console prints them aligned; chat renders a code block). */
  table?: { columns: string[]; rows: string[][] };
  /** Buttons about this section only (e.g. "Invite" next to one shortlisted creator). */
  actions?: Action[];
}

export interface Action {
  /** Stable id the surface sends back when pressed. */
  id: string;
  label: string;
  style?: "primary" | "danger";
  /** The command line the button runs, as the person who presses it (e.g. "optins approve id:..."). */
  value?: string;
  /** Shown but cannot be pressed (e.g. a closed campaign's "I'm in"). */
  disabled?: boolean;
}

/** A form a surface can show as a modal (Slack views.open, Discord modal). Submitting runs
 *  `command` with the field values as its options; field errors come back per field. */
export interface Form {
  title: string;
  submitLabel: string;
  command: string;
  fields: FormField[];
  /** Options passed through unchanged on submit (e.g. the id being edited). */
  hidden?: Record<string, string>;
}

export interface FormField {
  /** The option key the value fills. */
  key: string;
  label: string;
  kind: "text" | "textarea" | "number" | "date" | "select" | "url";
  required?: boolean;
  hint?: string;
  initial?: string;
  choices?: { value: string; label: string }[];
}

export interface Message {
  title?: string;
  text?: string;
  sections?: Section[];
  actions?: Action[];
  /** Only the person who ran the command sees it. */
  ephemeral?: boolean;
  /** A file the command wrote (e.g. a CSV export). */
  file?: { path: string; name: string; mime: string };
  /** A form to fill in (surfaces without forms show the text and usage instead). */
  form?: Form;
  tone?: "info" | "success" | "warning" | "error";
}

/** Command result: what people see, and what scripts read with --json. */
export interface Reply {
  message: Message;
  data?: unknown;
}

export const reply = (message: Message, data?: unknown): Reply => ({ message, data });
