/**
 * The loopback redirect of a native app's sign-in (RFC 8252 §7.3): a listener on 127.0.0.1 only,
 * on a free port, that takes one answer at /callback and closes. It closes when the code arrives,
 * when an answer is refused (a wrong `state` may be a forged callback: the sign-in is abandoned,
 * not continued with a listener someone is probing), when the wait times out, or on cancel.
 *
 * The browser's page for a code is held until the caller has exchanged it (`conclude()`): the
 * person reads "Signed in" only once the tokens are really here, and "Sign-in failed" when the
 * exchange was refused (Keycloak checks some things, such as the offline_access role, only then).
 * @see https://www.rfc-editor.org/rfc/rfc8252#section-7.3
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LoginError } from '../errors.js';
import { sanitize } from '../text.js';
import { sameState } from './pkce.js';

export const CALLBACK_PATH = '/callback';

/** What the browser brought back: a code (with the issuer's `iss` where sent, RFC 9207), or the provider's error (`error`, `error_description`). */
export type CallbackAnswer = { readonly code: string; readonly iss?: string } | { readonly error: string; readonly description: string };

export interface CallbackListener {
  /** http://127.0.0.1:PORT/callback */
  readonly redirectUri: string;
  readonly port: number;
  /** Resolves with the one answer whose state matches; rejects on a forged one, a timeout or cancel. */
  readonly answer: Promise<CallbackAnswer>;
  /** Sends the page held for a code: signed in, or failed (the terminal says why). Once; later calls do nothing. */
  conclude(signedIn: boolean): void;
  /** Closes the listener (idempotent), a page still held saying the sign-in failed; resolves once the port is free. */
  close(): Promise<void>;
}

const page = (title: string, text: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>${text}</p></body></html>`;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const SIGNED_IN = ['Signed in', 'dotstat-action has the tokens. You can close this window and go back to the terminal.'] as const;
const EXCHANGE_FAILED = [
  'Sign-in failed',
  'dotstat-action could not get the tokens for this sign-in, so nothing was signed in. The terminal says why and what to do; you can close this window.',
] as const;

function reply(res: ServerResponse, status: number, title: string, text: string): void {
  // No caching, no referrer (the URL held the code), and nothing else this page may load.
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'content-security-policy': "default-src 'none'",
    connection: 'close',
  });
  res.end(page(title, text));
}

/** Opens the listener; `timeoutMs` bounds the whole wait for the browser. */
export async function listenForCallback(state: string, options: { readonly timeoutMs: number; readonly signal?: AbortSignal }): Promise<CallbackListener> {
  let settle: { resolve: (a: CallbackAnswer) => void; reject: (e: unknown) => void } | undefined;
  const answer = new Promise<CallbackAnswer>((resolve, reject) => (settle = { resolve, reject }));
  // A refusal may come while the caller is still busy (checking the authorization page, opening the
  // browser) and not yet awaiting: marked handled here, so it is no unhandled rejection that ends the
  // process with a stack trace. The caller still sees it when it awaits `answer`.
  answer.catch(() => undefined);
  const server = createServer((req, res) => {
    // Anyone on this machine can send anything here: nothing they send may throw out of the handler.
    try {
      handle(req, res);
    } catch {
      if (!res.headersSent) reply(res, 400, 'Bad request', 'This is not a sign-in answer.');
      else res.destroy();
    }
  });
  /** The browser's request that brought the code, answered by conclude(). */
  let held: ServerResponse | undefined;
  const conclude = (signedIn: boolean): void => {
    const res = held;
    held = undefined;
    if (!res) return;
    const [title, text] = signedIn ? SIGNED_IN : EXCHANGE_FAILED;
    // Written at once (a page this small goes to the socket whole), so close() may close it right after.
    reply(res, signedIn ? 200 : 500, title, text);
  };
  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= new Promise<void>((resolve) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      conclude(false);
      server.close(() => resolve());
      server.closeAllConnections();
    }));
  const finish = (outcome: { answer: CallbackAnswer } | { error: unknown }) => {
    if (!settle) return;
    const s = settle;
    settle = undefined;
    // No new connection from now on; a page held for a code stays open until conclude() or close().
    if (held) server.close();
    else void close(); // after the page went out (the reply's connection: close lets it finish first)
    if ('answer' in outcome) s.resolve(outcome.answer);
    else s.reject(outcome.error);
  };

  function handle(req: IncomingMessage, res: ServerResponse): void {
    // A request target that is no URL (e.g. `GET http://[ HTTP/1.1`) would make new URL throw.
    const url = URL.parse(req.url ?? '/', 'http://127.0.0.1');
    if (!url) return reply(res, 400, 'Bad request', 'This is not a sign-in answer.');
    if (req.method !== 'GET' || url.pathname !== CALLBACK_PATH || !settle) return reply(res, 404, 'Not found', 'Nothing here.');
    const params = url.searchParams;
    if (!sameState(params.get('state'), state)) {
      reply(res, 400, 'Sign-in refused', 'This answer does not belong to the sign-in that is waiting (its state does not match). Nothing was signed in.');
      return finish({
        error: new LoginError(
          'STATE_MISMATCH',
          'A sign-in answer reached the loopback listener with a state that does not match this sign-in: it was refused, and the listener is closed.',
          'It may be a forged or stale callback (another tab, an older login). Run dotstat-action login again, and finish the sign-in in the window it opens.',
        ),
      });
    }
    const error = params.get('error');
    const code = params.get('code');
    if (error) {
      const description = sanitize(params.get('error_description') ?? '', 300);
      reply(
        res,
        400,
        'Sign-in failed',
        `The identity provider answered ${escapeHtml(sanitize(error, 80))}. Go back to the terminal to see what to do; you can close this window.`,
      );
      return finish({ answer: { error: sanitize(error, 80), description } });
    }
    if (!code) {
      reply(res, 400, 'Sign-in failed', 'The answer holds neither a code nor an error.');
      return finish({ error: new LoginError('CALLBACK_ERROR', 'The sign-in answer held neither a code nor an error.', 'Run dotstat-action login again.') });
    }
    held = res;
    finish({ answer: { code, iss: params.get('iss') ?? undefined } });
  }

  const seconds = Math.round(options.timeoutMs / 1000);
  const timer = setTimeout(
    () =>
      finish({
        error: new LoginError(
          'LOGIN_TIMEOUT',
          `No sign-in came back within ${seconds} s: the browser window may have been closed, or the sign-in was not finished. The listener is closed.`,
          'Run dotstat-action login again (with a longer --timeout SECONDS if signing in takes longer), or with --flow device to sign in on another device. Keycloak gives a login page its own limit too: the realm\'s "Login timeout" (Realm settings → Sessions, accessCodeLifespanLogin).',
        ),
      }),
    options.timeoutMs,
  );
  timer.unref?.();
  const onAbort = () => finish({ error: new LoginError('LOGIN_TIMEOUT', 'The sign-in was cancelled; the listener is closed.') });
  options.signal?.addEventListener('abort', onAbort, { once: true });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // 127.0.0.1 only, not localhost (which may resolve to ::1 or to another host) and never 0.0.0.0.
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  // The timer is unref'd: the open server keeps the process alive while it waits.
  return { redirectUri: `http://127.0.0.1:${port}${CALLBACK_PATH}`, port, answer, conclude, close };
}
