import { beforeAll, describe, expect, it } from "vitest";
import { createDigestService, type DigestComposer } from "../../src/core/digest/compose.ts";
import { createDigestRepo } from "../../src/store/digest.repo.ts";
import { createMetricsRepo } from "../../src/store/metrics.repo.ts";
import { useTestDatabase } from "../support/db.ts";
import { fixtures } from "./metrics-fixtures.ts";

const t = useTestDatabase("digest");
let svc: DigestComposer;
const NOW = new Date("2026-11-10T08:00:00Z");
const YESTERDAY = new Date("2026-11-09T08:00:00Z");

beforeAll(async () => {
  svc = createDigestService({ store: createDigestRepo(t.db.pool), metrics: createMetricsRepo(t.db.pool) });
  const f = fixtures(t.db.pool);
  const spring = await f.campaign({ slug: "spring", currency: "EUR", draftDueAt: new Date("2026-11-05T00:00:00Z"), goLiveAt: new Date("2026-11-08T00:00:00Z") });
  await f.campaign({ slug: "drafty", status: "open" });
  const autumn = await f.campaign({ slug: "autumn" });
  const who = await Promise.all(["ana", "ben", "cara", "dan", "eve"].map((h) => f.creator(h)));
  const [ana, ben, cara, dan, eve] = who;
  const pAna = await f.participation(spring, ana!, { fee: 400 });
  const pBen = await f.participation(spring, ben!, { fee: 200 });
  const pCara = await f.participation(spring, cara!); // approved, nothing submitted after the draft due date: overdue
  const pDan = await f.participation(spring, dan!, { status: "opted_in" });
  const pEve = await f.participation(spring, eve!, { status: "opted_in" });
  for (const [p, at] of [[pAna, "2026-11-02"], [pBen, "2026-11-03"], [pCara, "2026-11-03"], [pDan, "2026-11-09T12:00Z"], [pEve, "2026-11-01"]] as const)
    await f.statusChange(p, "opted_in", new Date(at));
  const d1 = await f.deliverable(pAna, "https://instagram.com/p/a1", { status: "live" });
  await f.deliverable(pAna, "https://instagram.com/p/a2", { status: "submitted" });
  const d3 = await f.deliverable(pBen, "https://instagram.com/p/b1", { status: "approved" }); // approved, not live after go-live: overdue
  for (let day = 2; day <= 9; day++) {
    await f.snapshot(d1, "creator", `2026-11-0${day}T20:00Z`, { reach: 1_000 * day, likes: 100 * day, comments: 10 * day });
    await f.snapshot(d3, "creator", `2026-11-0${day}T20:00Z`, { likes: 50 * day });
  }
  const link = await f.link(pAna, "ana1");
  for (let i = 0; i < 6; i++) await f.click(link, `2026-11-0${3 + (i % 5)}T10:00Z`, `ip${i}`);
  await f.conversion(pAna, "o1", 900, "EUR", "2026-11-06T10:00Z");
  const pAutumn = await f.participation(autumn, ana!, { fee: 100 });
  await f.statusChange(pAutumn, "opted_in", new Date("2026-11-09T10:00Z"));
});

describe("digest compose", () => {
  it("covers every active campaign with its workflow counts and figures", async () => {
    const d = await svc.compose({ now: NOW, previous: null, since: null });
    expect(d.campaigns).toEqual(["autumn", "spring"]);
    const spring = (d.figures as any).campaigns.spring;
    expect(spring).toEqual({
      optIns: 5,
      waiting: 2,
      approved: 3,
      submitted: 3,
      toReview: 1,
      approvedDeliverables: 1,
      live: 1,
      overdue: 2,
      reach: 9_000,
      engagements: 990 + 450,
      er: (990 + 450) / 20_000,
      clicks: 6,
      conversions: 1,
      spend: 600,
      cpe: 600 / 1_440,
      roi: (900 - 600) / 600,
    });
    expect((d.figures as any).version).toBe(1);
    expect((d.figures as any).at).toBe(NOW.toISOString());
    const s = d.message.sections!.find((x) => x.title?.endsWith("(spring)"))!;
    expect(s.text).toContain("Top creators (by engagements): 1. @ana 990 eng., 6 clicks, ROI 125% on 400.00 EUR; 2. @ben 450 eng.");
    expect(s.text).toContain("Needs a decision today: 2 opt-ins to approve or decline, 1 deliverable to review, 2 overdue.");
    // Spring needs decisions, so it comes first.
    expect(d.message.sections![0]!.title).toBe("Campaign spring (spring)");
  });

  it("counts opt-ins new since the last digest and shows each change against its figures", async () => {
    const first = await svc.compose({ now: NOW, chart: false });
    const previous = { ...(first.figures as any), campaigns: { spring: { ...(first.figures as any).campaigns.spring, engagements: 1_000, clicks: 2 } } };
    const d = await svc.compose({ now: NOW, previous, since: YESTERDAY, chart: false });
    const s = d.message.sections!.find((x) => x.title?.endsWith("(spring)"))!;
    expect(s.text).toContain("Opt-ins: 5 (1 new since 2026-11-09 08:00 UTC)");
    const fields = Object.fromEntries(s.fields!.map((x) => [x.label, x.value]));
    expect(fields.Engagements).toBe("1,440 (+440)");
    expect(fields["Link clicks"]).toBe("6 (+4)");
    // Autumn was not in the previous figures: no change shown.
    const a = d.message.sections!.find((x) => x.title?.endsWith("(autumn)"))!;
    expect(a.fields!.every((x) => !x.value.includes("("))).toBe(true);
    // `since` defaults to the previous digest's time.
    const d2 = await svc.compose({ now: NOW, previous: { ...previous, at: YESTERDAY.toISOString() }, chart: false });
    expect(d2.message.text).toContain("since the last digest (2026-11-09 08:00 UTC)");
  });

  it("draws the chart of engagements and clicks per day, and leaves it out when asked", async () => {
    const d = await svc.compose({ now: NOW, campaignSlug: "spring" });
    expect(d.campaigns).toEqual(["spring"]);
    expect(d.chart!.name).toBe("scout-digest-2026-11-10.png");
    expect([...d.chart!.png.slice(1, 4)].map((c) => String.fromCharCode(c)).join("")).toBe("PNG");
    expect(d.message.title).toBe("Scout digest: Campaign spring, 2026-11-10");
    expect((await svc.compose({ now: NOW, campaignSlug: "spring", chart: false })).chart).toBeNull();
  });

  it("a named campaign is composed whatever its status; an unknown one is refused", async () => {
    expect((await svc.compose({ now: NOW, campaignSlug: "drafty" })).campaigns).toEqual(["drafty"]);
    await expect(svc.compose({ now: NOW, campaignSlug: "nope" })).rejects.toThrow(/no campaign "nope"/);
  });
});
