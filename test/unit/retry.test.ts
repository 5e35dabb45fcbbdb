import { describe, expect, it } from 'vitest';
import { DotstatError, NetworkError } from '../../src/errors.js';
import type { HttpResponse } from '../../src/http/client.js';
import { backoffMs, DEFAULT_TIMING, RETRY_POLICY, retryAfterMs, sleep, withRetry, type Operation, type RetryContext } from '../../src/http/retry.js';

const timing = { baseMs: 5, capMs: 20, maxRetryAfterMs: 50 };
const URL_ = new URL('https://idp.example.org/realms/x/protocol/openid-connect/token');

const response = (status: number, headers: Record<string, string> = {}): HttpResponse => ({ status, headers, body: '', url: URL_ });
const networkError = (syscallCode: string, code: 'NETWORK' | 'TIMEOUT' | 'DNS' | 'TLS' | 'PROXY' | 'ABORTED' = 'NETWORK') =>
  new NetworkError(code, `Connection failed (${syscallCode}).`, undefined, { syscallCode });

/** An attempt function that plays back `script` (a status, a header set or an error per call) and counts calls. */
function scripted(script: Array<number | HttpResponse | Error>) {
  let calls = 0;
  const attempt = async (): Promise<HttpResponse> => {
    const step = script[Math.min(calls, script.length - 1)];
    calls += 1;
    if (step instanceof Error) throw step;
    return typeof step === 'number' ? response(step) : (step as HttpResponse);
  };
  return { attempt, calls: () => calls };
}

function context(): RetryContext & { messages: string[] } {
  const messages: string[] = [];
  return { timing, random: () => 0, debug: (m) => messages.push(m), messages };
}

describe('backoffMs()', () => {
  it.each([
    [1, 0, 1000],
    [1, 1, 2000],
    [2, 0, 2000],
    [3, 0, 4000],
    [4, 1, 16_000],
    [5, 0, 8000],
    [5, 1, 16_000],
    [10, 1, 16_000],
  ])('attempt %i w/ random %f is %i ms', (attempt, random, expected) => {
    // ceiling = min(cap, base * 2^(n-1)); jitter spreads over [ceiling/2, ceiling]
    expect(backoffMs(attempt, { ...DEFAULT_TIMING, baseMs: 2000 }, () => random)).toBe(expected);
  });

  it('never exceeds the cap, never goes below half of it', () => {
    for (let n = 1; n < 30; n++) {
      const ms = backoffMs(n, timing);
      expect(ms).toBeLessThanOrEqual(timing.capMs);
      expect(ms).toBeGreaterThanOrEqual(Math.min(timing.capMs, timing.baseMs * 2 ** (n - 1)) / 2);
    }
  });
});

describe('retryAfterMs()', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  it.each([
    ['delta seconds', '2', 2000],
    ['zero', '0', 0],
    ['padded', ' 3 ', 3000],
    ['IMF-fixdate', 'Wed, 01 Jan 2025 00:00:05 GMT', 5000],
    ['a date in the past', 'Tue, 31 Dec 2024 23:59:00 GMT', 0],
    ['obsolete RFC 850 date', 'Wednesday, 01-Jan-25 00:00:07 GMT', 7000],
    ['absent', undefined, undefined],
    ['empty', '', undefined],
    ['garbage', 'soon', undefined],
    ['a fraction', '1.5', undefined],
    ['negative', '-1', undefined],
  ])('%s', (_title, value, expected) => {
    expect(retryAfterMs(value, now)).toBe(expected);
  });
});

describe('RETRY_POLICY', () => {
  it('a refresh is not retried after a 502/504 (the server may have rotated the token)', () => {
    expect(RETRY_POLICY.refresh.statuses).not.toContain(502);
    expect(RETRY_POLICY.refresh.statuses).not.toContain(504);
    expect(RETRY_POLICY.refresh.network).toBe('unsent');
    expect(RETRY_POLICY.token.network).toBe('any');
    // A keyless request's ID token is single-use: spent once the server has seen it.
    expect(RETRY_POLICY.assertion).toEqual(RETRY_POLICY.refresh);
  });
});

