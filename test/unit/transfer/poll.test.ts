import type { Authorizer } from '../../../src/oidc/session.js';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DotstatError, IdpError, TransferError } from '../../../src/errors.js';
import { TokenSession } from '../../../src/oidc/session.js';
import { howToCheck, MAX_FAILED_POLLS, pollCap, queryStatus, waitForAll, type PollContext, type Tracked } from '../../../src/transfer/poll.js';
import type { TransferConfig } from '../../../src/transfer/settings.js';
import { register } from '../../../src/transfer/upload.js';
import { startIdp, type Idp } from '../../fixtures/idp.mjs';
import { startTransfer, type Transfer, type TransferOptions } from '../../fixtures/transfer.mjs';
import { fastRetry, HTTP, recordingLogger, tokenContext } from '../../support/unit.js';
import { transferConfig } from '../../support/builders.js';

// The poll loop's pauses, recorded; in "instant" mode they return at once so that a test can watch
// many of them without waiting. Sleeps inside withRetry (same module) are not affected.
const pauses = vi.hoisted(() => ({ instant: false, recorded: [] as number[], onPause: undefined as (() => void) | undefined }));
vi.mock('../../../src/http/retry.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../src/http/retry.js')>();
  return {
    ...actual,
    sleep: async (ms: number, signal?: AbortSignal) => {
      pauses.recorded.push(ms);
      if (!pauses.instant) return actual.sleep(ms, signal);
      pauses.onPause?.();
      return actual.sleep(1, signal);
    },
  };
});

const CSV = join(import.meta.dirname, '../../data/sample-sdmx-csv-1.0.csv');

let transfer: Transfer;
let open: Array<{ close(): Promise<void> }> = [];
async function start(options: TransferOptions = {}): Promise<Transfer> {
  transfer = await startTransfer(options);
  open.push(transfer);
  return transfer;
}
beforeEach(() => {
  pauses.instant = false;
  pauses.recorded = [];
  pauses.onPause = undefined;
});
afterEach(async () => {
  await Promise.all(open.map((s) => s.close()));
  open = [];
});

function configFor(t: Transfer, overrides: Partial<TransferConfig> = {}): TransferConfig {
  return transferConfig({ baseUrl: new URL(t.baseUrl), pollIntervalMs: 20, waitTimeoutMs: 10_000, ...overrides });
}

/**
 * A poll context with a stub session: token-1, and on a refusal one renewal (token-2, token-3, …,
 * counted) and one more try, as TokenSession.withToken() does (its own tests: test/unit/session.test.ts).
 */
function stubContext(signal?: AbortSignal) {
  let token = 1;
  const log = recordingLogger();
  const auth: Authorizer = {
    async withToken(_what, call, refused) {
      try {
        const result = await call(`token-${token}`);
        if (!refused(result)) return result;
      } catch (error) {
        if (!refused(error)) throw error;
      }
      token += 1;
      return call(`token-${token}`);
    },
  };
  const ctx: PollContext & { renewals: () => number } = {
    http: HTTP,
    retry: { ...fastRetry(), signal },
    log,
    auth,
    redact: (text: string) => text,
    renewals: () => token - 1,
  };
  return { ctx, log };
}

/** Registers `count` uploads of the sample file and returns them as tracked requests. */
async function registered(count: number, config: TransferConfig, ctx: PollContext): Promise<Tracked[]> {
  const file = { name: 'sample.csv', path: CSV, size: statSync(CSV).size, contentType: 'text/csv' };
  const tracked: Tracked[] = [];
  for (let i = 0; i < count; i++) {
    const { requestId } = await ctx.auth.withToken(
      'registering',
      (token) => register({ file: { ...file, name: `sample-${i + 1}.csv` } }, config, ctx, token),
      () => false,
    );
    tracked.push({ requestId, name: `sample-${i + 1}.csv` });
  }
  return tracked;
}

async function rejection(promise: Promise<unknown>): Promise<DotstatError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (error instanceof DotstatError) return error;
  throw new Error(`expected a DotstatError, got ${String(error)}`);
}

