import { describe, expect, it } from "vitest";
import { Writable } from "node:stream";
import { createConsoleNotifier } from "../../../src/adapters/console/console.notifier.ts";
import { optInActions } from "../../../src/core/campaigns/notices.ts";
import { createNotifierHub } from "../../../src/core/notifier.ts";

function sink() {
  const chunks: string[] = [];
  const out = new Writable({ write: (c, _e, cb) => (chunks.push(String(c)), cb()) });
  return { out, text: () => chunks.join("") };
}

describe("console notifier", () => {
  it("prints a notice's title, text and each button with the command it runs", async () => {
    const s = sink();
    const hub = createNotifierHub();
    hub.add(createConsoleNotifier(s.out));
    const posted = await hub.toMarketers({
      kind: "optin",
      campaign: { id: "c1", slug: "spring", name: "Spring" },
      message: { title: "@ana opted in to Spring", text: "Ana wants to take part.", actions: optInActions("p-1") },
    });
    expect(posted).toBeUndefined(); // printed, not posted anywhere to update later
    expect(s.text()).toContain("── Notice (spring) ──\n@ana opted in to Spring\n\nAna wants to take part.");
    expect(s.text()).toContain("[Approve] → /scout optins approve id:p-1\n[Decline] → /scout optins decline id:p-1");
  });

  it("posts no briefs, so brief post knows no community surface is connected", async () => {
    const hub = createNotifierHub();
    hub.add(createConsoleNotifier(sink().out));
    expect(createConsoleNotifier(sink().out).postBrief).toBeUndefined();
    expect(await hub.postBrief!({ campaignId: "c1", message: { title: "Brief" } })).toBeUndefined();
  });

  it("prints private messages to creators too", async () => {
    const s = sink();
    await createConsoleNotifier(s.out).toCreator!({ creatorId: "cr-1", discordUserId: "42" }, { title: "You're in: Spring" });
    expect(s.text()).toContain("To creator cr-1 (Discord 42), privately ──\nYou're in: Spring");
  });
});
