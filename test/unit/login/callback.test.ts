import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { LoginError } from '../../../src/errors.js';
import { listenForCallback, type CallbackListener } from '../../../src/login/callback.js';
import { createPkce, sameState } from '../../../src/login/pkce.js';

const STATE = 'the-expected-state-value';
let listener: CallbackListener | undefined;
afterEach(async () => listener?.close());

function closed(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

describe('listenForCallback()', () => {
  it('listens on 127.0.0.1 only, on a free port, at /callback', async () => {
    listener = await listenForCallback(STATE, { timeoutMs: 5000 });
    expect(listener.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(listener.port).toBeGreaterThan(0);
  });

  it('w/ the right state: the code, a page saying the window can be closed, and the listener closes', async () => {
    listener = await listenForCallback(STATE, { timeoutMs: 5000 });
    const res = await fetch(`${listener.redirectUri}?state=${STATE}&code=abc`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.text()).toContain('You can close this window');
    expect(await listener.answer).toEqual({ code: 'abc' });
    await listener.close();
    expect(await closed(listener.port)).toBe(true);
  });

  it('w/ a wrong or missing state: refused (400), the sign-in rejected, the listener gone', async () => {
    for (const query of ['state=forged&code=stolen', 'code=stolen', `state=${STATE}x&code=stolen`]) {
      listener = await listenForCallback(STATE, { timeoutMs: 5000 });
      const answer = listener.answer.catch((e: unknown) => e);
      const res = await fetch(`${listener.redirectUri}?${query}`);
      expect(res.status).toBe(400);
      const error = (await answer) as LoginError;
      expect(error).toBeInstanceOf(LoginError);
      expect(error.code).toBe('STATE_MISMATCH');
      await listener.close();
      expect(await closed(listener.port)).toBe(true);
    }
  });

  it("w/ the provider's error: handed back with its description, the page saying to go back to the terminal", async () => {
    listener = await listenForCallback(STATE, { timeoutMs: 5000 });
    const res = await fetch(`${listener.redirectUri}?state=${STATE}&error=access_denied&error_description=%3Cb%3Eno%3C%2Fb%3E`);
    expect(res.status).toBe(400);
    expect(await res.text()).not.toContain('<b>');
    expect(await listener.answer).toEqual({ error: 'access_denied', description: '<b>no</b>' });
  });

  it('another path is 404 and the listener keeps waiting', async () => {
    listener = await listenForCallback(STATE, { timeoutMs: 5000 });
    expect((await fetch(`http://127.0.0.1:${listener.port}/favicon.ico`)).status).toBe(404);
    const res = await fetch(`${listener.redirectUri}?state=${STATE}&code=later`);
    expect(res.status).toBe(200);
    expect(await listener.answer).toEqual({ code: 'later' });
  });

  it('times out: LOGIN_TIMEOUT, and the port is free', async () => {
    listener = await listenForCallback(STATE, { timeoutMs: 200 });
    const error = (await listener.answer.catch((e: unknown) => e)) as LoginError;
    expect(error.code).toBe('LOGIN_TIMEOUT');
    expect(error.message).toContain('No sign-in came back within 0 s');
    await listener.close();
    expect(await closed(listener.port)).toBe(true);
  });
});

describe('PKCE', () => {
  it('createPkce(): a 43-character verifier and its S256 challenge (RFC 7636 appendix B)', () => {
    const pkce = createPkce();
    expect(pkce.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(pkce.challenge).not.toBe(pkce.verifier);
    expect(pkce.method).toBe('S256');
  });

  it('sameState()', () => {
    expect(sameState('abc', 'abc')).toBe(true);
    expect(sameState('abd', 'abc')).toBe(false);
    expect(sameState('ab', 'abc')).toBe(false);
    expect(sameState(null, 'abc')).toBe(false);
  });
});
