import { describe, expect, it } from "vitest";
import type { Message, Section } from "../../src/core/message.ts";
import { LIMITS, escapeMrkdwn, splitEscaped } from "../../src/adapters/slack/blocks.ts";
import { decidedLine, messageBlocks, renderMessage, tableSections, updatedAfterClick } from "../../src/adapters/slack/render.ts";
import { fieldErrors, formTokens, formValues, formView, homeView, parseFormMeta } from "../../src/adapters/slack/views.ts";
import { checkBlocks, checkView } from "../fakes/slack-spec.ts";
import { commands } from "../../commands/index.ts";

/** Every text a page shows, joined. */
const allText = (blocks: unknown) => JSON.stringify(blocks);

function shortlistOf(n: number): Message {
  const sections: Section[] = Array.from({ length: n }, (_, i) => ({
    title: `${i + 1}. @creator.${i} (instagram): ${(90 - i / 2).toFixed(1)}`,
    text: ["- Engagement 4.1%, 88th percentile", "- Niche: vegan, food", "- Reliable: 4 of 4 delivered"].join("\n"),
    fields: [
      { label: "Tier", value: "micro, 12.3k followers" },
      { label: "Engagement", value: "ER 4.1% (88th percentile)" },
      { label: "Confidence", value: "85%" },
    ],
    actions: [{ id: `invite.instagram.creator.${i}`, label: "Invite", value: `campaign invite spring-launch handle:creator.${i} platform:instagram` }],
  }));
  return { title: "Shortlist for Spring launch", text: `Top ${n} of 1,234 creators who passed the filters.`, sections };
}

describe("Slack rendering: escaping", () => {
  it("never lets user text form a mention, a broadcast or a forged link", () => {
    const evil = "<!channel> hi <@U123> see <https://evil.example|your bank> & @here @channel @everyone";
    const [page] = renderMessage({ title: evil, text: evil, sections: [{ title: evil, text: evil, fields: [{ label: evil, value: evil }], table: { columns: ["a"], rows: [[evil]] } }] });
    const texts: { type: string; text: string }[] = [];
    JSON.stringify(page!.blocks, (_k, v) => (v && typeof v === "object" && typeof v.text === "string" && v.type ? (texts.push(v), v) : v));
    const mrkdwn = [...texts.filter((t) => t.type === "mrkdwn").map((t) => t.text), page!.text];
    expect(mrkdwn.length).toBeGreaterThan(4);
    // mrkdwn (parsed by Slack): no raw "<" at all; plain_text (never parsed): still no "<!" or "<@".
    for (const t of mrkdwn) expect(t).not.toMatch(/[<>]/);
    for (const t of texts.filter((x) => x.type === "plain_text")) expect(t.text).not.toMatch(/<[!@]/);
    const json = allText(page!.blocks) + page!.text;
    expect(json).not.toMatch(/@(here|channel|everyone)/);
    expect(json).toContain("&lt;!channel&gt;");
    expect(json).toContain("&amp;");
    expect(escapeMrkdwn("a < b > c & d")).toBe("a &lt; b &gt; c &amp; d");
  });

  it("splits long text at line ends within 3,000 characters and never inside an entity", () => {
    const long = Array.from({ length: 400 }, (_, i) => `line ${i} with <angle> & ampersand`).join("\n");
    const pieces = splitEscaped(escapeMrkdwn(long), LIMITS.sectionText);
    expect(pieces.length).toBeGreaterThan(1);
    for (const p of pieces) {
      expect(p.length).toBeLessThanOrEqual(3000);
      expect(p).not.toMatch(/&[a-z]*$/);
    }
    const oneLine = escapeMrkdwn("&".repeat(5000));
    for (const p of splitEscaped(oneLine, 3000)) expect(p).toMatch(/^(&amp;)+$/);
  });
});

