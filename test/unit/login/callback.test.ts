import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { LoginError } from '../../../src/errors.js';
import { listenForCallback, type CallbackListener } from '../../../src/login/callback.js';
import { createPkce, sameState } from '../../../src/login/pkce.js';
import { callBack } from '../../support/callback.js';

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

  it('w/ the right state: the code, and once it is exchanged a page saying the window can be closed; the listener closes', async () => {
    listener = await listenForCallback(STATE, { timeoutMs: 5000 });
    const page = fetch(`${listener.redirectUri}?state=${STATE}&code=abc`);
    expect(await listener.answer).toEqual({ code: 'abc' });
    // Held while the code is exchanged: nothing says "Signed in" before the tokens are here.
    expect(await Promise.race([page.then(() => 'sent'), new Promise((r) => setTimeout(r, 200, 'held'))])).toBe('held');
    listener.conclude(true);
    const res = await page;
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const text = await res.text();
    expect(text).toContain('<h1>Signed in</h1>');
    expect(text).toContain('You can close this window');
    await listener.close();
    expect(await closed(listener.port)).toBe(true);
  });

  it.each([
    ['conclude(false)', (l: CallbackListener) => l.conclude(false)],
    ['close() without conclude (an error on the way)', (l: CallbackListener) => l.close()],
  ])('the code could not be exchanged, %s: the page says the sign-in failed and to go to the terminal', async (_, end) => {
    listener = await listenForCallback(STATE, { timeoutMs: 5000 });
    const page = fetch(`${listener.redirectUri}?state=${STATE}&code=abc`);
    await listener.answer;
    await end(listener);
    const res = await page;
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).toContain('<h1>Sign-in failed</h1>');
    expect(text).toContain('nothing was signed in. The terminal says why');
    expect(text).not.toContain('Signed in');
    await listener.close();
    expect(await closed(listener.port)).toBe(true);
  });

  it('while the code is exchanged: the port takes no new connection', async () => {
    listener = await listenForCallback(STATE, { timeoutMs: 5000 });
    const page = fetch(`${listener.redirectUri}?state=${STATE}&code=abc`);
    await listener.answer;
    expect(await closed(listener.port)).toBe(true);
    listener.conclude(true);
    expect((await page).status).toBe(200);
  });

  it('a browser that gave up on the held page: close() still frees the port at once', async () => {
    listener = await listenForCallback(STATE, { timeoutMs: 5000 });
    const aborted = new AbortController();
    const page = fetch(`${listener.redirectUri}?state=${STATE}&code=abc`, { signal: aborted.signal }).catch(() => 'gone');
    await listener.answer;
    aborted.abort();
    expect(await page).toBe('gone');
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await listener.close();
    expect(Date.now() - started).toBeLessThan(1000);
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
    const { answer, page } = await callBack(listener, `state=${STATE}&code=later`);
    expect(page.status).toBe(200);
    expect(answer).toEqual({ code: 'later' });
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
