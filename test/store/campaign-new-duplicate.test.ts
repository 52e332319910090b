// `campaign new` with a name already in use: refused, naming the campaign that has it and what to
// do; after a closed one, a new campaign gets another slug and the answer says which and why
// (issue 12, item 4).
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../support/db.ts";
import { testApp, type TestApp } from "../support/app.ts";

const t = useTestDatabase("campaign_dup");
let s: TestApp;
const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const COMPLETE = () => `objective:sales deliverables:"1 Reel" compensation:"flat fee" landing-url:https://shop.example.com channel:C0123ABCD go-live:${day(60)}`;
const slugs = async () => (await t.db.prisma.campaign.findMany({ select: { slug: true }, orderBy: { slug: "asc" } })).map((c) => c.slug);

beforeAll(async () => {
  s = await testApp(t);
});

describe("campaign new with a name already used", () => {
  it("refuses, naming the existing campaign, its slug and what to do, and creates nothing", async () => {
    expect((await s.run('campaign new name:"Spring launch"')).outcome).toBe("ok");
    const r = await s.run('campaign new name:"Spring launch"');
    expect(r.outcome).toBe("user");
    expect(r.code).toBe("CAMPAIGN_NAME_TAKEN");
    expect(r.reply.message.text).toBe(
      'There is already a campaign named "Spring launch": Spring launch (spring-launch), a draft.\n' +
        "Pick another name, or see that one with /scout campaign show spring-launch.",
    );
    expect((r.reply.data as any).error.fields).toEqual({ name: "is taken by Spring launch (spring-launch); pick another name, or see it with /scout campaign show spring-launch" });
    expect(await slugs()).toEqual(["spring-launch"]);
  });

  it("treats a name that differs only in case and punctuation as the same", async () => {
    const r = await s.run('campaign new name:"spring LAUNCH!"');
    expect(r.code).toBe("CAMPAIGN_NAME_TAKEN");
    expect(await slugs()).toEqual(["spring-launch"]);
  });

  it("refuses while the campaign with that name is open or active too", async () => {
    await s.run(`campaign new name:"Autumn" ${COMPLETE()}`);
    await s.run("campaign open autumn");
    const r = await s.run('campaign new name:"Autumn"');
    expect(r.code).toBe("CAMPAIGN_NAME_TAKEN");
    expect(r.reply.message.text).toMatch(/^There is already a campaign named "Autumn": Autumn \(autumn\), open for opt-ins\./);
  });

  it("after a closed campaign of that name, creates one with another slug and says which and why", async () => {
    await s.run("campaign close autumn");
    const r = await s.run('campaign new name:"Autumn"');
    expect(r.outcome).toBe("ok");
    expect(r.reply.message.title).toBe("Created the draft Autumn (autumn-2)");
    expect(r.reply.message.text).toMatch(/^Its slug is autumn-2, not autumn: the closed campaign Autumn keeps autumn\./);
    expect((r.reply.data as any).campaign.slug).toBe("autumn-2");
  });

  it("refuses a third while the second (autumn-2) is live, pointing at that one", async () => {
    const r = await s.run('campaign new name:"Autumn"');
    expect(r.code).toBe("CAMPAIGN_NAME_TAKEN");
    expect(r.reply.message.text).toMatch(/Autumn \(autumn-2\), a draft\.\nPick another name, or see that one with \/scout campaign show autumn-2\.$/);
  });

  it("still takes a name whose slug is only a prefix of another's (Spring vs Spring launch)", async () => {
    const r = await s.run('campaign new name:"Spring"');
    expect(r.outcome).toBe("ok");
    expect((r.reply.data as any).campaign.slug).toBe("spring");
  });
});
