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
}

export interface Action {
  /** Stable id the surface sends back when pressed. */
  id: string;
  label: string;
  style?: "primary" | "danger";
  value?: string;
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
  tone?: "info" | "success" | "warning" | "error";
}

/** Command result: what people see, and what scripts read with --json. */
export interface Reply {
  message: Message;
  data?: unknown;
}

export const reply = (message: Message, data?: unknown): Reply => ({ message, data });
