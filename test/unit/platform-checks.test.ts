// The pure rules of issue 15: the dates a delivered post may be published in, how its owner and
// caption are judged, which snapshot milestone is due, and how far a self-report is from the platform.
import { describe, expect, it } from "vitest";
import { campaignWindow, judgePost, type VerificationTarget } from "../../src/core/platform-data/verify.ts";
import { dueMilestone, selfReportGap } from "../../src/core/platform-data/snapshots.ts";
import type { PlatformPost } from "../../src/core/platform-data/port.ts";

const campaign = (o: Partial<VerificationTarget["campaign"]> = {}): VerificationTarget["campaign"] => ({
  id: "c1", slug: "spring", name: "Spring", disclosure: "#ad", hashtags: ["springmenu"], mentions: ["greenbowl"],
  optInClosesAt: null, draftDueAt: null, goLiveAt: null, endsAt: null, openedAt: null, createdAt: new Date("2027-01-01T00:00:00Z"), slackChannelId: null, ...o,
});
const target = (c = campaign(), handle: string | null = "ana.tube"): VerificationTarget => ({
  deliverable: { id: "d1", url: "https://www.youtube.com/watch?v=A", platform: "youtube", status: "submitted", liveAt: null, verificationStatus: "unchecked", platformPostId: null },
  campaign: c,
  creator: { creatorId: "cr1", handle, platform: "youtube", name: "Ana" },
  account: handle ? { handle } : null,
});
const post = (o: Partial<PlatformPost> = {}): PlatformPost => ({
  platform: "youtube", id: "A", url: "https://www.youtube.com/watch?v=A", owner: { handle: "ana.tube", id: "UCana" },
  caption: "#ad bowls @greenbowl #springmenu", publishedAt: new Date("2027-03-11T00:00:00Z"), kind: "video", views: 1, likes: 1, comments: 0, ...o,
});

describe("the campaign's window for a delivered post", () => {
  it("runs from a day before go-live to a day after the end date", () => {
    const w = campaignWindow(campaign({ goLiveAt: new Date("2027-03-10T00:00:00Z"), endsAt: new Date("2027-04-10T00:00:00Z") }));
    expect(w.from.toISOString()).toBe("2027-03-09T00:00:00.000Z");
    expect(w.to?.toISOString()).toBe("2027-04-11T00:00:00.000Z");
    expect(w.fromLabel).toBe("the campaign's go-live date 2027-03-10");
  });
  it("without go-live starts at the draft due date, then the opt-in close, then the opening, and has no end without an end date", () => {
    expect(campaignWindow(campaign({ draftDueAt: new Date("2027-03-01T00:00:00Z"), optInClosesAt: new Date("2027-02-01T00:00:00Z") })).fromLabel).toBe("the campaign's draft due date 2027-03-01");
    expect(campaignWindow(campaign({ optInClosesAt: new Date("2027-02-01T00:00:00Z") })).fromLabel).toBe("the campaign's opt-in close 2027-02-01");
    const w = campaignWindow(campaign({ openedAt: new Date("2027-01-15T00:00:00Z") }));
    expect([w.fromLabel, w.to]).toEqual(["the campaign's opening 2027-01-15", null]);
  });
});

describe("judging a fetched post", () => {
  it("passes the creator's own post, matched by handle whatever its case and '@', or by the platform's id", () => {
    expect(judgePost(target(), post({ owner: { handle: "@Ana.Tube", id: null } }))).toEqual([]);
    expect(judgePost(target(campaign(), "UCana"), post({ owner: { handle: null, id: "UCana" } }))).toEqual([]);
  });
  it("names the other account and the creator's when the owner differs, and says so when the creator has no account there", () => {
    expect(judgePost(target(), post({ owner: { handle: "bob", id: "UCbob" } }))).toEqual(["The post belongs to @bob on YouTube, not to the creator's account @ana.tube."]);
    expect(judgePost(target(campaign(), null), post())[0]).toMatch(/has no YouTube account with Scout/);
  });
  it("refuses a post published after the end date (with the day's grace)", () => {
    const c = campaign({ goLiveAt: new Date("2027-03-10T00:00:00Z"), endsAt: new Date("2027-03-20T00:00:00Z") });
    expect(judgePost(target(c), post({ publishedAt: new Date("2027-03-20T20:00:00Z") }))).toEqual([]);
    expect(judgePost(target(c), post({ publishedAt: new Date("2027-03-22T00:00:00Z") }))).toEqual(["It was published 2027-03-22, after its end date 2027-03-20."]);
  });
  it("adds the disclosure check's findings on the platform's caption", () => {
    const issues = judgePost(target(), post({ caption: "bowls @greenbowl #springmenu" }));
    expect(issues.join(" ")).toMatch(/#ad/);
  });
});

describe("snapshot milestones", () => {
  const live = new Date("2027-03-10T12:00:00Z");
  it("is nothing before +1 h, then the latest milestone passed", () => {
    expect(dueMilestone(live, new Date("2027-03-10T12:59:59Z"))).toBeNull();
    expect(dueMilestone(live, new Date("2027-03-10T13:00:00Z"))?.key).toBe("1h");
    expect(dueMilestone(live, new Date("2027-03-11T18:00:00Z"))).toEqual({ key: "24h", dueAt: new Date("2027-03-11T12:00:00Z") });
    expect(dueMilestone(live, new Date("2027-03-20T00:00:00Z"))?.key).toBe("7d");
    expect(dueMilestone(live, new Date("2027-06-01T00:00:00Z"))?.key).toBe("30d");
  });
});

describe("a self-report against the platform", () => {
  it("is a fraction of the platform's figure, unknown when either is missing or the platform says 0", () => {
    expect(selfReportGap(14000, 10000)).toBeCloseTo(0.4);
    expect(selfReportGap(40, 80)).toBeCloseTo(-0.5);
    expect([selfReportGap(null, 10), selfReportGap(10, null), selfReportGap(10, 0)]).toEqual([null, null, null]);
  });
});
