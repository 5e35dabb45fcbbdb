/**
 * The one HTTP client. Every request of the job goes through `send()`, which owns what all of
 * them need: the HTTPS rule, the proxy (HTTPS_PROXY / NO_PROXY, resolved by @actions/http-client),
 * a per-attempt timeout, a cap on response bodies read into memory, and redirects (followed only
 * for plain GETs that carry no credentials; a POST is never replayed to another address).
 * Retries are not done here: see ./retry.ts.
 */
import { Readable, Transform } from 'node:stream';
import { HttpClient } from '@actions/http-client';
import { Agent, request, type Dispatcher } from 'undici';
import { DotstatError, ResponseError } from '../errors.js';
import { sanitize } from '../text.js';
import { isLoopback } from './loopback.js';
import { toNetworkError } from './network-errors.js';

export const USER_AGENT = 'dotstat-action (+https://github.com/sis-cc/dotstat-action)';
/** JSON answers are small; anything larger is a wrong URL or a hostile server. */
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
const MAX_GET_REDIRECTS = 5;

export interface HttpSettings {
  /** Per-attempt limit; for uploads it is an idle limit (no byte sent or received for that long). */
  readonly timeoutMs: number;
  readonly allowInsecureHttp: boolean;
}

export interface HttpRequest {
  readonly method: 'GET' | 'POST';
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
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
  readonly url: URL;
}

export const direct = new Agent({ connect: { timeout: 30_000 } });
const proxyResolver = new HttpClient(USER_AGENT);
const proxies = new Map<string, Dispatcher>();

/** The proxy agent for this URL under HTTPS_PROXY / HTTP_PROXY / NO_PROXY, or the direct agent. */
export function dispatcherFor(url: URL): Dispatcher {
  const key = url.origin;
  let dispatcher = proxies.get(key);
  if (!dispatcher) {
    dispatcher = (proxyResolver.getAgentDispatcher(url.href) as Dispatcher | undefined) ?? direct;
    proxies.set(key, dispatcher);
  }
  return dispatcher;
}

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
export async function send(req: HttpRequest, settings: HttpSettings): Promise<HttpResponse> {
  let url = req.url;
  for (let hop = 0; ; hop++) {
    assertTransportAllowed(url, settings);
    const response = await attempt({ ...req, url }, settings);
    const location = headerValue(response.headers, 'location');
    if (response.status < 300 || response.status >= 400 || response.status === 304 || !location) return response;
    const target = safeUrl(location, url);
    if (req.method !== 'GET' || req.credentials || hop >= MAX_GET_REDIRECTS || !target) {
      throw redirectError(req, url, response.status, target);
    }
    url = target;
  }
}

async function attempt(req: HttpRequest, settings: HttpSettings): Promise<HttpResponse> {
  const watchdog = new Watchdog(settings.timeoutMs, req.signal);
  try {
    // A per-attempt limit bounds the whole exchange, a slowly dripping body included; an idle
    // limit (uploads of large files) only bounds silence while the request is sent and answered.
    const payload = req.idleTimeout ? metered(req.body, () => watchdog.kick()) : req.body;
    const response = await request(req.url, {
      method: req.method,
      headers: { 'user-agent': USER_AGENT, ...req.headers },
      // undici writes an async iterable body too (awaiting the socket's drain between chunks),
      // though its types do not say so.
      body: payload as Readable | string | Buffer | undefined,
      signal: watchdog.signal,
      dispatcher: dispatcherFor(req.url),
      headersTimeout: 0,
      bodyTimeout: 0,
    });
    // The answer's body then gets one whole limit: a body dripping a byte at a time must not
    // keep an idle limit alive for ever.
    if (req.idleTimeout) watchdog.kick();
    const max = req.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    const body = await readCapped(response.body, max, req.url, response.statusCode);
    return { status: response.statusCode, headers: response.headers, body, url: req.url };
  } catch (error) {
    // undici rejects with the abort reason itself, so a timeout or cancellation arrives here as
    // the watchdog's bare DotstatError: turn it into a NetworkError that says what to do.
    const abort = watchdog.reason();
    if (error instanceof DotstatError && abort === undefined) throw error;
    throw toNetworkError(error, req.url, abort, settings.timeoutMs);
  } finally {
    watchdog.stop();
  }
}

/** A stream body that reports each chunk as progress (without switching it to flowing mode). */
function metered(body: HttpRequest['body'], onProgress: () => void): HttpRequest['body'] {
  if (body === undefined || typeof body === 'string' || Buffer.isBuffer(body)) return body;
  if (!(body instanceof Readable)) return meteredChunks(body, onProgress);
  const meter = new Transform({
    transform(chunk, _encoding, callback) {
      onProgress();
      callback(null, chunk);
    },
  });
  body.on('error', (error) => meter.destroy(error));
  return body.pipe(meter);
}

async function* meteredChunks(chunks: AsyncIterable<Buffer>, onProgress: () => void): AsyncGenerator<Buffer> {
  for await (const chunk of chunks) {
    onProgress();
    yield chunk;
  }
}

async function readCapped(
  body: Dispatcher.ResponseData['body'],
  max: number,
  url: URL,
  status: number,
): Promise<string> {
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
