// What the chat renderers say about what they left out counts its things right: "1 more page",
// "2 more items", never "1 more page(s)".
import { describe, expect, it } from "vitest";
import { limitPages, MAX_PAGES } from "../../src/adapters/slack/context.ts";
import type { SlackPage } from "../../src/adapters/slack/render.ts";
import { LIMITS, renderMessage } from "../../src/adapters/discord/render.ts";
import { createCustomIds } from "../../src/adapters/discord/custom-id.ts";
import type { Message } from "../../src/core/message.ts";

const page = (i: number): SlackPage => ({ text: `page ${i}`, blocks: [{ type: "section", text: { type: "mrkdwn", text: `page ${i}` } }] }) as unknown as SlackPage;
const note = (pages: SlackPage[]) => JSON.stringify(pages.at(-1)!.blocks.at(-1));

describe("what a renderer left out", () => {
  it("Slack: 1 more page, 2 more pages", () => {
    expect(note(limitPages(Array.from({ length: MAX_PAGES + 1 }, (_, i) => page(i))))).toMatch(/_1 more page not shown/);
    expect(note(limitPages(Array.from({ length: MAX_PAGES + 2 }, (_, i) => page(i))))).toMatch(/_2 more pages not shown/);
  });

  it("Discord: 1 more item, 2 more items", () => {
    const ids = createCustomIds("test-token");
    const footer = (extra: number) => {
      const n = LIMITS.fields * LIMITS.embeds + extra;
      const m: Message = { title: "Many", sections: [{ fields: Array.from({ length: n }, (_, i) => ({ label: `f${i}`, value: "v" })) }] };
      return renderMessage(m, ids).embeds.map((e) => e.footer?.text ?? "").join("\n");
    };
    expect(footer(1)).toMatch(/^1 more item not shown/m);
    expect(footer(2)).toMatch(/^2 more items not shown/m);
  });
});