describe('withRetry()', () => {
  it.each([429, 502, 503, 504])('token w/ %i then 200', async (status) => {
    const { attempt, calls } = scripted([status, 200]);
    const ctx = context();
    expect((await withRetry('token', attempt, ctx)).status).toBe(200);
    expect(calls()).toBe(2);
    expect(ctx.messages).toEqual([`token: HTTP ${status}, attempt 1 of 4; retrying in 3 ms`]);
  });

  it.each([400, 401, 403, 404, 405, 409, 500])('token w/ %i is never retried', async (status) => {
    const { attempt, calls } = scripted([status, 200]);
    expect((await withRetry('token', attempt, context())).status).toBe(status);
    expect(calls()).toBe(1);
  });

  it('returns the last answer when the attempts run out', async () => {
    const { attempt, calls } = scripted([503]);
    expect((await withRetry('token', attempt, context())).status).toBe(503);
    expect(calls()).toBe(RETRY_POLICY.token.attempts);
  });

  it.each([
    ['refresh', 503, 2],
    ['refresh', 429, 2],
    ['refresh', 502, 1],
    ['refresh', 504, 1],
    ['upload', 503, 2],
    ['upload', 502, 1],
    ['status', 500, 2],
    ['discovery', 502, 2],
  ] as const)('%s w/ %i takes %i attempts', async (operation: Operation, status, attempts) => {
    const { attempt, calls } = scripted([status, 200]);
    await withRetry(operation, attempt, context());
    expect(calls()).toBe(attempts);
  });

  it('honours Retry-After, capped by maxRetryAfterMs', async () => {
    const { attempt, calls } = scripted([response(503, { 'retry-after': '0' }), response(429, { 'retry-after': '120' }), 200]);
    const ctx = context();
    expect((await withRetry('token', attempt, ctx)).status).toBe(200);
    expect(calls()).toBe(3);
    expect(ctx.messages).toEqual(['token: HTTP 503, attempt 1 of 4; retrying in 0 ms', 'token: HTTP 429, attempt 2 of 4; retrying in 50 ms']);
  });

  it('backs off exponentially w/o Retry-After', async () => {
    const { attempt } = scripted([503, 503, 503, 200]);
    const ctx = { ...context(), random: () => 1 };
    await withRetry('token', attempt, ctx);
    expect(ctx.messages.map((m) => /retrying in (\d+) ms/.exec(m)?.[1])).toEqual(['5', '10', '20']);
  });

  it('token w/ a connection reset is retried', async () => {
    const { attempt, calls } = scripted([networkError('ECONNRESET'), 200]);
    const ctx = context();
    expect((await withRetry('token', attempt, ctx)).status).toBe(200);
    expect(calls()).toBe(2);
    expect(ctx.messages[0]).toMatch(/^token: Connection failed \(ECONNRESET\)\. attempt 1 of 4; retrying in \d+ ms$/);
  });

  it.each(['ECONNRESET', 'TIMEOUT', 'EPIPE', 'HPE_INVALID_CONSTANT'])('refresh w/ %s is not retried (it may have been processed)', async (code) => {
    const error = networkError(code, code === 'TIMEOUT' ? 'TIMEOUT' : 'NETWORK');
    const { attempt, calls } = scripted([error, 200]);
    await expect(withRetry('refresh', attempt, context())).rejects.toBe(error);
    expect(calls()).toBe(1);
  });

  it.each(['PROXY_502', 'PROXY_503', 'ECONNREFUSED'])('upload w/ a proxy failure %s is retried (the server never saw it)', async (code) => {
    const { attempt, calls } = scripted([networkError(code, 'PROXY'), 200]);
    expect((await withRetry('upload', attempt, context())).status).toBe(200);
    expect(calls()).toBe(2);
  });

  it.each(['PROXY_407', 'PROXY_403'])('token w/ a proxy refusal %s is not retried (it would say the same again)', async (code) => {
    const error = networkError(code, 'PROXY');
    const { attempt, calls } = scripted([error, 200]);
    await expect(withRetry('token', attempt, context())).rejects.toBe(error);
    expect(calls()).toBe(1);
  });

  it.each(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'CONNECT_TIMEOUT', 'EAI_AGAIN'])(
    'refresh w/ %s is retried (never reached the server)',
    async (code) => {
      const { attempt, calls } = scripted([networkError(code), 200]);
      expect((await withRetry('refresh', attempt, context())).status).toBe(200);
      expect(calls()).toBe(2);
    },
  );

  it('rethrows the last network error when the attempts run out', async () => {
    const errors = [1, 2, 3, 4].map(() => networkError('ECONNREFUSED'));
    const { attempt, calls } = scripted(errors);
    await expect(withRetry('refresh', attempt, context())).rejects.toBe(errors[3]);
    expect(calls()).toBe(4);
  });

  it.each([
    ['TLS', networkError('CERT_HAS_EXPIRED', 'TLS')],
    ['DNS ENOTFOUND', networkError('ENOTFOUND', 'DNS')],
    ['ABORTED', new NetworkError('ABORTED', 'cancelled')],
    ['not a network error', new DotstatError('RESPONSE_TOO_LARGE', 'too large')],
    ['a bug', new TypeError('boom')],
  ])('%s is never retried', async (_title, error) => {
    const { attempt, calls } = scripted([error, 200]);
    await expect(withRetry('status', attempt, context())).rejects.toBe(error);
    expect(calls()).toBe(1);
  });

  it('an abort during the wait stops at once', async () => {
    const controller = new AbortController();
    const { attempt, calls } = scripted([response(503, { 'retry-after': '3600' })]);
    const pending = withRetry('token', attempt, { timing: { ...timing, maxRetryAfterMs: 3_600_000 }, signal: controller.signal });
    setTimeout(() => controller.abort(), 5);
    await expect(pending).rejects.toMatchObject({ code: 'ABORTED' });
    expect(calls()).toBe(1);
  });
});

describe('sleep()', () => {
  it('w/ an aborted signal throws ABORTED', async () => {
    await expect(sleep(10_000, AbortSignal.abort())).rejects.toMatchObject({ code: 'ABORTED', message: 'Cancelled while waiting.' });
  });

  it('resolves w/o a signal', async () => {
    await expect(sleep(1)).resolves.toBeUndefined();
  });
});
