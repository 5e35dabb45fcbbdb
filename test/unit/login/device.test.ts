/**
 * The device flow's polling rules, against a scripted server answering exactly as Keycloak 26.7
 * does (statuses, error bodies: test/keycloak/login.test.ts has the real server's): the interval
 * kept, slow_down adding to it, authorization_pending waited out, and a stop past expires_in.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LoginError } from '../../../src/errors.js';
import type { SignInContext } from '../../../src/login/context.js';
import { deviceSignIn } from '../../../src/login/device.js';
import { scriptedServer, type Received, type Scripted, type ScriptedServer } from '../../support/scripted.js';
import { HTTP, fastRetry, recordingLogger } from '../../support/unit.js';

const PENDING: Scripted = { status: 400, body: { error: 'authorization_pending', error_description: 'The authorization request is still pending' } };
const SLOW_DOWN: Scripted = { status: 400, body: { error: 'slow_down', error_description: 'Slow down' } };
const TOKENS: Scripted = {
  body: { access_token: 'device-access-token-1', token_type: 'Bearer', expires_in: 300, refresh_token: 'device-refresh-token-1', refresh_expires_in: 1800 },
};

let idp: ScriptedServer | undefined;
afterEach(async () => idp?.close());

function deviceAnswer(expiresIn: number, interval: number): Scripted {
  return {
    body: { device_code: 'the-device-code-0001', user_code: 'ABCD-EFGH', verification_uri: 'http://127.0.0.1/device', expires_in: expiresIn, interval },
  };
}

async function start(
  answer: (r: Received, nth: number) => Scripted,
): Promise<{ ctx: SignInContext; log: ReturnType<typeof recordingLogger>; polls: () => number[] }> {
  const times: number[] = [];
  idp = await scriptedServer((request, nth) => {
    if (request.path === '/token') times.push(Date.now());
    return answer(request, nth);
  });
  const log = recordingLogger();
  const base = new URL(idp.url);
  const ctx: SignInContext = {
    authority: base,
    clientId: 'app',
    realm: 'dotstat',
    scope: 'openid',
    endpoints: { token: new URL('/token', base), device: new URL('/device', base) },
    http: HTTP,
    retry: fastRetry(),
    log,
    secret: () => undefined,
  };
  return { ctx, log, polls: () => times };
}

const gaps = (times: number[]) => times.slice(1).map((t, i) => t - (times[i] ?? 0));

describe('deviceSignIn()', () => {
  it('polls every interval, waits out authorization_pending, adds slowDownMs after slow_down', async () => {
    const { ctx, log, polls } = await start((r, nth) => {
      if (r.path === '/device') return deviceAnswer(600, 1);
      return nth < 2 ? PENDING : nth === 2 ? SLOW_DOWN : nth === 3 ? PENDING : TOKENS;
    });
    const started = Date.now();
    const tokens = await deviceSignIn(ctx, { slowDownMs: 500 });
    expect(tokens.refreshToken).toBe('device-refresh-token-1');
    const times = polls();
    expect(times).toHaveLength(5);
    expect((times[0] ?? 0) - started).toBeGreaterThanOrEqual(990);
    const [a = 0, b = 0, c = 0, d = 0] = gaps(times);
    // 1 s, 1 s, then 1.5 s after the slow_down, and it stays at 1.5 s.
    for (const gap of [a, b]) expect(gap).toBeGreaterThanOrEqual(990);
    for (const gap of [a, b]) expect(gap).toBeLessThan(1400);
    for (const gap of [c, d]) expect(gap).toBeGreaterThanOrEqual(1490);
    expect(log.lines.some((l) => l.message.includes('open http://127.0.0.1/device on any device and enter the code ABCD-EFGH'))).toBe(true);
    // The device code is a secret: never printed.
    expect(JSON.stringify(log.lines)).not.toContain('the-device-code-0001');
  });

  it('stops past expires_in when the server still says pending: DEVICE_CODE_EXPIRED', async () => {
    const { ctx, polls } = await start((r) => (r.path === '/device' ? deviceAnswer(1, 1) : PENDING));
    const started = Date.now();
    const error = (await deviceSignIn(ctx).catch((e: unknown) => e)) as LoginError;
    expect(error).toBeInstanceOf(LoginError);
    expect(error.code).toBe('DEVICE_CODE_EXPIRED');
    // expires_in 1 s, then one more interval (2 s at least) for the server's own expired_token.
    expect(Date.now() - started).toBeGreaterThanOrEqual(2900);
    expect(Date.now() - started).toBeLessThan(4500);
    expect(polls().length).toBeLessThanOrEqual(4);
  });

  it('the first answer of the server other than pending or slow_down ends it, with its hint', async () => {
    const { ctx } = await start((r) =>
      r.path === '/device'
        ? deviceAnswer(600, 0)
        : { status: 400, body: { error: 'access_denied', error_description: 'The end user denied the authorization request' } },
    );
    const error = (await deviceSignIn(ctx).catch((e: unknown) => e)) as LoginError;
    expect(error.code).toBe('ACCESS_DENIED');
    expect(error.message).toContain('access_denied: The end user denied the authorization request');
  });

  it('asks again w/ a PKCE challenge when the client requires one, and polls w/ the verifier', async () => {
    const { ctx, log } = await start((r) => {
      if (r.path === '/device')
        return r.body.includes('code_challenge=')
          ? deviceAnswer(600, 0)
          : { status: 400, body: { error: 'invalid_request', error_description: 'Missing parameter: code_challenge_method' } };
      return new URLSearchParams(r.body).get('code_verifier')?.length === 43
        ? TOKENS
        : { status: 400, body: { error: 'invalid_grant', error_description: 'PKCE verification failed' } };
    });
    expect((await deviceSignIn(ctx)).refreshToken).toBe('device-refresh-token-1');
    expect(log.lines.some((l) => l.message.includes('requires PKCE for the device flow'))).toBe(true);
    expect(idp?.requests.filter((r) => r.path === '/device').map((r) => new URLSearchParams(r.body).get('code_challenge_method'))).toEqual([null, 'S256']);
  });
});

describe('deviceSignIn() against a server that says interval 0', () => {
  it('polls at most once a second (no busy loop against the token endpoint)', async () => {
    const { ctx, polls } = await start((r) => (r.path === '/device' ? deviceAnswer(2, 0) : PENDING));
    const error = (await deviceSignIn(ctx).catch((e: unknown) => e)) as LoginError;
    expect(error.code).toBe('DEVICE_CODE_EXPIRED');
    // expires_in 2 s and 2 s more for the server's own expired_token: 4 polls at 1 s, not hundreds.
    expect(polls().length).toBeLessThanOrEqual(5);
    for (const gap of gaps(polls())) expect(gap).toBeGreaterThanOrEqual(900);
  });
});
