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
import type { IncomingMessage, ServerResponse } from "node:http";
import { HTTPModuleFunctions as httpFunc, HTTPResponseAck, type App as BoltApp, type Logger as BoltLogger, type Receiver, type ReceiverEvent } from "@slack/bolt";

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
    if (new URL(req.url ?? "/", "http://localhost").pathname !== this.o.path) return httpFunc.buildNoBodyResponse(res, 404);
    let buffered: Awaited<ReturnType<typeof httpFunc.parseAndVerifyHTTPRequest>>;
    try {
      buffered = await httpFunc.parseAndVerifyHTTPRequest({ signingSecret: this.o.signingSecret }, req);
    } catch (err) {
      if (httpFunc.isRawBodyError(err) && (err.type === "entity.too.large" || err.statusCode === 413)) {
        logger.warn(`Request body exceeded the maximum allowed size (limit: ${err.limit} bytes)`);
        return httpFunc.buildNoBodyResponse(res, 413);
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
