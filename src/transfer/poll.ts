/**
 * Follows registered requests to their real outcome: `POST {base}/status/request` for each until
 * it leaves Queued/InProgress. Sleeps are abortable; the interval backs off from poll-interval to
 * a cap; one deadline (wait-timeout) bounds all polling together; transient failures are retried
 * by the status policy of ../http/retry.ts, and a poll that still fails is tried again at the next
 * one (up to MAX_FAILED_POLLS in a row); a 401 (the token expired during a long import) gets a
 * fresh token and one more try.
 */
import { DotstatError, NetworkError, ResponseError, TransferError } from '../errors.js';
import { send, type HttpResponse, type HttpSettings } from '../http/client.js';
import { sleep, withRetry, type RetryContext } from '../http/retry.js';
import type { Authorizer } from '../oidc/session.js';
import type { Logger } from '../platform/types.js';
import { transferErrorFrom } from './errors.js';
import type { TransferConfig } from './settings.js';
import { isRunning, StatusReader, type LogSink, type RequestStatus } from './status.js';
import { endpointOf } from './upload.js';
import { Heartbeat } from './heartbeat.js';
import { inOrder } from './in-order.js';

export interface Tracked {
  readonly requestId: number;
  readonly name: string;
  status?: RequestStatus;
  /** Set when the status could not be read; polling this request stops. */
  error?: DotstatError;
  finishedAt?: number;
  /** When this job registered it (epoch ms); heartbeats count from it. */
  readonly registeredAt?: number;
  /** When a poll first saw it past Queued (epoch ms). */
  startedAt?: number;
  /** Polls in a row whose answer could not be read; a good answer resets it. */
  failedPolls?: number;
}

export interface PollContext {
  readonly http: HttpSettings;
  readonly retry: RetryContext;
  readonly log: Logger;
  /** Every authorised call goes through it: it renews the token when it must (../oidc/session.ts). */
  readonly auth: Authorizer;
  /** Redaction of registered secrets, for the log lines kept from a status answer. */
  readonly redact: (text: string) => string;
  /** Where the full log of each status answer is written as it is read (a new sink per answer). */
  readonly logSink?: (requestId: number) => LogSink;
  /** The heartbeats' minute and how often it is checked; other values only in tests. */
  readonly heartbeat?: { readonly everyMs: number; readonly checkMs: number };
}

/**
 * Polls in a row that may fail before a request is given up. Each poll has already been retried by
 * the status policy; this outlasts a longer outage, or a proxy's sign-in or error page answered
 * with 200, without waiting for the deadline when the URL is simply wrong.
 */
export const MAX_FAILED_POLLS = 5;

/** How often the wait checks for heartbeats due, besides after each round. */
export const HEARTBEAT_CHECK_MS = 10_000;

/** The longest pause between two polls: six times the first, at most a minute (never below the first). */
export function pollCap(intervalMs: number): number {
  return Math.max(intervalMs, Math.min(6 * intervalMs, 60_000));
}

export async function queryStatus(requestId: number, config: TransferConfig, ctx: PollContext, retry: RetryContext): Promise<RequestStatus> {
  // A fresh reader for each attempt: a body cut off half way (then retried) leaves nothing behind.
  let reader: StatusReader | undefined;
  const attempt = (accessToken: string) =>
    send(
      {
        method: 'POST',
        url: endpointOf(config, 'status/request'),
        credentials: true,
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', authorization: `Bearer ${accessToken}` },
        body: new URLSearchParams({ dataspace: config.dataspace, id: String(requestId) }).toString(),
        signal: retry.signal,
        // Only a 200 is a status, and may be a log of any length; other answers are short and quoted.
        streamBody: (head) => {
          if (head.status !== 200) return undefined;
          reader = new StatusReader(head, { redact: ctx.redact, sink: ctx.logSink?.(requestId) });
          return reader.consume;
        },
      },
      ctx.http,
    );
  const response: HttpResponse = await ctx.auth.withToken(
    `while checking request ${requestId}`,
    (token) => withRetry('status', () => attempt(token), retry),
    (outcome) => (outcome as HttpResponse | undefined)?.status === 401,
  );
  if (response.status !== 200 || !reader) throw transferErrorFrom(response, `Checking request ${requestId}`);
  return reader.status();
}

