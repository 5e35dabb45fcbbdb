/** Shared pieces for the unit tests: tiny node:http servers, fast retry timings, a recording logger. */
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import type { GrantType, IdpConfig } from '../../src/oidc/settings.js';
import { DotstatError } from '../../src/errors.js';
import type { HttpSettings } from '../../src/http/client.js';
import type { RetryContext } from '../../src/http/retry.js';
import type { TokenContext } from '../../src/oidc/token.js';
import type { Annotation, Logger } from '../../src/platform/types.js';

/** Fast enough that a test exhausting every attempt still takes well under a second. */
export const FAST_TIMING = { baseMs: 5, capMs: 20, maxRetryAfterMs: 50 } as const;
export const HTTP: HttpSettings = { timeoutMs: 5_000, allowInsecureHttp: false };

export interface TestServer {
  readonly url: string;
  readonly server: Server;
  /** Method and path of every request received, in order. */
  readonly hits: string[];
  close(): Promise<void>;
}

/** A node:http server on an ephemeral loopback port (127.0.0.1, or `host` such as ::1). */
export async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void, host = '127.0.0.1'): Promise<TestServer> {
  const hits: string[] = [];
  const listener: RequestListener = (req, res) => {
    hits.push(`${req.method} ${req.url}`);
    handler(req, res);
  };
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    server,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The URL of a loopback port where nothing listens (a server was there and has been closed). */
export async function closedPortUrl(): Promise<string> {
  const server = await listen(() => undefined);
  await server.close();
  return server.url;
}

export interface Recorded {
  readonly level: 'info' | 'warning' | 'error' | 'debug';
  readonly message: string;
  readonly annotation?: Annotation;
}

export function recordingLogger(): Logger & { readonly lines: Recorded[] } {
  const lines: Recorded[] = [];
  return {
    lines,
    info: (message) => void lines.push({ level: 'info', message }),
    warning: (message, annotation) => void lines.push({ level: 'warning', message, annotation }),
    error: (message, annotation) => void lines.push({ level: 'error', message, annotation }),
    debug: (message) => void lines.push({ level: 'debug', message }),
    group: (_title, fn) => fn(),
  };
}

export function fastRetry(debug?: (message: string) => void): RetryContext {
  return { timing: FAST_TIMING, debug };
}

/** A TokenContext for the fixture IdP's public client `app` and user alice, with overrides. */
export function tokenContext(
  idp: Partial<IdpConfig> & { grant: GrantType },
  options: { http?: Partial<HttpSettings>; debug?: (message: string) => void } = {},
): TokenContext & { log: ReturnType<typeof recordingLogger> } {
  return {
    idp: { clientId: 'app', ...idp },
    http: { ...HTTP, ...options.http },
    retry: fastRetry(options.debug),
    log: recordingLogger(),
  };
}

/** Awaits a call that must fail with a DotstatError, and returns that error. */
export async function failure(promise: Promise<unknown>, what = 'the request'): Promise<DotstatError> {
  const outcome = await promise.then(
    () => new Error(`expected ${what} to fail`),
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(DotstatError);
  return outcome as DotstatError;
}

/** A JWT with these claims and no signature (alg none), as the login tests read a token's claims: never sent to a server that checks it. */
export const unsignedJwt = (claims: Record<string, unknown>): string => `eyJhbGciOiJub25lIn0.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;
