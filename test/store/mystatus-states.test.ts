// /mystatus follows each deliverable through its states: nothing submitted → submit it; submitted →
// waiting for review; changes requested → what to change and how to resubmit; approved → go live
// by the go-live date; live → done, nothing due (issue 12, item 3).
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../src/core/invocation.ts";
import { longDate } from "../../src/core/campaigns/format.ts";
import { useTestDatabase } from "../support/db.ts";
import { testApp, type TestApp } from "../support/app.ts";

const t = useTestDatabase("mystatus_states");
let s: TestApp;
const ana: Actor = { id: "900000000000000011", name: "ana", roles: ["creator"] };
const on = (line: string) => s.app.dispatch({ line, surface: "discord", actor: ana, place: { channelId: "D-dm" } });
const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const POST = "https://www.instagram.com/p/Cstate1/";
let goLive = "";
let ends = "";

async function status() {
  const r = await on("mystatus");
  expect(r.outcome).toBe("ok");
  const sec = r.reply.message.sections![0]!;
  const fields = Object.fromEntries((sec.fields ?? []).map((f) => [f.label, f.value]));
  return { text: sec.text ?? "", due: fields["What's due"] as string | undefined, head: r.reply.message.text! };
}

const deliverableId = async () => (await t.db.prisma.deliverable.findFirstOrThrow({ where: { url: POST } })).id;

beforeAll(async () => {
  s = await testApp(t);
  await s.run(
    `campaign new name:"Spring" objective:sales deliverables:"1 Reel" compensation:"flat fee" landing-url:https://example.com/spring channel:C0123ABCD ` +
      `draft-due:${day(30)} go-live:${day(45)} ends:${day(60)}`,
  );
  await s.run("campaign open spring");
  const c = await t.db.prisma.campaign.findUniqueOrThrow({ where: { slug: "spring" } });
  goLive = longDate(c.goLiveAt);
  ends = longDate(c.endsAt);
  await on("optin spring handle:@ana.state platform:instagram followers:12000 disclose:yes");
  const p = await t.db.prisma.participation.findFirstOrThrow({ where: { creator: { discordUserId: ana.id } } });
  await s.run(`optins approve id:${p.id}`);
});

describe("mystatus through a deliverable's states", () => {
  it("approved with nothing submitted: submit the post; draft, go-live and end dates due", async () => {
    const st = await status();
    expect(st.text).toMatch(/Submit your post with \/deliver/);
    expect(st.due).toMatch(new RegExp(`^Draft due .*; Go live ${goLive}; Campaign ends ${ends}$`));
  });

  it("submitted: waiting for the brand's review, no request to submit", async () => {
    await on(`deliver campaign:spring url:${POST}`);
    const st = await status();
    expect(st.text).not.toMatch(/Submit your post/);
    expect(st.text).toMatch(/^Your post is waiting for the brand's review\./);
    expect(st.head).toBe("1 campaign. Waiting for the brand: 1 deliverable to review.");
  });

  it("changes requested: says what to change and how to resubmit", async () => {
    await s.run(`deliverables request-changes id:${await deliverableId()} note:"Put #ad first"`);
    const st = await status();
    expect(st.text).not.toMatch(/Submit your post with \/deliver when/);
    expect(st.text).toMatch(/^The brand asked for changes: make them, then submit the post again with \/deliver campaign:spring url:<link>\./);
    expect(st.text).toContain(`• ${POST}: changes requested: Put #ad first`);
  });

  it("approved: go live by the go-live date", async () => {
    await on(`deliver campaign:spring url:${POST}`);
    await s.run(`deliverables approve id:${await deliverableId()}`);
    const st = await status();
    expect(st.text).toMatch(new RegExp(`^Approved: go live by ${goLive}\\.`));
    expect(st.text).toContain(`• ${POST}: approved: go live by ${goLive}`);
    expect(st.due).toBe(`Go live ${goLive}; Campaign ends ${ends}`);
  });

  it("live: done, nothing due, no go-live listed", async () => {
    await s.run(`deliverables live id:${await deliverableId()}`);
    const st = await status();
    expect(st.text).not.toMatch(/Submit your post|go live by/);
    expect(st.text).toMatch(/^Your post is live: you're done, nothing is due\./);
    expect(st.text).toContain(`• ${POST}: live`);
    expect(st.due).toBeUndefined();
    expect(st.head).toBe("1 campaign. Nothing is waiting for the brand.");
  });
});
