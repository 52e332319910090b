export * from "./code.ts";
export * from "./utm.ts";
export * from "./bots.ts";
export * from "./ip.ts";
export * from "./counting.ts";
export * from "./webhook.ts";
export * from "./types.ts";
export * from "./service.ts";