const statusRequests = () => transfer.requests.filter((r) => r.path.endsWith('/status/request'));

describe('pollCap()', () => {
  it.each([
    [100, 600],
    [5_000, 30_000],
    [10_000, 60_000],
    [20_000, 60_000],
    [90_000, 90_000],
  ])('poll-interval %i ms → at most %i ms between polls', (interval, cap) => {
    expect(pollCap(interval)).toBe(cap);
  });
});

describe('queryStatus()', () => {
  it('POSTs dataspace and id as a form, with the bearer token, and parses the answer', async () => {
    await start();
    const { ctx } = stubContext();
    const config = configFor(transfer);
    const [request] = await registered(1, config, ctx);
    const status = await queryStatus(request!.requestId, config, ctx, ctx.retry);
    expect(status.executionStatus).toMatch(/^(Queued|InProgress|Completed)$/);
    const [sent] = statusRequests();
    expect(sent).toMatchObject({ method: 'POST', path: '/3/status/request' });
    expect(sent?.headers).toMatchObject({ authorization: 'Bearer token-1', 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' });
  });

  it('an unknown request id → NOT_FOUND, without retrying', async () => {
    await start();
    const { ctx } = stubContext();
    const error = await rejection(queryStatus(99_999, configFor(transfer), ctx, ctx.retry));
    expect(error).toBeInstanceOf(TransferError);
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toBe(`Checking request 99999: ${transfer.baseUrl}/status/request answered HTTP 404 ("Request not found").`);
    expect(statusRequests()).toHaveLength(1);
  });
});

describe('waitForAll()', () => {
  it('follows every request to its terminal state, logging each change once', async () => {
    await start({ scenario: (upload) => ({ durationMs: upload.id === 100 ? 100 : 300, outcome: upload.id === 100 ? 'Success' : 'Warning' }) });
    const { ctx, log } = stubContext();
    const config = configFor(transfer);
    const requests = await registered(2, config, ctx);
    await waitForAll(requests, config, ctx);
    expect(requests.map((r) => [r.status?.executionStatus, r.status?.outcome, r.error])).toEqual([
      ['Completed', 'Success', undefined],
      ['Completed', 'Warning', undefined],
    ]);
    for (const r of requests) expect(r.finishedAt).toBeGreaterThan(0);
    const messages = log.lines.map((l) => l.message);
    expect(messages).toContain('Request 100 (sample-1.csv): Completed, outcome Success');
    expect(messages).toContain('Request 101 (sample-2.csv): Completed, outcome Warning');
    expect(messages.filter((m) => m.startsWith('Request 100 (sample-1.csv): Completed'))).toHaveLength(1);
  });

  it("a round polls up to upload-concurrency requests at once; its lines keep the requests' order, whichever answer came first", async () => {
    await start({ latencyMs: 100, scenario: () => ({ durationMs: 0, outcome: 'Success' }) });
    const { ctx, log } = stubContext();
    const config = configFor(transfer, { uploadConcurrency: 3 });
    const requests = await registered(6, config, ctx);
    // The first status request (request 100's) is answered last of its round.
    transfer.inject({ kind: 'slow', on: 'status', delayMs: 300 });
    await waitForAll(requests, config, ctx);
    expect(requests.every((r) => r.status?.outcome === 'Success')).toBe(true);
    expect(transfer.peakStatusRequests).toBe(3);
    expect(statusRequests()).toHaveLength(6);
    const changes = log.lines.map((l) => l.message).filter((m) => / \(sample-\d\.csv\): Completed/.test(m));
    expect(changes.map((m) => /^Request (\d+)/.exec(m)?.[1])).toEqual(['100', '101', '102', '103', '104', '105']);
  });

  it('heartbeats go on while a round is held up by a status request that hangs', async () => {
    await start({ scenario: () => ({ durationMs: 0, outcome: 'Success' }) });
    const { ctx, log } = stubContext();
    const config = configFor(transfer);
    const requests = await registered(1, config, ctx);
    transfer.inject({ kind: 'slow', on: 'status', delayMs: 1_500 });
    // A "minute" of 400 ms, checked every 100 ms: the production path with shorter periods.
    await waitForAll(requests, config, { ...ctx, heartbeat: { everyMs: 400, checkMs: 100 } });
    const messages = log.lines.map((l) => l.message);
    const beats = messages.filter((m) => m.startsWith('Request 100 (sample-1.csv): still not checked yet after'));
    // The only round took 1.5 s: without the check between rounds there would be none.
    expect(beats.length).toBeGreaterThanOrEqual(2);
    expect(messages.indexOf(beats[0]!)).toBeLessThan(messages.indexOf('Request 100 (sample-1.csv): Completed, outcome Success'));
  });

  it('one at a time with upload-concurrency 1', async () => {
    await start({ latencyMs: 50 });
    const { ctx } = stubContext();
    const config = configFor(transfer, { uploadConcurrency: 1 });
    await waitForAll(await registered(3, config, ctx), config, ctx);
    expect(transfer.peakStatusRequests).toBe(1);
  });

  it('backs off from poll-interval by half each time, up to the cap, and stays there', async () => {
    await start({ scenario: () => ({ durationMs: Infinity }) });
    const { ctx } = stubContext();
    const config = configFor(transfer, { pollIntervalMs: 100 });
    const [request] = await registered(1, config, ctx);
    pauses.instant = true;
    pauses.onPause = () => {
      if (pauses.recorded.length === 10) transfer.complete(request!.requestId);
    };
    await waitForAll([request!], config, ctx);
    expect(pauses.recorded).toEqual([100, 150, 225, 338, 507, 600, 600, 600, 600, 600]);
    expect(request!.status?.executionStatus).toBe('Completed');
    expect(transfer.statusPolls).toBe(10);
  });

  it('deadline: WAIT_TIMEOUT naming each pending request and how to check it later; finished ones not named', async () => {
    await start({ scenario: (upload) => ({ durationMs: upload.id === 100 ? 50 : Infinity }) });
    const { ctx } = stubContext();
    const config = configFor(transfer, { waitTimeoutMs: 400 });
    const requests = await registered(3, config, ctx);
    const error = await rejection(waitForAll(requests, config, ctx));
    expect(error).toBeInstanceOf(TransferError);
    expect(error.code).toBe('WAIT_TIMEOUT');
    expect(error.message).toMatch(
      /^Gave up waiting after wait-timeout \(0\.4 s\)\. Requests still running: 101 \(sample-2\.csv: (Queued|InProgress)\), 102 \(sample-3\.csv: (Queued|InProgress)\)\.$/,
    );
    expect(error.hint).toBe(`They go on on the Transfer service. Raise wait-timeout for large imports. ${howToCheck([101, 102], config)}`);
    expect(error.hint).toContain(`-d dataspace=design -d id=<id> ${transfer.baseUrl}/status/request (ids: 101, 102)`);
    expect(requests[0]?.status?.executionStatus).toBe('Completed');
  });

  it('deadline while a status request hangs: WAIT_TIMEOUT, not a network error', async () => {
    await start({ scenario: () => ({ durationMs: Infinity }) });
    const { ctx } = stubContext();
    const config = configFor(transfer, { waitTimeoutMs: 300 });
    const requests = await registered(1, config, ctx);
    transfer.inject({ kind: 'hang', on: 'status' });
    const error = await rejection(waitForAll(requests, config, ctx));
    expect(error.code).toBe('WAIT_TIMEOUT');
    expect(error.message).toContain('Requests still running: 100 (sample-1.csv: not checked yet).');
  });

  it('abort (SIGTERM) while sleeping → CANCELLED naming the pending requests', async () => {
    await start({ scenario: () => ({ durationMs: Infinity }) });
    const cancel = new AbortController();
    const { ctx } = stubContext(cancel.signal);
    const config = configFor(transfer, { pollIntervalMs: 5_000 });
    const requests = await registered(2, config, ctx);
    setTimeout(() => cancel.abort(), 100);
    const error = await rejection(waitForAll(requests, config, ctx));
    expect(error.code).toBe('CANCELLED');
    expect(error.message).toBe(
      'Cancelled while waiting. Requests still running on the Transfer service: 100 (sample-1.csv: not checked yet), 101 (sample-2.csv: not checked yet).',
    );
    expect(error.hint).toContain('They go on without this job.');
    expect(error.hint).toContain('(ids: 100, 101)');
    expect(statusRequests()).toEqual([]);
  });

  it('abort during a status request → CANCELLED', async () => {
    await start({ scenario: () => ({ durationMs: Infinity }) });
    const cancel = new AbortController();
    const { ctx } = stubContext(cancel.signal);
    const config = configFor(transfer);
    const requests = await registered(1, config, ctx);
    transfer.inject({ kind: 'hang', on: 'status' });
    setTimeout(() => cancel.abort(), 200);
    const error = await rejection(waitForAll(requests, config, ctx));
    expect(error.code).toBe('CANCELLED');
    expect(statusRequests()).toHaveLength(1);
  });

  it('401 mid-poll: a fresh token once, then the same query again', async () => {
    await start();
    const { ctx } = stubContext();
    const config = configFor(transfer);
    const requests = await registered(1, config, ctx);
    transfer.inject({ kind: 'unauthorized', on: 'status' });
    await waitForAll(requests, config, ctx);
    expect(ctx.renewals()).toBe(1);
    expect(requests[0]?.status?.outcome).toBe('Success');
    const [refused, retried] = statusRequests();
    expect([refused?.status, refused?.headers.authorization]).toEqual([401, 'Bearer token-1']);
    expect(retried?.headers.authorization).toBe('Bearer token-2');
  });

  it('401 again after the renewal: the request fails with UNAUTHORIZED (one renewal, no loop)', async () => {
    await start({ verifyToken: (token) => (token === 'token-1' ? {} : null) });
    const { ctx } = stubContext();
    const config = configFor(transfer);
    const requests = await registered(1, config, ctx);
    transfer.inject({ kind: 'unauthorized', on: 'status' });
    await waitForAll(requests, config, ctx);
    expect(ctx.renewals()).toBe(1);
    expect(requests[0]?.error?.code).toBe('UNAUTHORIZED');
    expect(requests[0]?.error?.hint).toContain('client-id');
    expect(statusRequests().map((r) => r.status)).toEqual([401, 401]);
  });

  it('renewal refused by the identity provider: the request fails with that error', async () => {
    await start();
    const { ctx } = stubContext();
    // A session whose renewal the identity provider refuses, after the service refused the token.
    const auth: Authorizer = {
      async withToken(_what, call, refused) {
        const result = await call('token-1');
        if (!refused(result)) return result;
        throw new IdpError(400, 'invalid_grant', 'Session not active', 'The refresh was refused.', 'Log in again.');
      },
    };
    const refusing = { ...ctx, auth };
    const config = configFor(transfer);
    const requests = await registered(1, config, ctx);
    transfer.inject({ kind: 'unauthorized', on: 'status' });
    await waitForAll(requests, config, refusing);
    expect(requests[0]?.error?.code).toBe('IDP_INVALID_GRANT');
  });

  it('503 and connection resets on status are retried and tolerated', async () => {
    await start();
    const { ctx } = stubContext();
    const config = configFor(transfer);
    const requests = await registered(1, config, ctx);
    transfer.inject({ kind: '503', on: 'status', times: 2 });
    transfer.inject({ kind: 'reset', on: 'status' });
    transfer.inject({ kind: '502', on: 'status' });
    await waitForAll(requests, config, ctx);
    expect(requests[0]?.error).toBeUndefined();
    expect(requests[0]?.status?.outcome).toBe('Success');
    expect(
      statusRequests()
        .slice(0, 4)
        .map((r) => r.fault),
    ).toEqual(['503', '503', 'reset', '502']);
  });

  it('regression: an HTML page answered with 200 mid-poll is tolerated (it used to fail the import)', async () => {
    await start();
    const { ctx, log } = stubContext();
    const config = configFor(transfer);
    const requests = await registered(1, config, ctx);
    transfer.inject({ kind: 'html200', on: 'status' });
    transfer.inject({ kind: 'non-json-200', on: 'status' });
    await waitForAll(requests, config, ctx);
    expect(requests[0]?.error).toBeUndefined();
    expect(requests[0]?.status?.outcome).toBe('Success');
    expect(log.lines.map((l) => l.message)).toContain(
      `Could not read the status of request 100 (1 of ${MAX_FAILED_POLLS} tries): The Transfer status query at ${transfer.baseUrl}/status/request answered HTTP 200 with something that is not a JSON object (text/html: "Sign in"). Trying again at the next poll.`,
    );
  });

  it(`a status that stays unreadable: the request fails after ${MAX_FAILED_POLLS} polls in a row`, async () => {
    await start();
    const { ctx } = stubContext();
    const config = configFor(transfer);
    const requests = await registered(1, config, ctx);
    transfer.inject({ kind: 'html200', on: 'status', times: Infinity });
    await waitForAll(requests, config, ctx);
    expect(requests[0]?.error?.code).toBe('NOT_JSON');
    expect(statusRequests()).toHaveLength(MAX_FAILED_POLLS);
  });

  it('a service that keeps answering 503: each poll retried by the policy, then given up', async () => {
    await start();
    const { ctx } = stubContext();
    const config = configFor(transfer);
    const requests = await registered(1, config, ctx);
    transfer.inject({ kind: '503', on: 'status', times: Infinity });
    await waitForAll(requests, config, ctx);
    expect(requests[0]?.error?.code).toBe('TRANSFER_HTTP_ERROR');
    expect(requests[0]?.error?.message).toContain('answered HTTP 503');
    expect(statusRequests()).toHaveLength(MAX_FAILED_POLLS * 5);
  });

  it('a good answer resets the count of failed polls', async () => {
    await start({ scenario: () => ({ durationMs: Infinity }) });
    const { ctx } = stubContext();
    const config = configFor(transfer);
    const [request] = await registered(1, config, ctx);
    // Four bad polls, a good one, four bad ones again: never five in a row.
    for (const times of [MAX_FAILED_POLLS - 1, 0, MAX_FAILED_POLLS - 1]) {
      if (times) transfer.inject({ kind: 'html200', on: 'status', times });
      else transfer.inject({ kind: 'slow', on: 'status', delayMs: 1 });
    }
    pauses.instant = true;
    pauses.onPause = () => {
      if (pauses.recorded.length === 2 * MAX_FAILED_POLLS + 1) transfer.complete(request!.requestId);
    };
    await waitForAll([request!], config, ctx);
    expect(request!.error).toBeUndefined();
    expect(request!.status?.executionStatus).toBe('Completed');
  });

  it('w/ a real TokenSession: an import that outlives its access token succeeds', async () => {
    const idp: Idp = await startIdp({ accessTokenLifespan: 1 });
    open.push(idp);
    await start({ verifyToken: (token) => idp.verifyAccessToken(token), scenario: () => ({ durationMs: 2_500 }) });
    const session = new TokenSession(
      tokenContext({ tokenUrl: new URL(idp.tokenEndpoint), grant: 'password', username: 'alice', password: 'alice-password' }),
      () => undefined,
    );
    await session.start();
    const ctx: PollContext = {
      http: HTTP,
      retry: fastRetry(),
      log: recordingLogger(),
      auth: session,
      redact: (text: string) => text,
    };
    const config = configFor(transfer, { pollIntervalMs: 200 });
    const requests = await registered(1, config, ctx);
    await waitForAll(requests, config, ctx);
    expect(requests[0]?.status?.outcome).toBe('Success');
    // Renewed ahead of the calls (a 1 s token, a quarter of it as the margin): a 401, if the clock
    // met the token's end exactly, would be renewed too.
    expect(idp.requests.filter((r) => r.form.grant_type === 'refresh_token').length).toBeGreaterThanOrEqual(1);
  });
});
