import { describe, expect, it } from "vitest";
import { createLogger, scrub } from "../../src/logger.ts";

function capture(secrets: string[] = []) {
  const lines: string[] = [];
  const log = createLogger({ level: "debug", secrets, destination: { write: (l: string) => lines.push(l) } });
  return { log, text: () => lines.join("") };
}

describe("logger", () => {
  const token = "xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx";

  it("never writes a token, whether in a field, nested, in a message or in an error", () => {
    const { log, text } = capture([token]);
    log.info({ token }, "field");
    log.info({ config: { SLACK_BOT_TOKEN: token } }, "nested");
    log.info({ headers: { authorization: `Bearer ${token}` } }, "header");
    log.warn(`free text with ${token} inside`);
    log.error({ err: new Error(`request failed for ${token}`) }, "error");
    log.child({ surface: "slack" }).info({ request: { body: { token } } }, "deep");
    const out = text();
    expect(out).not.toContain(token);
    expect(out).not.toContain("AbCdEfGhIjKlMnOpQrStUvWx");
    expect(out.match(/\[redacted\]/g)!.length).toBeGreaterThanOrEqual(6);
  });

  it("scrubs token-shaped strings it was not told about, and database passwords", () => {
    expect(scrub("xapp-1-A0B1C2-1234-abcdef", [])).toBe("[redacted]");
    expect(scrub("postgresql://scout:s3cret@db:5432/app", [])).toBe("postgresql://scout:[redacted]@db:5432/app");
  });

  it("a child logger per invocation carries surface, command and id", () => {
    const { log, text } = capture();
    log.child({ surface: "console", command: "help", id: "abc123" }).info("ran");
    const line = JSON.parse(text().trim().split("\n").at(-1)!);
    expect(line).toMatchObject({ surface: "console", command: "help", id: "abc123", msg: "ran" });
  });
});
