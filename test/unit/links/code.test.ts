import { describe, expect, it } from "vitest";
import { generatePromo, isLinkCode, newLinkCode, normalizePromo, trackedUrl } from "../../../src/core/links/code.ts";
import { clientIp, hashIp, utcDay } from "../../../src/core/links/ip.ts";

describe("link codes", () => {
  it("are 8 URL-safe letters and digits", () => {
    for (let i = 0; i < 200; i++) {
      const c = newLinkCode();
      expect(c).toMatch(/^[A-Za-z0-9]{8}$/);
      expect(encodeURIComponent(c)).toBe(c);
      expect(isLinkCode(c)).toBe(true);
    }
  });

  it("do not repeat over many draws", () => {
    const seen = new Set(Array.from({ length: 20_000 }, newLinkCode));
    expect(seen.size).toBe(20_000);
  });

  it("rejects malformed codes", () => {
    for (const bad of ["", "abc", "abcdefghi", "abcd-fgh", "abcd%20g", "../../etc"]) expect(isLinkCode(bad)).toBe(false);
  });

  it("builds the public link from the base URL, with or without a trailing slash", () => {
    expect(trackedUrl("https://go.example.com/", "Ab3dE9xZ")).toBe("https://go.example.com/r/Ab3dE9xZ");
    expect(trackedUrl("http://localhost:3000", "Ab3dE9xZ")).toBe("http://localhost:3000/r/Ab3dE9xZ");
  });
});

describe("promo codes", () => {
  it("upper-cases a valid code", () => {
    expect(normalizePromo(" ana10 ")).toEqual({ ok: true, code: "ANA10" });
    expect(normalizePromo("spring-ana-2026")).toEqual({ ok: true, code: "SPRING-ANA-2026" });
  });

  it("says what is wrong with an invalid one", () => {
    expect(normalizePromo("ab")).toEqual({ ok: false, reason: "must be 3 to 32 characters long" });
    expect(normalizePromo("x".repeat(33))).toMatchObject({ ok: false, reason: "must be 3 to 32 characters long" });
    expect(normalizePromo("ANA 10")).toMatchObject({ ok: false, reason: expect.stringMatching(/letters A–Z, digits and hyphens/) });
    expect(normalizePromo("ANÁ10")).toMatchObject({ ok: false });
    expect(normalizePromo("-ANA")).toMatchObject({ ok: false, reason: expect.stringMatching(/hyphen/) });
  });

  it("generates a prefix from the handle and a 4-character suffix without look-alikes", () => {
    for (let i = 0; i < 100; i++) {
      const c = generatePromo("ana.cooks", "spring-launch");
      expect(c).toMatch(/^ANA-[A-HJKMNP-Z2-9]{4}$/);
      expect(normalizePromo(c)).toEqual({ ok: true, code: c });
    }
    expect(generatePromo("_1234_", "spring-launch")).toMatch(/^SPRING-[A-Z2-9]{4}$/);
    expect(generatePromo("superlonghandlename", "x")).toMatch(/^SUPERLON-[A-Z2-9]{4}$/);
  });
});

describe("client IP and its hash", () => {
  it("uses the socket address unless a proxy is trusted, and then the hop the proxy added (the rightmost), never a forged leftmost", () => {
    expect(clientIp("10.0.0.2", "203.0.113.7", false)).toBe("10.0.0.2");
    expect(clientIp("10.0.0.2", "6.6.6.6, 203.0.113.7", true)).toBe("203.0.113.7");
    expect(clientIp("10.0.0.2", ["6.6.6.6", "1.1.1.1, 203.0.113.7"], true)).toBe("203.0.113.7");
    expect(clientIp("10.0.0.2", "203.0.113.7, garbage", true)).toBe("10.0.0.2");
    expect(clientIp("10.0.0.2", "not-an-ip", true)).toBe("10.0.0.2");
    expect(clientIp("::ffff:127.0.0.1", undefined, false)).toBe("127.0.0.1");
  });

  it("hashes with the salt: same IP and salt alike, another salt differs, the IP is not in the hash", () => {
    const h = hashIp("salt-a", "203.0.113.7");
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(hashIp("salt-a", "203.0.113.7")).toBe(h);
    expect(hashIp("salt-b", "203.0.113.7")).not.toBe(h);
    expect(h).not.toContain("203");
  });

  it("gives the UTC day of a click", () => {
    expect(utcDay(new Date("2026-11-22T23:59:59-02:00"))).toBe("2026-11-23");
  });
});
