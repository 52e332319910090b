// Who is not a person: crawlers and link-preview fetchers (Slack, Discord, social networks,
// messengers, search engines), command-line HTTP clients, and HEAD requests (previews and
// link checkers send them; browsers following a link do not).
const BOT_PATTERNS: RegExp[] = [
  /slackbot/i, // Slackbot-LinkExpanding, Slack-ImgProxy
  /slack-imgproxy/i,
  /discordbot/i,
  /facebookexternalhit|facebookcatalog|meta-externalagent/i,
  /twitterbot/i,
  /telegrambot/i,
  /whatsapp/i,
  /linkedinbot/i,
  /pinterest(bot)?/i,
  /redditbot/i,
  /skypeuripreview/i,
  /microsoft preview|teamsbot/i,
  /applebot/i,
  /googlebot|google-inspectiontool|googleother|adsbot-google|mediapartners-google|feedfetcher-google/i,
  /bingbot|bingpreview|msnbot/i,
  /yandex(bot|images)/i,
  /baiduspider/i,
  /duckduckbot/i,
  /petalbot|semrushbot|ahrefsbot|mj12bot|dotbot|bytespider|gptbot|claudebot|ccbot|perplexitybot/i,
  /embedly|iframely|vkshare|snapchat|viber|line\/|kakaotalk-scrap/i,
  /headlesschrome|phantomjs|puppeteer|playwright/i,
  // Command-line and library clients: a person does not click through curl.
  /^(curl|wget|python-requests|python-urllib|go-http-client|java\/|okhttp|axios|node-fetch|undici|libwww-perl|httpie)/i,
  /\b(bot|crawler|spider|crawl|preview|fetcher|monitor|uptime)\b/i,
];

export function isBot(userAgent: string | null | undefined, method = "GET"): boolean {
  if (method.toUpperCase() === "HEAD") return true;
  const ua = (userAgent ?? "").trim();
  if (!ua) return true; // browsers always send one
  return BOT_PATTERNS.some((p) => p.test(ua));
}

export const USER_AGENT_MAX = 256;
export const truncateUserAgent = (ua: string | null | undefined): string | null => (ua ? ua.slice(0, USER_AGENT_MAX) : null);
