/**
 * Hostile requests to the loopback listener (RFC 8252 §8.3: any process on this machine, and any
 * web page through the browser, can reach 127.0.0.1): none may crash the command, hang it, or keep
 * the port open.
 */
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { LoginError } from '../../../src/errors.js';
import { listenForCallback, type CallbackListener } from '../../../src/login/callback.js';
import { callBack } from '../../support/callback.js';

const STATE = 'the-expected-state-value';
let listener: CallbackListener | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await listener?.close();
});

/** Sends raw bytes and resolves with what came back (or '' when the socket closed without an answer). */
function raw(port: number, bytes: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    sockets.push(socket);
    let text = '';
    socket.on('data', (d: Buffer) => (text += d.toString('utf8')));
    socket.on('close', () => resolve(text));
    socket.on('error', () => resolve(text));
  });
}

describe('the loopback listener under attack', () => {
  it('a request target that is no URL (GET http://[ ...) is refused, and the listener keeps waiting', async () => {
    const crashes: unknown[] = [];
    const onCrash = (e: unknown) => crashes.push(e);
    process.prependListener('uncaughtException', onCrash);
    try {
      listener = await listenForCallback(STATE, { timeoutMs: 5000 });
      const answer = await raw(listener.port, 'GET http://[/callback HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
      expect(crashes).toEqual([]);
      expect(answer).toMatch(/^HTTP\/1\.1 (400|404)/);
      const { answer: later, page } = await callBack(listener, `state=${STATE}&code=later`);
      expect(page.status).toBe(200);
      expect(later).toEqual({ code: 'later' });
    } finally {
      process.removeListener('uncaughtException', onCrash);
    }
  });

  it('a refusal before anyone awaits the answer is no unhandled rejection (it would end the process with a stack trace)', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.prependListener('unhandledRejection', onUnhandled);
    try {
      listener = await listenForCallback(STATE, { timeoutMs: 5000 });
      // A forged callback while the command is still busy (checking the authorization page, opening the browser).
      expect((await fetch(`${listener.redirectUri}?state=forged&code=x`)).status).toBe(400);
      await new Promise((r) => setTimeout(r, 50));
      expect(unhandled).toEqual([]);
      const error = (await listener.answer.catch((e: unknown) => e)) as LoginError;
      expect(error.code).toBe('STATE_MISMATCH');
    } finally {
      process.removeListener('unhandledRejection', onUnhandled);
    }
  });

  it('a slow, never-finished request (slowloris) neither blocks the real callback nor keeps the port open', async () => {
    listener = await listenForCallback(STATE, { timeoutMs: 5000 });
    const port = listener.port;
    void raw(port, 'GET /callback?state=');
    void raw(port, `GET /callback?state=${STATE}&code=slow HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: `);
    await new Promise((r) => setTimeout(r, 50));
    const { answer, page } = await callBack(listener, `state=${STATE}&code=fast`);
    expect(page.status).toBe(200);
    expect(answer).toEqual({ code: 'fast' });
    const started = Date.now();
    await listener.close();
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('a huge request is refused by the parser, and the listener keeps waiting', async () => {
    listener = await listenForCallback(STATE, { timeoutMs: 5000 });
    const answer = await raw(listener.port, `GET /callback?state=${'A'.repeat(100_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 431/);
    const { answer: ok, page } = await callBack(listener, `state=${STATE}&code=ok`);
    expect(page.status).toBe(200);
    expect(ok).toEqual({ code: 'ok' });
  });

  it('a second callback after the code is not taken: the port is closed or it answers 404', async () => {
    listener = await listenForCallback(STATE, { timeoutMs: 5000 });
    expect((await callBack(listener, `state=${STATE}&code=first`)).answer).toEqual({ code: 'first' });
    const second = await fetch(`${listener.redirectUri}?state=${STATE}&code=second`).then(
      (r) => r.status,
      () => 'closed',
    );
    expect([404, 'closed']).toContain(second);
  });

  it('error_description is never put on the page (no reflected markup or script)', async () => {
    listener = await listenForCallback(STATE, { timeoutMs: 5000 });
    const evil = '<script>alert(1)</script>';
    const res = await fetch(`${listener.redirectUri}?state=${STATE}&error=${encodeURIComponent(evil)}&error_description=${encodeURIComponent(evil)}`);
    const html = await res.text();
    expect(html).not.toContain('<script>');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'");
    await listener.answer;
  });

  it('Ctrl-C (the abort signal): the wait ends, says so, and the port is free at once', async () => {
    const cancel = new AbortController();
    listener = await listenForCallback(STATE, { timeoutMs: 60_000, signal: cancel.signal });
    const port = listener.port;
    void raw(port, 'GET /callback?state=');
    await new Promise((r) => setTimeout(r, 20));
    cancel.abort();
    const error = (await listener.answer.catch((e: unknown) => e)) as LoginError;
    expect(error.message).toContain('cancelled');
    await listener.close();
    const free = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(false)));
      socket.once('error', () => resolve(true));
    });
    expect(free).toBe(true);
  });

  it('bound to 127.0.0.1 only: another address of this machine (127.0.0.2, also loopback on Linux) is refused', async () => {
    listener = await listenForCallback(STATE, { timeoutMs: 5000 });
    const port = listener.port;
    const reached = (host: string) =>
      new Promise<boolean>((resolve) => {
        const socket = connect(port, host);
        socket.once('connect', () => (socket.destroy(), resolve(true)));
        socket.once('error', () => resolve(false));
      });
    expect(await reached('127.0.0.1')).toBe(true);
    if (process.platform === 'linux') expect(await reached('127.0.0.2')).toBe(false);
    expect(await reached('::1')).toBe(false);
  });
});
