// The Discord rendering and ids on their own (no server): messages of any size stay within
// Discord's limits, user text cannot ping or forge links, custom ids are signed and checked.
import { describe, expect, it } from "vitest";
import { commands } from "../../commands/index.ts";
import type { Message } from "../../src/core/message.ts";
import { commandPayloads } from "../../src/adapters/discord/commands.ts";
import { createCustomIds } from "../../src/adapters/discord/custom-id.ts";
import { formModal } from "../../src/adapters/discord/modal.ts";
import { escapeText, renderMessage } from "../../src/adapters/discord/render.ts";
import { checkMessage, checkRequest } from "../fakes/discord-spec.ts";

const ids = createCustomIds("a-token-for-tests-123");

describe("Discord rendering", () => {
  it("keeps a huge message within 10 embeds, 25 fields each, 6,000 characters and 5 rows of 5 buttons", () => {
    const m: Message = {
      title: "T".repeat(400),
      text: "x".repeat(5000),
      sections: Array.from({ length: 120 }, (_, i) => ({ title: `Section ${i}`, text: "y".repeat(900), fields: [{ label: "a", value: "b".repeat(2000) }] })),
      actions: Array.from({ length: 40 }, (_, i) => ({ id: `a${i}`, label: `Button ${i}`.repeat(20), value: `optin campaign-${i}` })),
    };
    const out = renderMessage(m, ids);
    expect(checkMessage(out, "huge")).toEqual([]);
    expect(checkRequest("POST", "/channels/{channel_id}/messages", out)).toEqual([]);
    expect(out.components.length).toBeLessThanOrEqual(5);
    expect(out.components.flatMap((r) => r.components).every((b) => b.label.length <= 80)).toBe(true);
    expect(JSON.stringify(out.embeds)).toMatch(/\d+ more items not shown/);
  });

  it("escapes mentions, masked links and markdown in user text, and leaves bare links whole", () => {
    const s = escapeText("@everyone look [free](https://evil.example) <@123> **bold** https://shop.example.com/a_b");
    expect(s).not.toMatch(/(^|[^\u200b])@everyone/);
    expect(s).not.toMatch(/[^\\]\[free\]\(/);
    expect(s).toContain("\\<@123\\>");
    expect(s).toContain("\\*\\*bold\\*\\*");
    expect(s).toContain("https://shop.example.com/a_b");
  });

  it("gives a button whose label is empty or blank the command it runs, and puts a label of several lines on one", () => {
    const m: Message = {
      actions: [
        { id: "a", label: "", value: "shortlist platform:x" },
        { id: "b", label: " \n\t", value: "campaign show spring" },
        { id: "c", label: "Approve\n  Ana", value: "approve spring ana" },
      ],
    };
    const out = renderMessage(m, ids);
    expect(out.components.flatMap((r) => r.components).map((b) => b.label)).toEqual(["/scout shortlist platform:x", "/scout campaign show spring", "Approve Ana"]);
    expect(checkMessage(out, "blank labels")).toEqual([]);
  });

  it("a disabled action renders as a disabled button", () => {
    const out = renderMessage({ text: "closed", actions: [{ id: "x", label: "I'm in", value: "optin a", disabled: true }] }, ids);
    expect(out.components[0]!.components[0]!.disabled).toBe(true);
  });
});

describe("custom ids", () => {
  it("carry the command line, fit in 100 characters, and are checked when they come back", () => {
    const id = ids.make("s", "optins approve id:3f0c2a9e-8d1b-4c52-9a57-0b5d1e6f7a21")!;
    expect(id.length).toBeLessThanOrEqual(100);
    expect(ids.read(id)).toEqual({ kind: "s", line: "optins approve id:3f0c2a9e-8d1b-4c52-9a57-0b5d1e6f7a21" });
    expect(ids.read(id.replace("approve", "decline"))).toEqual({ refused: "forged" });
    expect(ids.read(id.replace(/^s1/, "s0"))).toEqual({ refused: "stale" });
    expect(createCustomIds("another-token-456").read(id)).toEqual({ refused: "forged" });
    expect(ids.make("s", "x".repeat(100))).toBeNull();
  });

  it("a form becomes a modal of at most 5 labelled fields whose custom id submits to its command", () => {
    const modal = formModal(
      {
        title: "A form with a rather long title that goes past the limit",
        submitLabel: "Save",
        command: "profile",
        hidden: { campaign: "spring launch" },
        fields: Array.from({ length: 7 }, (_, i) => ({ key: `f${i}`, label: `Field ${i}`, kind: i === 0 ? ("select" as const) : ("text" as const), required: i < 2, choices: i === 0 ? [{ value: "a", label: "A" }] : undefined })),
      },
      ids,
    )!;
    expect(modal.title.length).toBeLessThanOrEqual(45);
    expect(modal.components).toHaveLength(5);
    expect(ids.read(modal.custom_id)).toEqual({ kind: "m", line: 'profile campaign:"spring launch"' });
    expect(checkRequest("POST", "/interactions/{interaction_id}/{interaction_token}/callback", { type: 9, data: modal })).toEqual([]);
  });

  it("a form with a blank title or label shows the command and the field's key instead, and one with no field to fill in is no modal", () => {
    const modal = formModal({ title: " \n", submitLabel: "Save", command: "campaign new", fields: [{ key: "name", label: "\t", kind: "text" }, { key: "budget", label: "Budget\n(EUR)", kind: "text" }] }, ids)!;
    expect(modal.title).toBe("/scout campaign new");
    expect(modal.components.map((c) => c.label)).toEqual(["name", "Budget (EUR)"]);
    expect(checkRequest("POST", "/interactions/{interaction_id}/{interaction_token}/callback", { type: 9, data: modal })).toEqual([]);
    expect(formModal({ title: "Edit", submitLabel: "Save", command: "campaign edit", hidden: { slug: "spring" }, fields: [{ key: "slug", label: "Campaign", kind: "text" }] }, ids)).toBeNull();
  });
});

describe("slash commands from the registry", () => {
  it("are within Discord's limits for names, descriptions and options", () => {
    const body = commandPayloads(commands);
    expect(checkRequest("PUT", "/applications/{application_id}/guilds/{guild_id}/commands", body)).toEqual([]);
    expect(body.length).toBeGreaterThan(0);
  });
});
