/**
 * The one HTTP client. Every request of the job goes through `send()`, which owns what all of
 * them need: the HTTPS rule, the proxy (HTTPS_PROXY / NO_PROXY, resolved by @actions/http-client),
 * a per-attempt timeout, a cap on response bodies read into memory, and redirects (followed only
 * for plain GETs that carry no credentials; a POST is never replayed to another address).
 * Retries are not done here: see ./retry.ts.
 */
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { DotstatError, ResponseError } from '../errors.js';
import { sanitize } from '../text.js';
import { isLoopback, lookupLocalhost } from './loopback.js';
import { toNetworkError } from './network-errors.js';
import { openTunnel, proxyFor } from './proxy.js';

export const USER_AGENT = 'dotstat-action (+https://github.com/sis-cc/dotstat-action)';
/** JSON answers are small; anything larger is a wrong URL or a hostile server. */
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
const MAX_GET_REDIRECTS = 5;
/** An idle kept-alive connection is dropped after this long (or sooner if the server says so). */
const KEEP_ALIVE_MS = 4_000;
/** How long a body waits for `100 Continue` before it is sent anyway (curl's default too). */
const EXPECT_WAIT_MS = 1_000;

export interface HttpSettings {
  /** Per-attempt limit; for uploads it is an idle limit (no byte sent or received for that long). */
  readonly timeoutMs: number;
  readonly allowInsecureHttp: boolean;
}

export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'PUT';
  readonly url: URL;
  readonly headers?: Readonly<Record<string, string>>;
  /** A string or buffer, or a fresh stream or iterable of chunks (with its exact length in `headers`). */
  readonly body?: string | Buffer | Readable | AsyncIterable<Buffer>;
  /** Credentials or tokens travel with this request: never follow a redirect. */
  readonly credentials: boolean;
  readonly signal?: AbortSignal;
  readonly maxResponseBytes?: number;
  /** Treat `timeoutMs` as an idle limit rather than a limit on the whole exchange. */
  readonly idleTimeout?: boolean;
  /**
   * Send `Expect: 100-continue` and hold the body until the server agrees to take it (or has not
   * said anything for a second, as curl does): a refusal (413, 401) then costs no upload, and
   * arrives as an answer rather than as a connection cut while the body was still being sent.
   */
  readonly expectContinue?: boolean;
  /**
   * Reads the answer's body as a stream rather than into a capped string: called once per attempt
   * with the status and headers; when it returns a consumer, that consumer is given the body's
   * chunks (within the same per-attempt limit) and the response's `body` is ''. When it returns
   * undefined the body is read as usual. For answers that may be far larger than any JSON answer
   * ought to be (a status with a log of 200,000 lines) but can be read piece by piece.
   */
  readonly streamBody?: (head: ResponseHead) => BodyConsumer | undefined;
}

/** An answer's status line and headers, before its body is read. */
export interface ResponseHead {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly url: URL;
}

/** Reads a body given as chunks; stopping early (a break, a return) ends the exchange. */
export type BodyConsumer = (chunks: AsyncIterable<Buffer> | Iterable<Buffer>) => Promise<void>;

export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
  readonly url: URL;
  /** The body went to the request's `streamBody` consumer instead of `body`. */
  readonly streamed?: boolean;
}

/**
 * Node's own HTTP client, on purpose: its parser is native code. undici's is WebAssembly, and V8
 * compiling that with its optimising tier cost tens of MiB of the action's memory (`npm run bench`).
 * GETs (discovery, status polls) reuse connections; a POST (a token grant, an upload) always gets
 * a fresh one, so a connection reset can never be a stale kept-alive socket closed by the server,
 * and always means what the retry policy assumes it means.
 */
const agents = {
  reuse: { 'http:': new http.Agent({ keepAlive: true, timeout: KEEP_ALIVE_MS }), 'https:': new https.Agent({ keepAlive: true, timeout: KEEP_ALIVE_MS }) },
  fresh: { 'http:': new http.Agent({ keepAlive: false }), 'https:': new https.Agent({ keepAlive: false }) },
} as const;

/** Refuses plain http:// to another machine, where a password or token could be read on the way. */
export function assertTransportAllowed(url: URL, settings: HttpSettings): void {
  if (url.protocol === 'https:') return;
  if (url.protocol !== 'http:') {
    throw new DotstatError('UNSUPPORTED_URL', `Cannot send a request to ${url.origin}: only https:// URLs are supported.`);
  }
  if (isLoopback(url) || settings.allowInsecureHttp) return;
  throw new DotstatError(
    'INSECURE_HTTP',
    `Refusing to send credentials or tokens over plain http:// to ${url.host}.`,
    'Use the https:// address of the server. Only if the network between the runner and the server is trusted, set allow-insecure-http: true.',
  );
}

