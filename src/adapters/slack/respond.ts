// Posts to a response_url (what Bolt's respond() does) over node:http(s) with kept-alive
// connections: Bolt's respond() uses fetch, which costs several times more CPU per message, and
// that CPU is taken from the thread that must acknowledge Slack within 3 seconds.
import http from "node:http";
import https from "node:https";
import type { RespondArguments } from "@slack/bolt";

const agents = { http: new http.Agent({ keepAlive: true, maxSockets: 64 }), https: new https.Agent({ keepAlive: true, maxSockets: 64 }) };

export type Respond = (body: RespondArguments) => Promise<void>;

/** A poster for one response_url; rejects on a status other than 2xx (e.g. an expired URL). */
export function responder(responseUrl: string, timeoutMs = 15_000): Respond {
  const url = new URL(responseUrl);
  const secure = url.protocol === "https:";
  if (!secure && url.protocol !== "http:") throw new Error(`unsupported response_url scheme ${url.protocol}`);
  const once = (data: string, retried: boolean): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const req = (secure ? https : http).request(
        url,
        {
          method: "POST",
          agent: secure ? agents.https : agents.http,
          headers: { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(data) },
          timeout: timeoutMs,
        },
        (res) => {
          res.resume();
          res.on("end", () => ((res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300 ? resolve() : reject(new Error(`response_url answered HTTP ${res.statusCode}`))));
        },
      );
      req.on("timeout", () => req.destroy(new Error("response_url timed out")));
      req.on("error", (err: NodeJS.ErrnoException) => {
        // A kept-alive connection the other side closed while idle fails as soon as it is reused,
        // before the request was read: that one is sent again on a new connection (once).
        if (req.reusedSocket && !retried && (err.code === "ECONNRESET" || err.code === "EPIPE")) once(data, true).then(resolve, reject);
        else reject(err);
      });
      req.end(data);
    });
  return (body) => once(JSON.stringify(body), false);
}
