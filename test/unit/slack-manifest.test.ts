import { describe, expect, it } from "vitest";
import { commands } from "../../commands/index.ts";
import { slackManifest, usageHint } from "../../src/adapters/slack/manifest.ts";

describe("Slack manifest", () => {
  it("declares /scout, interactivity, events and scopes from the registry, with the request URL", () => {
    const m = slackManifest({ socket: false, baseUrl: "https://scout.acme.com/" }) as any;
    expect(m.features.slash_commands[0]).toMatchObject({ command: "/scout", url: "https://scout.acme.com/slack/events" });
    expect(m.features.slash_commands[0].usage_hint.length).toBeLessThanOrEqual(100);
    expect(m.features.slash_commands[0].usage_hint).toMatch(/^help \| roster \| shortlist/);
    expect(m.settings).toMatchObject({ socket_mode_enabled: false, interactivity: { is_enabled: true, request_url: "https://scout.acme.com/slack/events" } });
    expect(m.settings.event_subscriptions.bot_events).toEqual(["app_home_opened", "message.im"]);
    for (const s of ["commands", "chat:write", "chat:write.public", "files:read", "files:write", "im:history", "im:read", "users:read", "usergroups:read"]) expect(m.oauth_config.scopes.bot).toContain(s);
    expect(usageHint(commands).length).toBeLessThanOrEqual(100);
  });

  it("has no request URLs in Socket Mode", () => {
    const m = slackManifest({ socket: true }) as any;
    expect(m.settings.socket_mode_enabled).toBe(true);
    expect(JSON.stringify(m)).not.toContain("request_url");
    expect(m.features.slash_commands[0].url).toBeUndefined();
  });
});
