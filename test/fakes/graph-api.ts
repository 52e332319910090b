// A fake Instagram Graph API (Business Discovery) on 127.0.0.1: point GRAPH_API_URL or the
// client's baseUrl at `url`. It answers
//   GET /{version}/{ig-user-id}?fields=business_discovery.username(<name>){…,media.limit(N){…}}
// in the documented shape ({business_discovery: {id, username, followers_count, follows_count,
// media_count, media: {data: [...]}}, id}), newest media first, like_count left out when likes are
// hidden, and every answer carries X-App-Usage and X-Business-Use-Case-Usage headers (percentages).
// Errors, in Graph's body {error: {message, type, code, error_subcode, fbtrace_id}}:
//   wrong token          400 code 190 (Invalid OAuth access token)
//   expiredToken         400 code 190 / 463 (Session has expired)
//   unknown username     400 code 110 / 2207013 (also for a personal, non-professional account)
//   wrong brand id       400 code 100 / 33 (Object with ID … does not exist)
//   rateLimit            400 code 4 with usage headers at 100% (the budget is spent)
//   userRateLimit / pageRateLimit   400 code 17 / 32, same headers
//   http429              429 code 4, usage untouched (a passing throttle: retry it)
//   server               500 code 1 (is_transient)
//   oversized            200 with a body of `oversizedBytes`, streamed
//   hang                 never answers (until close())
//
//   const g = await startFakeGraph();
//   g.addAccount({ username: "veganbites", followers: 12400 });
//   g.addMedia("veganbites", { shortcode: "C9xYz12AbCd", caption: "#ad …", likes: 900, comments: 40 });
//   g.failNext(1, "expiredToken");  g.failRate(0.05, "http429");  g.usagePct = 85;
import http from "node:http";
import type { AddressInfo } from "node:net";
import { seeded } from "./youtube-api.ts";

export type GraphFault = "expiredToken" | "rateLimit" | "userRateLimit" | "pageRateLimit" | "http429" | "server" | "oversized" | "hang";

export interface FakeIgAccount {
  id: string;
  username: string;
  followers: number;
  follows: number;
  /** False: a personal account, which Business Discovery cannot see. */
  professional: boolean;
  /** media_count; default: the number of media added. */
  mediaCount: number | null;
}

export interface FakeIgMedia {
  id: string;
  shortcode: string;
  permalink: string;
  caption: string;
  /** ISO 8601; answered as Graph writes it ("2026-03-02T15:30:00+0000"). */
  timestamp: string;
  /** null: likes hidden (like_count left out). */
  likes: number | null;
  comments: number;
  /** FEED, REELS, STORY. */
  productType: string;
  mediaType: string;
}

export interface GraphCall {
  path: string;
  /** The username asked for through business_discovery, if any. */
  username: string | null;
  tokenOk: boolean;
  /** HTTP status answered (0: a "hang" fault, no answer). */
  status: number;
  at: number;
}

export interface FakeGraph {
  /** The base URL for the client (GRAPH_API_URL); any /vNN.N/ version is accepted. */
  url: string;
  accessToken: string;
  /** The brand's IG user id the fake accepts (INSTAGRAM_BUSINESS_ACCOUNT_ID). */
  businessAccountId: string;
  calls: GraphCall[];
  callCount(): number;
  /** Adds an account, or replaces one of that name (its media are forgotten). */
  addAccount(a: Partial<FakeIgAccount> & { username: string }): FakeIgAccount;
  updateAccount(username: string, patch: Partial<Omit<FakeIgAccount, "username">>): void;
  /** Adds a media item to an account, as its newest unless `timestamp` says otherwise. */
  addMedia(username: string, m?: Partial<FakeIgMedia>): FakeIgMedia;
  updateMedia(id: string, patch: Partial<Omit<FakeIgMedia, "id">>): void;
  deleteMedia(id: string): void;
  /** The next `n` calls answer this fault (`retryAfter` seconds; `regainMinutes` in the BUC header). */
  failNext(n: number, fault: GraphFault, o?: { retryAfter?: number; regainMinutes?: number }): void;
  /** Each call fails with probability `p` (seeded PRNG); p = 0 turns it off. */
  failRate(p: number, fault?: GraphFault, seed?: number): void;
  /** The usage percentage every answer's headers report (default 0). */
  usagePct: number;
  /** False: answers carry no usage headers (Meta adds them only once enough calls were made). */
  sendUsageHeaders: boolean;
  oversizedBytes: number;
  oversizedBytesSent: number;
  /** Forgets accounts, media, calls and faults; usage back to 0. */
  reset(): void;
  close(): Promise<void>;
}