describe("Slack rendering: Block Kit limits", () => {
  it("renders a shortlist of 50 with an Invite button each within the limits, over several messages", () => {
    const pages = renderMessage(shortlistOf(50));
    expect(pages.length).toBeGreaterThan(1);
    for (const p of pages) expect(checkBlocks(p.blocks, "message")).toEqual([]);
    const buttons = pages.flatMap((p) => p.blocks.filter((b) => b.type === "actions").flatMap((b) => (b as { elements: { action_id: string; value: string }[] }).elements));
    expect(buttons).toHaveLength(50);
    expect(new Set(buttons.map((b) => b.action_id)).size).toBe(50);
    expect(buttons[7]!.value).toBe("campaign invite spring-launch handle:creator.7 platform:instagram");
    expect(pages[0]!.blocks[0]).toMatchObject({ type: "header" });
    expect(pages[1]!.blocks[0]).toMatchObject({ type: "context" });
    expect(allText(pages[1]!.blocks[0]!)).toMatch(/continued \(2\/\d\)/);
    // Every result is there, each with its button on the same page.
    for (let i = 0; i < 50; i++) {
      const page = pages.find((p) => allText(p.blocks).includes(`@creator.${i} (instagram)`))!;
      expect(allText(page.blocks)).toContain(`handle:creator.${i} platform`);
    }
  });

  it("puts at most 10 fields in a section, cuts each to 2,000, and 25 buttons an actions block", () => {
    const m: Message = {
      sections: [{ fields: Array.from({ length: 23 }, (_, i) => ({ label: `f${i}`, value: i === 3 ? "x".repeat(5000) : "v" })) }],
      actions: Array.from({ length: 60 }, (_, i) => ({ id: "same", label: `Button number ${i} with a label far longer than Slack allows on a button`, value: `help x${i}` })),
    };
    const blocks = messageBlocks(m);
    expect(checkBlocks(blocks, "message")).toEqual([]);
    expect(blocks.filter((b) => b.type === "section")).toHaveLength(3);
    expect(blocks.filter((b) => b.type === "actions").map((b) => (b as { elements: unknown[] }).elements.length)).toEqual([25, 25, 10]);
  });

  it("renders a table as code blocks within 3,000 characters, header repeated", () => {
    const rows = Array.from({ length: 300 }, (_, i) => [`row-${i}`, "x".repeat(30), `value ${i}`]);
    const blocks = tableSections({ columns: ["name", "filler", "value"], rows });
    expect(blocks.length).toBeGreaterThan(3);
    expect(checkBlocks(blocks, "message")).toEqual([]);
    for (const b of blocks) {
      const t = (b as { text: { text: string } }).text.text;
      expect(t.startsWith("```\nname")).toBe(true);
      expect(t.endsWith("\n```")).toBe(true);
    }
    expect(allText(blocks)).toContain("row-299");
  });

  it("skips buttons with no command and keeps action ids within 255 characters", () => {
    const blocks = messageBlocks({ actions: [{ id: "x".repeat(400), label: "Go", value: "help" }, { id: "none", label: "Nothing" }] });
    expect(checkBlocks(blocks, "message")).toEqual([]);
    const els = (blocks[0] as { elements: { action_id: string }[] }).elements;
    expect(els).toHaveLength(1);
    expect(els[0]!.action_id.length).toBeLessThanOrEqual(255);
  });

  it("renders the help of the whole registry within the limits", async () => {
    const help = commands.find((c) => c.name === "help")!;
    const r = await help.run({ options: {}, invocation: { id: "x", surface: "slack", command: "help", options: {}, actor: { id: "U", name: "u", roles: ["marketer"] }, place: { channelId: "C" } }, services: {} as never, log: console as never, progress: () => {}, registry: commands });
    for (const p of renderMessage(r.message)) expect(checkBlocks(p.blocks, "message")).toEqual([]);
  });
});