/** Polls until no request is running; throws WAIT_TIMEOUT or CANCELLED naming the pending ones. */
export async function waitForAll(requests: readonly Tracked[], config: TransferConfig, ctx: PollContext): Promise<void> {
  const cancel = ctx.retry.signal;
  const deadline = AbortSignal.timeout(config.waitTimeoutMs);
  const signal = cancel ? AbortSignal.any([cancel, deadline]) : deadline;
  const retry = { ...ctx.retry, signal };
  const pending = () => requests.filter((r) => !r.error && (!r.status || isRunning(r.status)));
  let interval = config.pollIntervalMs;
  const heartbeat = new Heartbeat(ctx.log, ctx.heartbeat?.everyMs);
  // Between rounds too: a round held up by a status request that hangs (request-timeout, then its
  // retries) must not hold back the minute's heartbeats. Only what is due is said, once.
  const beating = setInterval(() => heartbeat.round(pending(), Date.now()), ctx.heartbeat?.checkMs ?? HEARTBEAT_CHECK_MS);
  beating.unref();
  try {
    while (pending().length > 0) {
      await sleep(interval, signal);
      await pollRound(pending(), config, ctx, retry);
      heartbeat.round(pending(), Date.now());
      interval = Math.min(pollCap(config.pollIntervalMs), Math.round(interval * 1.5));
    }
  } catch (error) {
    if (!signal.aborted) throw error;
    throw stoppedWaiting(pending(), config, cancel?.aborted === true);
  } finally {
    clearInterval(beating);
  }
}

/**
 * One status request for each of `requests`, at most upload-concurrency at once (a service far
 * away answers each one late: one after another, 50 requests 100 ms away take 5 s a round). Their
 * lines keep the requests' order (./in-order.ts), so the log reads the same however the answers
 * came. Throws (cancelled, the deadline, a bug) once every request under way has ended.
 */
async function pollRound(requests: readonly Tracked[], config: TransferConfig, ctx: PollContext, retry: RetryContext): Promise<void> {
  const logs = inOrder(ctx.log, requests.length);
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const index = next++;
      try {
        await pollOne(requests[index] as Tracked, config, { ...ctx, log: logs.of(index) }, retry);
      } finally {
        logs.done(index);
      }
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(config.uploadConcurrency, requests.length)) }, worker);
  const settled = await Promise.allSettled(workers);
  logs.flush();
  const failed = settled.find((outcome) => outcome.status === 'rejected');
  if (failed) throw failed.reason;
}

async function pollOne(request: Tracked, config: TransferConfig, ctx: PollContext, retry: RetryContext): Promise<void> {
  try {
    const status = await queryStatus(request.requestId, config, ctx, retry);
    if (status.executionStatus !== request.status?.executionStatus) {
      ctx.log.info(
        `Request ${request.requestId} (${request.name}): ${status.executionStatus}${isRunning(status) ? '' : `, outcome ${status.outcome ?? 'none'}`}`,
      );
    }
    request.status = status;
    request.failedPolls = 0;
    if (request.startedAt === undefined && status.executionStatus.toLowerCase() !== 'queued') request.startedAt = Date.now();
    if (!isRunning(status)) request.finishedAt = Date.now();
  } catch (error) {
    if (retry.signal?.aborted || !(error instanceof DotstatError)) throw error;
    request.failedPolls = (request.failedPolls ?? 0) + 1;
    if (!transient(error) || request.failedPolls >= MAX_FAILED_POLLS) {
      request.error = error;
      // The import may well go on: say so, and how to look it up, while the reason is at hand.
      ctx.log.error(
        `Stopped checking request ${request.requestId} (${request.name}): ${error.describe()}\nThe import may still be running on the Transfer service. ${howToCheck([request.requestId], config)}`,
        {
          title: `Status unknown: ${request.name}`,
        },
      );
      return;
    }
    ctx.log.info(
      `Could not read the status of request ${request.requestId} (${request.failedPolls} of ${MAX_FAILED_POLLS} tries): ${error.message} Trying again at the next poll.`,
    );
  }
}

/** A failure a later poll may not meet: the network, a 5xx (or other unexpected status), an answer that is not a status. */
function transient(error: DotstatError): boolean {
  if (error instanceof NetworkError) return error.code === 'NETWORK' || error.code === 'TIMEOUT';
  if (error instanceof ResponseError) return error.code === 'NOT_JSON' || error.code === 'BAD_STATUS';
  return error instanceof TransferError && error.code === 'TRANSFER_HTTP_ERROR';
}

/** How to look a request up later, for a message. */
export function howToCheck(requestIds: readonly number[], config: TransferConfig): string {
  const url = endpointOf(config, 'status/request');
  return `Check later with: curl -X POST -H "Authorization: Bearer $TOKEN" -d dataspace=${config.dataspace} -d id=<id> ${url.href} (ids: ${requestIds.join(', ')}).`;
}

function stoppedWaiting(pending: readonly Tracked[], config: TransferConfig, cancelled: boolean): TransferError {
  const list = pending.map((r) => `${r.requestId} (${r.name}: ${r.status?.executionStatus ?? 'not checked yet'})`).join(', ');
  const ids = pending.map((r) => r.requestId);
  if (cancelled) {
    return new TransferError(
      'CANCELLED',
      `Cancelled while waiting. Requests still running on the Transfer service: ${list}.`,
      `They go on without this job. ${howToCheck(ids, config)}`,
    );
  }
  return new TransferError(
    'WAIT_TIMEOUT',
    `Gave up waiting after wait-timeout (${config.waitTimeoutMs / 1000} s). Requests still running: ${list}.`,
    `They go on on the Transfer service. Raise wait-timeout for large imports. ${howToCheck(ids, config)}`,
  );
}