/** Sends one request (one attempt) and reads the answer, up to `maxResponseBytes`. */
export async function send(request: HttpRequest, settings: HttpSettings): Promise<HttpResponse> {
  let req = request;
  let url = req.url;
  for (let hop = 0; ; hop++) {
    assertTransportAllowed(url, settings);
    const { bodyStarted, ...response } = await attempt({ ...req, url }, settings);
    // RFC 9110 §10.1.1: a server that does not do expectations says 417; send it again without.
    if (response.status === 417 && req.expectContinue && !bodyStarted) {
      req = { ...req, expectContinue: false };
      continue;
    }
    const location = headerValue(response.headers, 'location');
    if (response.status < 300 || response.status >= 400 || response.status === 304 || !location) return response;
    const target = safeUrl(location, url);
    if (req.method !== 'GET' || req.credentials || hop >= MAX_GET_REDIRECTS || !target) {
      throw redirectError(req, url, response.status, target);
    }
    url = target;
  }
}

async function attempt(req: HttpRequest, settings: HttpSettings): Promise<HttpResponse & { bodyStarted: boolean }> {
  const watchdog = new Watchdog(settings.timeoutMs, req.signal);
  const exchange = new Exchange(req, watchdog);
  try {
    const response = await exchange.response();
    // The answer's body gets one whole limit: a body dripping a byte at a time must not keep an
    // idle limit (uploads of large files) alive for ever.
    if (req.idleTimeout) watchdog.kick();
    const status = response.statusCode ?? 0;
    const consumer = req.streamBody?.({ status, headers: response.headers, url: req.url });
    if (consumer) {
      await consumer(response);
      return { status, headers: response.headers, body: '', url: req.url, bodyStarted: exchange.bodyStarted, streamed: true };
    }
    const body = await readCapped(response, req.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES, req.url, status);
    return { status, headers: response.headers, body, url: req.url, bodyStarted: exchange.bodyStarted };
  } catch (error) {
    // A timeout or cancellation surfaces as whatever the socket or stream threw at that moment:
    // the watchdog knows which it was. Errors of our own (a file that changed under the upload,
    // a refusing proxy) pass through as they are.
    const abort = watchdog.reason();
    if (error instanceof DotstatError && abort === undefined) throw error;
    throw toNetworkError(error, req.url, abort === 'timeout' && !exchange.connected ? 'connect-timeout' : abort, settings.timeoutMs);
  } finally {
    watchdog.stop();
    exchange.close();
  }
}

/** One request on the wire: connect (directly or through a proxy), send the body, await the answer. */
class Exchange {
  /** The connection to the server (or the tunnel to it) was made: the request may have been sent. */
  connected = false;
  /** The first byte of a streamed body was asked for: the body cannot be sent again. */
  bodyStarted = false;
  #request: http.ClientRequest | undefined;
  #answered = false;
  #bodySent = false;

  constructor(
    private readonly req: HttpRequest,
    private readonly watchdog: Watchdog,
  ) {}

  async response(): Promise<http.IncomingMessage> {
    const { req, watchdog } = this;
    const secure = req.url.protocol === 'https:';
    const proxy = proxyFor(req.url);
    const tunnel = proxy ? await openTunnel(proxy, req.url, watchdog.signal) : undefined;
    const options: https.RequestOptions = {
      method: req.method,
      ...(req.url.hostname.toLowerCase() === 'localhost' ? { lookup: lookupLocalhost } : {}),
      headers: { 'user-agent': USER_AGENT, ...req.headers, ...(req.expectContinue ? { expect: '100-continue' } : {}) },
      signal: watchdog.signal,
      ...(tunnel ? { createConnection: () => tunnel } : { agent: (req.method === 'GET' ? agents.reuse : agents.fresh)[secure ? 'https:' : 'http:'] }),
    };
    return new Promise<http.IncomingMessage>((resolve, reject) => {
      let request: http.ClientRequest;
      try {
        request = (secure ? https : http).request(req.url, options);
      } catch (error) {
        tunnel?.destroy();
        throw error;
      }
      this.#request = request;
      // Kept for the whole exchange: an error after the answer (the body cut off) must not be
      // an unhandled 'error' event; reading the body reports it.
      request.on('error', reject);
      request.once('socket', (socket: Socket) => this.#watchConnection(socket, secure));
      request.once('response', (response) => {
        this.#answered = true;
        resolve(response);
      });
      this.#send(request).catch((error: unknown) => {
        // Once answered, the answer is what counts: a server that answers early (413) may well
        // close the connection on the rest of the body.
        if (!this.#answered) request.destroy(error instanceof Error ? error : new Error(String(error)));
      });
    });
  }

  /** Ends the exchange; a request whose body was not all sent (the server answered early) cannot be reused. */
  close(): void {
    if (this.#request && !this.#bodySent) this.#request.destroy();
  }

  #watchConnection(socket: Socket, secure: boolean): void {
    // A kept-alive socket (or a tunnel) is connected already; a new one is once TCP (and TLS) is up.
    if (!socket.connecting) this.connected = true;
    else socket.once(secure ? 'secureConnect' : 'connect', () => (this.connected = true));
  }