describe("Slack rendering: after a click", () => {
  it("keeps the original, drops the clicked buttons, adds the result and who decided", () => {
    const original = renderMessage({ title: "New opt-in", text: "@ana wants in", actions: [{ id: "optin.approve.1", label: "Approve", value: "optins approve id:1" }] })[0]!.blocks;
    const clicked = original.find((b) => b.type === "actions")!.block_id;
    const page = updatedAfterClick({ original, clickedBlockId: clicked, result: { title: "Opt-in approved", text: "Ana is in" }, decided: decidedLine("Approve", "U0MIA", new Date("2026-05-01T10:02:00Z")) });
    expect(page.blocks.some((b) => b.type === "actions")).toBe(false);
    expect(allText(page.blocks)).toContain("@ana wants in");
    expect(allText(page.blocks)).toContain("*Opt-in approved*");
    expect(allText(page.blocks.at(-1)!)).toContain("Approved by <@U0MIA> at <!date^1777629720^{time}|10:02 UTC>");
    expect(checkBlocks(page.blocks, "message")).toEqual([]);
  });

  it("words who decided for verbs and for longer labels", () => {
    const at = new Date("2026-05-01T10:02:00Z");
    expect(decidedLine("Decline", "U1", at)).toMatch(/^Declined by <@U1>/);
    expect(decidedLine("Reject", "U1", at)).toMatch(/^Rejected by/);
    expect(decidedLine("Request changes", "U1", at)).toMatch(/^<@U1> chose \*Request changes\*/);
    expect(decidedLine("I'm in", "U1", at)).toMatch(/chose \*I'm in\*/);
  });

  it("stays within 50 blocks when the original message was already full", () => {
    const original = renderMessage(shortlistOf(50))[0]!.blocks;
    const page = updatedAfterClick({ original, clickedBlockId: "nope", result: shortlistOf(10), decided: "x" });
    expect(page.blocks.length).toBeLessThanOrEqual(50);
    expect(checkBlocks(page.blocks, "message")).toEqual([]);
  });
});

describe("Slack forms and Home", () => {
  const form = {
    title: "A new campaign with a long title",
    submitLabel: "Create the draft campaign",
    command: "campaign new",
    hidden: { brand: "Acme" },
    fields: [
      { key: "name", label: "Name", kind: "text" as const, required: true, hint: "e.g. Spring launch" },
      { key: "brief", label: "Brief", kind: "textarea" as const },
      { key: "budget", label: "Budget", kind: "number" as const, initial: "500" },
      { key: "go-live", label: "Go-live", kind: "date" as const, initial: "2026-12-15" },
      { key: "objective", label: "Objective", kind: "select" as const, initial: "sales", choices: [{ value: "sales", label: "Sales" }, { value: "awareness", label: "Awareness" }] },
      { key: "landing-url", label: "Landing URL", kind: "url" as const },
    ],
  };

  it("turns a form into a modal: one input per field, block_id and action_id the key", () => {
    const v = formView(form, { channelId: "C0CAMP" });
    expect(checkView(v as never)).toEqual([]);
    expect(v.blocks.map((b) => b.block_id)).toEqual(["name", "brief", "budget", "go-live", "objective", "landing-url"]);
    const types = v.blocks.map((b) => (b as { element: { type: string; action_id: string } }).element);
    expect(types.map((e) => e.type)).toEqual(["plain_text_input", "plain_text_input", "number_input", "datepicker", "static_select", "url_text_input"]);
    expect(types.map((e) => e.action_id)).toEqual(["name", "brief", "budget", "go-live", "objective", "landing-url"]);
    expect(v.title.text.length).toBeLessThanOrEqual(24);
    expect(parseFormMeta(v.private_metadata)).toEqual({ c: "campaign new", h: { brand: "Acme" }, ch: "C0CAMP" });
  });

  it("reads submitted values back as key:value tokens, hidden values kept", () => {
    const values = formValues({
      name: { name: { type: "plain_text_input", value: "Spring launch" } },
      brief: { brief: { type: "plain_text_input", value: "  " } },
      "go-live": { "go-live": { type: "datepicker", selected_date: "2026-12-15" } },
      objective: { objective: { type: "static_select", selected_option: { value: "sales" } } },
    });
    expect(values).toEqual({ name: "Spring launch", "go-live": "2026-12-15", objective: "sales" });
    expect(formTokens({ c: "campaign new", h: { brand: "Acme" } }, values)).toEqual(["campaign", "new", "name:Spring launch", "go-live:2026-12-15", "objective:sales", "brand:Acme"]);
  });

  it("puts each field error on its block, and the others on the first block", () => {
    expect(fieldErrors(["name", "budget"], { budget: "must be positive", name: "is required" }, "x")).toEqual({ budget: "Must be positive", name: "Is required" });
    expect(fieldErrors(["name", "budget"], { slug: "is taken" }, "x")).toEqual({ name: "slug: is taken" });
    expect(fieldErrors(["name"], undefined, "Only the marketing team can do this.")).toEqual({ name: "Only the marketing team can do this." });
  });

  it("keeps the Home tab within 100 blocks", () => {
    const v = homeView(shortlistOf(80), "a note");
    expect(v.blocks.length).toBeLessThanOrEqual(100);
    expect(checkView(v as never)).toEqual([]);
  });
});
