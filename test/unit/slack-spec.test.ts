// The checker the fake Slack API runs on every call must itself catch what it claims to.
import { describe, expect, it } from "vitest";
import { SPEC_ALLOWANCES, checkApiCall, checkBlocks, checkResponseBody, specAvailable } from "../fakes/slack-spec.ts";

const section = (text: string) => ({ type: "section", text: { type: "mrkdwn", text } });

if (!specAvailable()) console.warn("Skipping the Slack API checker's own tests: ../shared/specs/slack_web_openapi_v2.json is absent.");

describe.runIf(specAvailable())("the Slack API checker (skipped where ../shared is absent)", () => {
  it("knows the methods and arguments of the description, and the allowances it lacks", () => {
    expect(checkApiCall("chat.postMessage", { channel: "C1", text: "hi" })).toEqual([]);
    expect(checkApiCall("chat.postMesage", { channel: "C1" })).toEqual(["chat.postMesage: no such method in the Web API description"]);
    expect(checkApiCall("chat.postMessage", { channel: "C1", text: "hi", colour: "red" })).toEqual(["chat.postMessage: unknown argument colour"]);
    expect(checkApiCall("chat.update", { channel: "C1", text: "hi" })).toEqual(["chat.update: missing required ts"]);
    expect(checkApiCall("files.completeUploadExternal", { files: "[]", channel_id: "C1" })).toEqual([]);
    expect(Object.keys(SPEC_ALLOWANCES)).toContain("files.getUploadURLExternal");
  });

  it("catches Block Kit limits in messages, views and response_url posts", () => {
    expect(checkApiCall("chat.postMessage", { channel: "C1", text: "x", blocks: JSON.stringify(Array.from({ length: 51 }, () => section("a"))) })).toEqual([
      "chat.postMessage: 51 blocks in a message (max 50)",
    ]);
    expect(checkBlocks([section("x".repeat(3001))], "message")[0]).toMatch(/3001 characters \(max 3000\)/);
    expect(checkBlocks([{ type: "section", fields: Array.from({ length: 11 }, () => ({ type: "mrkdwn", text: "f" })) }], "message")[0]).toMatch(/11 fields/);
    const button = (id: string, text = "Go") => ({ type: "button", action_id: id, text: { type: "plain_text", text }, value: "help" });
    expect(checkBlocks([{ type: "actions", elements: [button("a", "x".repeat(76)), button("a")] }], "message")).toEqual([
      "block 0 (actions) element 0 button: text of 76 characters (max 75)",
      "block 0 (actions) element 1: action_id a repeated",
    ]);
    expect(checkBlocks([section("hey <!channel>")], "message")).toEqual(["block 0 (section): contains a broadcast mention"]);
    expect(checkApiCall("views.open", { trigger_id: "t", view: JSON.stringify({ type: "modal", title: { type: "plain_text", text: "A title far too long for Slack" }, blocks: [] }) })).toEqual([
      "views.open: modal title: text of 30 characters (max 24)",
    ]);
    expect(checkResponseBody({ text: "x", replace_original: true, colour: 1 })).toEqual(["response_url: unknown key colour"]);
  });
});