export const DEFAULT_FAKE_GRAPH_TOKEN = "EAAFakeTokenForTests0000000000000000000000";
export const DEFAULT_FAKE_IG_BUSINESS_ID = "17841400000000001";

const trace = () => `A${Math.random().toString(36).slice(2, 12)}`;
const graphError = (message: string, code: number, extra: Record<string, unknown> = {}) => ({
  error: { message, type: "OAuthException", code, ...extra, fbtrace_id: trace() },
});

function graphTime(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, "+0000");
}

export async function startFakeGraph(o: { accessToken?: string; businessAccountId?: string } = {}): Promise<FakeGraph> {
  const accounts = new Map<string, FakeIgAccount>();
  const media = new Map<string, FakeIgMedia[]>();
  const queue: { fault: GraphFault; retryAfter?: number; regainMinutes?: number }[] = [];
  let rate = { p: 0, fault: "http429" as GraphFault, random: seeded(1) };
  let nextId = 1;

  const usageHeaders = (pct: number, regainMinutes = 0) => ({
    "x-app-usage": JSON.stringify({ call_count: pct, total_cputime: Math.floor(pct / 2), total_time: Math.floor(pct / 2) }),
    "x-business-use-case-usage": JSON.stringify({
      [fake.businessAccountId]: [{ type: "instagram", call_count: pct, total_cputime: Math.floor(pct / 2), total_time: Math.floor(pct / 2), estimated_time_to_regain_access: regainMinutes }],
    }),
  });

  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? "/", "http://127.0.0.1");
    const auth = req.headers.authorization?.replace(/^(Bearer|OAuth)\s+/i, "") ?? u.searchParams.get("access_token");
    const fields = u.searchParams.get("fields") ?? "";
    const bd = /business_discovery\.username\(([^)]*)\)/.exec(fields);
    const call: GraphCall = { path: u.pathname, username: bd?.[1] ?? null, tokenOk: auth === fake.accessToken, status: 200, at: Date.now() };
    fake.calls.push(call);
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      call.status = status;
      const text = JSON.stringify(body);
      res.writeHead(status, { "content-type": "application/json; charset=UTF-8", "content-length": Buffer.byteLength(text), ...(fake.sendUsageHeaders ? usageHeaders(fake.usagePct) : {}), ...headers });
      res.end(text);
    };
    if (!call.tokenOk) return answer(400, graphError("Invalid OAuth access token - Cannot parse access token", 190));
    const fault = queue.shift() ?? (rate.p > 0 && rate.random() < rate.p ? { fault: rate.fault } : undefined);
    if (fault) {
      const ra: Record<string, string> = fault.retryAfter !== undefined ? { "retry-after": String(fault.retryAfter) } : {};
      switch (fault.fault) {
        case "expiredToken":
          return answer(400, graphError("Error validating access token: Session has expired on Tuesday, 10-Mar-26 01:00:00 PDT.", 190, { error_subcode: 463 }));
        case "rateLimit":
          return answer(400, graphError("(#4) Application request limit reached", 4, { is_transient: true }), { ...usageHeaders(100, fault.regainMinutes ?? 0), ...ra });
        case "userRateLimit":
          return answer(400, graphError("(#17) User request limit reached", 17, { is_transient: true }), { ...usageHeaders(100, fault.regainMinutes ?? 0), ...ra });
        case "pageRateLimit":
          return answer(400, graphError("(#32) Page request limit reached", 32, { is_transient: true }), { ...usageHeaders(100, fault.regainMinutes ?? 0), ...ra });
        case "http429":
          return answer(429, graphError("(#4) Application request limit reached", 4, { is_transient: true }), ra);
        case "server":
          return answer(500, graphError("An unknown error has occurred.", 1, { is_transient: true }), ra);
        case "hang":
          call.status = 0;
          return;
        case "oversized": {
          res.writeHead(200, { "content-type": "application/json; charset=UTF-8" });
          res.on("error", () => {});
          const chunk = Buffer.alloc(64 * 1024, 0x20);
          fake.oversizedBytesSent = 0;
          res.write('{"business_discovery":');
          const pump = () => {
            while (fake.oversizedBytesSent < fake.oversizedBytes && !res.destroyed) {
              fake.oversizedBytesSent += chunk.length;
              if (!res.write(chunk)) return void res.once("drain", pump);
            }
            if (!res.destroyed) res.end("null}");
          };
          return pump();
        }
      }
    }
    const m = /^\/v\d+\.\d+\/([^/]+)$/.exec(u.pathname);
    if (!m || m[1] !== fake.businessAccountId)
      return answer(400, graphError(`Unsupported get request. Object with ID '${m?.[1] ?? u.pathname}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`, 100, { error_subcode: 33 }));
    if (!bd) return answer(200, { id: fake.businessAccountId });
    const name = bd[1]!.toLowerCase();
    const acct = accounts.get(name);
    if (!acct || !acct.professional)
      return answer(400, graphError("Invalid user id", 110, { error_subcode: 2207013, is_transient: false, error_user_title: "Cannot find User", error_user_msg: `The user with username: ${name} cannot be found.` }));
    const limit = Number(/media\.limit\((\d+)\)/.exec(fields)?.[1] ?? 25);
    const list = (media.get(name) ?? []).slice().sort((a, b) => b.timestamp.localeCompare(a.timestamp));
    return answer(200, {
      business_discovery: {
        id: acct.id,
        username: acct.username,
        followers_count: acct.followers,
        follows_count: acct.follows,
        media_count: acct.mediaCount ?? list.length,
        media: {
          data: list.slice(0, limit).map((x) => ({
            id: x.id,
            permalink: x.permalink,
            caption: x.caption,
            timestamp: graphTime(x.timestamp),
            ...(x.likes === null ? {} : { like_count: x.likes }),
            comments_count: x.comments,
            media_product_type: x.productType,
            media_type: x.mediaType,
          })),
          ...(list.length > limit ? { paging: { cursors: { after: "QVFIUmFmZAWtl" } } } : {}),
        },
      },
      id: fake.businessAccountId,
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;

  const find = (id: string) => {
    for (const list of media.values()) {
      const i = list.findIndex((x) => x.id === id);
      if (i >= 0) return { list, i };
    }
    throw new Error(`fake Graph: no media ${id}`);
  };

  const fake: FakeGraph = {
    url: `http://127.0.0.1:${port}`,
    accessToken: o.accessToken ?? DEFAULT_FAKE_GRAPH_TOKEN,
    businessAccountId: o.businessAccountId ?? DEFAULT_FAKE_IG_BUSINESS_ID,
    calls: [],
    callCount: () => fake.calls.length,
    addAccount(a) {
      const username = a.username.toLowerCase();
      const full: FakeIgAccount = { id: `1784140${String(nextId++).padStart(10, "0")}`, followers: 0, follows: 0, professional: true, mediaCount: null, ...a, username };
      accounts.set(username, full);
      media.set(username, []);
      return full;
    },
    updateAccount(username, patch) {
      const a = accounts.get(username.toLowerCase());
      if (!a) throw new Error(`fake Graph: no account ${username}`);
      Object.assign(a, patch);
    },
    addMedia(username, m = {}) {
      const name = username.toLowerCase();
      if (!accounts.has(name)) throw new Error(`fake Graph: no account ${username}`);
      const list = media.get(name) ?? [];
      const n = nextId++;
      const shortcode = m.shortcode ?? `Cfake${String(n).padStart(6, "0")}`;
      const productType = m.productType ?? "FEED";
      const newest = list.reduce((t, x) => Math.max(t, Date.parse(x.timestamp)), Date.parse("2026-01-01T00:00:00Z"));
      const full: FakeIgMedia = {
        id: `1790000${String(n).padStart(10, "0")}`,
        shortcode,
        permalink: `https://www.instagram.com/${productType === "REELS" ? "reel" : "p"}/${shortcode}/`,
        caption: "",
        timestamp: new Date(newest + 3_600_000).toISOString(),
        likes: 0,
        comments: 0,
        productType,
        mediaType: productType === "REELS" ? "VIDEO" : "IMAGE",
        ...m,
      };
      list.push(full);
      media.set(name, list);
      return full;
    },
    updateMedia(id, patch) {
      const { list, i } = find(id);
      Object.assign(list[i]!, patch);
    },
    deleteMedia(id) {
      const { list, i } = find(id);
      list.splice(i, 1);
    },
    failNext(n, fault, fo = {}) {
      for (let i = 0; i < n; i++) queue.push({ fault, ...fo });
    },
    failRate(p, fault = "http429", seed = 1) {
      rate = { p, fault, random: seeded(seed) };
    },
    usagePct: 0,
    sendUsageHeaders: true,
    reset() {
      accounts.clear();
      media.clear();
      queue.length = 0;
      fake.calls.length = 0;
      rate = { p: 0, fault: "http429", random: seeded(1) };
      fake.usagePct = 0;
      fake.sendUsageHeaders = true;
    },
    oversizedBytes: 64 * 1024 * 1024,
    oversizedBytesSent: 0,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
  return fake;
}
