// How the README test reads the README: which lines are examples, how a shell line becomes argv,
// and what a skip marker does.
import { describe, expect, it } from "vitest";
import { readmeExamples, shellWords } from "../support/readme-examples.ts";

describe("README examples", () => {
  it("reads npm run scout lines of sh blocks as argv, continuation lines joined, quotes as sh reads them", () => {
    const md = [
      "## Campaigns",
      "```sh",
      "npm install   # not an example",
      'npm run scout -- campaign new name:"Spring vegan launch" \\',
      "  niche:'plant based' note:\"say \\\"hi\\\"\"",
      "npm run -s scout -- digest schedule channel:#growth # a comment",
      "```",
    ].join("\n");
    const ex = readmeExamples(md);
    expect(ex.map((e) => [e.line, e.kind, e.section, e.argv])).toEqual([
      [4, "cli", "Campaigns", ["campaign", "new", "name:Spring vegan launch", "niche:plant based", 'note:say "hi"']],
      [6, "cli", "Campaigns", ["digest", "schedule", "channel:#growth"]],
    ]);
  });

  it("reads /scout lines of plain blocks, with or without the scout> prompt, and leaves other lines out", () => {
    const md = ["```", "scout> /scout help", "/scout metrics campaign:x", "scout> exit", "```", "```json", '{ "code": 1 }', "```"].join("\n");
    expect(readmeExamples(md).map((e) => [e.line, e.kind, e.consoleLine])).toEqual([
      [2, "console", "/scout help"],
      [3, "console", "/scout metrics campaign:x"],
    ]);
  });

  it("skips a block right after a readme-test skip marker, keeping its reason, and lists a skipped block of other commands by its first line", () => {
    const md = [
      "<!-- readme-test: skip (needs ../shared) -->",
      "```sh",
      "npm run scout -- roster import ../shared/x.csv",
      "```",
      "",
      "<!-- readme-test: skip (needs a running Scout) -->",
      "```sh",
      "curl -i http://localhost:3000/healthz",
      "```",
      "```sh",
      "npm run scout -- help",
      "```",
    ].join("\n");
    expect(readmeExamples(md).map((e) => [e.line, e.skip ?? null, e.source])).toEqual([
      [3, "needs ../shared", "npm run scout -- roster import ../shared/x.csv"],
      [8, "needs a running Scout", "curl -i http://localhost:3000/healthz"],
      [11, null, "npm run scout -- help"],
    ]);
  });

  it("refuses shell syntax it cannot run as a shell would (variables, pipes, redirections)", () => {
    expect(() => shellWords("metrics campaign:$SLUG")).toThrow(/shell syntax/);
    expect(() => shellWords('note:"$(date)"')).toThrow(/shell expansion/);
    expect(() => shellWords("shortlist --json | jq .")).toThrow(/shell syntax/);
    expect(() => shellWords('name:"unclosed')).toThrow(/unclosed/);
  });
});
