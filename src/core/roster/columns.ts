// Recognises the columns of common roster and post-metrics exports by their header names.
import { UserError } from "../errors.ts";
import { shownHeader } from "./csv.ts";

/** Header text → a comparable key: "Follower Count" → "followercount". */
export const headerKey = (h: string) => h.toLowerCase().normalize("NFD").replace(/[^a-z0-9]/g, "");

const CREATOR_COLUMNS = {
  handle: ["handle", "username", "user", "username1", "channel", "channelname", "channelhandle", "account", "accountname", "creatorid", "creator", "creatorhandle", "screenname", "profile", "ighandle", "instagramhandle", "tiktokhandle", "influencer", "influencerhandle"],
  platform: ["platform", "network", "socialnetwork", "social", "site", "channeltype"],
  name: ["name", "displayname", "fullname", "creatorname"],
  followers: ["followers", "followercount", "followerscount", "nfollowers", "subscribers", "subscribercount", "subs", "fans", "audience", "audiencesize"],
  following: ["following", "followingcount", "follows", "followcount", "nfollowing"],
  posts: ["posts", "postcount", "postscount", "mediacount", "npost", "nposts", "videos", "videocount", "uploads"],
  category: ["category", "categories", "niche", "niches", "topic", "topics", "vertical", "interests"],
  hashtags: ["hashtags", "tags", "tophashtags"],
  bio: ["bio", "biography", "description", "about"],
  country: ["country", "countrycode", "location", "geo", "audiencecountry"],
  language: ["language", "lang", "languagecode"],
  email: ["email", "emailaddress", "contactemail", "mail", "contact"],
  rate: ["rate", "price", "fee", "cost", "rateperpost", "ratecard", "rateusd", "priceperpost"],
  currency: ["currency", "ratecurrency"],
  discord: ["discord", "discordid", "discorduserid"],
} as const;

const POST_COLUMNS = {
  account: ["account", "handle", "username", "creatorid", "creator", "channel", "accountname", "user"],
  platform: ["platform", "network"],
  postId: ["postid", "post", "id", "mediaid", "shortcode", "videoid", "url", "posturl", "link"],
  date: ["date", "takenat", "postedat", "publishedat", "timestamp", "createdat", "postdate", "time"],
  likes: ["likes", "likecount", "likescount", "hearts", "diggcount"],
  comments: ["comments", "commentcount", "commentscount"],
  views: ["views", "videoviews", "viewcount", "plays", "playcount", "impressions"],
  shares: ["shares", "sharecount", "reposts"],
  saves: ["saves", "savecount", "saved", "bookmarks"],
  isVideo: ["isvideo", "video"],
  isAd: ["isad", "ad", "sponsored", "issponsored", "paid", "paidpartnership"],
  sponsorTagged: ["sponsortagged", "sponsortags", "brandtags", "partnertags"],
  hashtags: ["hashtags", "tags"],
  caption: ["caption", "text", "description"],
} as const;

export type CreatorColumn = keyof typeof CREATOR_COLUMNS;
export type PostColumn = keyof typeof POST_COLUMNS;

function mapColumns<K extends string>(header: string[], table: Record<K, readonly string[]>): Partial<Record<K, number>> {
  const keys = header.map(headerKey);
  const out: Partial<Record<K, number>> = {};
  for (const col of Object.keys(table) as K[]) {
    // Exact names first, in the order of the alias list (so "handle" beats "user").
    for (const alias of table[col]) {
      const idx = keys.indexOf(alias);
      if (idx !== -1 && !Object.values(out).includes(idx)) {
        out[col] = idx;
        break;
      }
    }
  }
  return out;
}

/** Column indexes of a creators file. Throws when there is no handle column. */
export function mapCreatorColumns(header: string[], fileLabel: string): Partial<Record<CreatorColumn, number>> {
  const m = mapColumns(header, CREATOR_COLUMNS);
  if (m.handle === undefined)
    throw new UserError(
      "CSV_NO_HANDLE_COLUMN",
      `${fileLabel} has no handle column (looked for: handle, username, channel, creator_id...). Its header is: ${shownHeader(header)}.`,
      "Rename the column that holds the handles to \"handle\" and import again.",
    );
  return m;
}

/** Column indexes of a post-metrics file. Throws when account or post id is missing. */
export function mapPostColumns(header: string[], fileLabel: string): Partial<Record<PostColumn, number>> {
  const m = mapColumns(header, POST_COLUMNS);
  const missing = (["account", "postId"] as const).filter((c) => m[c] === undefined);
  if (missing.length)
    throw new UserError(
      "CSV_POSTS_COLUMNS",
      `${fileLabel} needs an account column and a post id column; it lacks ${missing.map((c) => (c === "postId" ? "post id" : c)).join(" and ")}. Its header is: ${shownHeader(header)}.`,
      "Posts files hold one row per post: account, post_id, date, likes, comments, views.",
    );
  return m;
}
