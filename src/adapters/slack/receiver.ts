// Scout's Bolt receiver for Slack's HTTP mode (POST /slack/events on Scout's own port). It does what
// Bolt's HTTPReceiver does, with Bolt's own functions for the security-sensitive part (reading the
// body within its limit, verifying the signature and its 5-minute window, ssl_check and
// url_verification), and one difference: a slash command is acknowledged here, as soon as it is
// verified, before Bolt's App processes it.
//
// Why: Slack waits at most 3 seconds for the acknowledgement, and a burst of commands is served one
// after another by this thread. Bolt's event processing (context, listener arguments, every
// listener's middleware) costs as much again as reading and verifying the request, so a burst of
// fifty was acknowledged twice as slowly as it needs to be. The acknowledgement of a command never
// depends on Bolt: it is "Working on it…" for a slow command and empty otherwise (commandAck). Bolt
// then runs the command listener as usual, once the burst has been acknowledged (afterAcks), with an
// ack() that has nothing left to send.
//
// Everything else (buttons, view submissions whose answer carries field errors, events) goes
// through Bolt's HTTPResponseAck exactly as with HTTPReceiver.
//
// Before any of that, what Bolt leaves open (the endpoint is public): a body is read only up to
// SLACK_BODY_LIMIT (a declared content-length over it is refused with 413 without reading a byte;
// Bolt's own reader has no limit unless given one), and a timestamp more than 5 minutes in the
// future is refused like one more than 5 minutes old (Bolt checks only the past).
import type { IncomingMessage, ServerResponse } from "node:http";
import { HTTPModuleFunctions as httpFunc, HTTPResponseAck, type App as BoltApp, type Logger as BoltLogger, type Receiver, type ReceiverEvent } from "@slack/bolt";
import { leaveBodyUnread, requestPath } from "../../http/server.ts";

/** The largest body read from Slack (its own payloads are a few kB, a modal's at most tens). */
export const SLACK_BODY_LIMIT = 1024 * 1024;
/** How far a request's timestamp may be from this clock, either way (Slack's rule). */
export const SLACK_CLOCK_WINDOW_SECONDS = 5 * 60;

/** Refuses before the body is read: 413 for a declared length over the limit, 401 for a timestamp too far ahead. */
export function refuseEarly(req: IncomingMessage, nowMs = Date.now()): { status: 401 | 413; why: string } | undefined {
  const length = req.headers["content-length"];
  if (length !== undefined && !(Number(length) <= SLACK_BODY_LIMIT)) return { status: 413, why: `content-length ${String(length).slice(0, 20)} is over ${SLACK_BODY_LIMIT} bytes` };
  const ts = Number(req.headers["x-slack-request-timestamp"]);
  if (Number.isFinite(ts) && ts > nowMs / 1000 + SLACK_CLOCK_WINDOW_SECONDS) return { status: 401, why: "the request timestamp is more than 5 minutes in the future" };
  return undefined;
}

export interface AckFirstReceiverOptions {
  signingSecret: string;
  /** The one path served (other paths under it get 404). */
  path: string;
  logger: BoltLogger;
  /** The slash commands acknowledged here (others are left to Bolt). */
  commands: readonly string[];
  /** What a command is acknowledged with (undefined: an empty 200). */
  commandAck(text: string, retry: boolean): Record<string, unknown> | undefined;
  /** Resolves when the requests that have arrived are acknowledged. */
  afterAcks(): Promise<void>;
  /** Runs work that follows an ack so that shutdown waits for it (an acknowledged command is not lost). */
  track(work: () => Promise<void>): Promise<void>;
}

/** Answers `status` without reading the rest of the body (see leaveBodyUnread). */
function refuse(req: IncomingMessage, res: ServerResponse, status: number): void {
  leaveBodyUnread(req, res);
  res.writeHead(status, { "content-length": 0 });
  res.end();
}

export class AckFirstReceiver implements Receiver {
  private app: BoltApp | undefined;

  constructor(private readonly o: AckFirstReceiverOptions) {}

  init(app: BoltApp): void {
    this.app = app;
  }

  /** Scout's HTTP server is started and stopped by Scout. */
  start(): Promise<void> {
    return Promise.resolve();
  }

  stop(): Promise<void> {
    return Promise.resolve();
  }

  readonly requestListener = (req: IncomingMessage, res: ServerResponse): void => {
    this.handle(req, res).catch((err: unknown) => {
      this.o.logger.error(`Slack request failed: ${(err as Error).message}`);
      if (!res.headersSent) httpFunc.buildNoBodyResponse(res, 500);
    });
  };

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { logger } = this.o;
    if (requestPath(req.url) !== this.o.path) return httpFunc.buildNoBodyResponse(res, 404);
    const early = refuseEarly(req);
    if (early) {
      logger.warn(`Slack request refused before reading it: ${early.why}`);
      return refuse(req, res, early.status);
    }
    let buffered: Awaited<ReturnType<typeof httpFunc.parseAndVerifyHTTPRequest>>;
    try {
      buffered = await httpFunc.parseAndVerifyHTTPRequest({ signingSecret: this.o.signingSecret, bodyLimit: SLACK_BODY_LIMIT }, req);
    } catch (err) {
      if (httpFunc.isRawBodyError(err) && (err.type === "entity.too.large" || err.statusCode === 413)) {
        logger.warn(`Request body exceeded the maximum allowed size (limit: ${err.limit} bytes)`);
        return refuse(req, res, 413);
      }
      logger.warn(`Failed to parse and verify the request data: ${(err as Error).message}`);
      return httpFunc.buildNoBodyResponse(res, 401);
    }
    let body: Record<string, unknown>;
    try {
      body = httpFunc.parseHTTPRequestBody(buffered) as Record<string, unknown>;
    } catch (err) {
      logger.warn(`Malformed request body: ${(err as Error).message}`);
      return httpFunc.buildNoBodyResponse(res, 400);
    }
    if (body.ssl_check === "1") return httpFunc.buildSSLCheckResponse(res);
    if (body.type === "url_verification") return httpFunc.buildUrlVerificationResponse(res, body);
    const retryNum = httpFunc.extractRetryNumFromHTTPRequest(req);
    const retryReason = httpFunc.extractRetryReasonFromHTTPRequest(req);

    if (typeof body.command === "string" && this.o.commands.includes(body.command)) {
      httpFunc.buildContentResponse(res, this.o.commandAck(typeof body.text === "string" ? body.text : "", Boolean(retryNum)));
      const event: ReceiverEvent = { body, retryNum, retryReason, customProperties: {}, ack: async () => {} };
      return this.o.track(async () => {
        await this.o.afterAcks();
        try {
          await this.app?.processEvent(event);
        } catch (err) {
          logger.error(`An unhandled error occurred while Bolt processed a slash command: ${(err as Error).message}`);
        }
      });
    }

    const ack = new HTTPResponseAck({ logger, processBeforeResponse: false, httpRequest: buffered, httpRequestBody: body, httpResponse: res });
    const event: ReceiverEvent = { body, ack: ack.bind(), retryNum, retryReason, customProperties: {} };
    try {
      await this.app?.processEvent(event);
    } catch (error) {
      const acked = await httpFunc.defaultProcessEventErrorHandler({ error: error as Error, logger, request: req, response: res, storedResponse: ack.storedResponse });
      if (acked) ack.ack();
    }
  }
}
