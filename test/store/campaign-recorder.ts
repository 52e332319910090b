// A real Notifier for tests: it records every call and answers like a surface that posts
// (returning where it "posted"), so the core's handling of Posted values is exercised.
import type { Message } from "../../src/core/message.ts";
import type { Notice, Notifier, Posted } from "../../src/core/notifier.ts";

export interface Recorder extends Notifier {
  notices: Notice[];
  briefs: { campaignId: string; message: Message; previous?: Posted | null | undefined }[];
  toCreators: { creator: { creatorId: string; discordUserId?: string | null | undefined }; message: Message }[];
  clear(): void;
}

export function createRecorder(opts: { postsBriefs?: boolean } = {}): Recorder {
  let n = 0;
  const r: Recorder = {
    notices: [],
    briefs: [],
    toCreators: [],
    clear() {
      r.notices.length = 0;
      r.briefs.length = 0;
      r.toCreators.length = 0;
    },
    async toMarketers(notice) {
      r.notices.push(notice);
      return { surface: "test", channelId: notice.campaign?.slackChannelId ?? "C-DEFAULT", messageId: `m${++n}` };
    },
    async toCreator(creator, message) {
      r.toCreators.push({ creator, message });
      return true;
    },
  };
  if (opts.postsBriefs !== false)
    r.postBrief = async (b) => {
      r.briefs.push(b);
      return b.previous ? { ...b.previous, surface: "test" } : { surface: "test", channelId: "D-BRIEFS", messageId: `b${++n}`, threadId: `t${n}` };
    };
  return r;
}