  /**
   * Writes the body. The next chunk is asked for (read from disk) while the current one is being
   * sent, and never further ahead: a chunk is written only once the socket has taken the one
   * before. A body that reuses its buffers (src/transfer/multipart.ts) therefore needs two of
   * them at least; more than two is what keeps a read from waiting on a buffer still in flight.
   */
  async #send(request: http.ClientRequest): Promise<void> {
    const { body } = this.req;
    if (body === undefined || typeof body === 'string' || Buffer.isBuffer(body)) {
      request.end(body);
      this.#bodySent = true;
      return;
    }
    if (this.req.expectContinue) {
      request.flushHeaders();
      await agreed(request);
      if (this.#answered || request.destroyed) return;
    }
    this.bodyStarted = true;
    const chunks = body[Symbol.asyncIterator]();
    try {
      let next = chunks.next();
      for (;;) {
        const item = await next;
        if (item.done) break;
        if (this.#answered || request.destroyed) return;
        const written = write(request, item.value);
        next = chunks.next();
        // A read that fails while the write is awaited is handled when its turn comes: marked
        // handled now, so that it is never an unhandled rejection meanwhile.
        next.catch(() => undefined);
        await written;
        if (this.req.idleTimeout) this.watchdog.kick();
      }
      request.end();
      this.#bodySent = true;
    } finally {
      if (!this.#bodySent) await chunks.return?.().catch(() => undefined);
    }
  }
}

/** Resolves on `100 Continue`, on a final answer, when the request fails, or after EXPECT_WAIT_MS. */
function agreed(request: http.ClientRequest): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      for (const event of ['continue', 'response', 'close'] as const) request.removeListener(event, done);
      resolve();
    };
    const timer = setTimeout(done, EXPECT_WAIT_MS);
    for (const event of ['continue', 'response', 'close'] as const) request.once(event, done);
  });
}

/** Resolves once the socket has taken `chunk`, or rejects when the request fails first. */
function write(request: http.ClientRequest, chunk: Buffer): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onClose = () => reject(new Error('the connection closed while the request body was being sent'));
    request.once('close', onClose);
    request.write(chunk, (error) => {
      request.removeListener('close', onClose);
      if (error) reject(error);
      else resolve();
    });
  });
}

async function readCapped(body: http.IncomingMessage, max: number, url: URL, status: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > max) {
      body.destroy();
      throw new ResponseError(
        status,
        `The answer from ${url.origin}${url.pathname} (HTTP ${status}) is larger than ${max} bytes; stopped reading it.`,
        'Check that the URL points at the service itself and not at a page or a file.',
        'RESPONSE_TOO_LARGE',
      );
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function redirectError(req: HttpRequest, from: URL, status: number, target: URL | undefined): DotstatError {
  const where = target ? `${target.origin}${target.pathname}` : 'an unreadable address';
  return new ResponseError(
    status,
    `${from.origin}${from.pathname} answered HTTP ${status}, redirecting to ${sanitize(where, 200)}.`,
    req.credentials
      ? 'A request carrying credentials or a token is never re-sent to a redirect target. Set the URL to the final address (check https:// and a missing or extra path segment such as /auth).'
      : 'Too many redirects; set the URL to the final address.',
    'REDIRECT',
  );
}

function safeUrl(location: string, base: URL): URL | undefined {
  try {
    return new URL(location, base);
  } catch {
    return undefined;
  }
}

export function headerValue(headers: HttpResponse['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** An AbortSignal that fires after `ms` of no progress (or when the outer signal aborts). */
class Watchdog {
  readonly #controller = new AbortController();
  #timer: NodeJS.Timeout | undefined;
  #timedOut = false;
  #stopped = false;
  readonly #onOuterAbort = () => this.#controller.abort(new DotstatError('ABORTED', 'The request was cancelled.'));

  constructor(
    private readonly ms: number,
    private readonly outer: AbortSignal | undefined,
  ) {
    if (outer?.aborted) this.#onOuterAbort();
    outer?.addEventListener('abort', this.#onOuterAbort, { once: true });
    this.kick();
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  kick(): void {
    // After stop(), the HTTP client may still pull the rest of a request body (the server answered
    // early, e.g. 413): a new timer then would keep the process alive for nothing.
    if (this.#stopped) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timedOut = true;
      this.#controller.abort(new DotstatError('TIMEOUT', 'timed out'));
    }, this.ms);
  }

  reason(): 'timeout' | 'aborted' | undefined {
    if (this.#timedOut) return 'timeout';
    return this.#controller.signal.aborted ? 'aborted' : undefined;
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.outer?.removeEventListener('abort', this.#onOuterAbort);
  }
}
