import { connect } from 'node:net';
import { Readable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NetworkError, ResponseError } from '../../src/errors.js';
import { assertTransportAllowed, DEFAULT_MAX_RESPONSE_BYTES, headerValue, send, USER_AGENT, type HttpRequest } from '../../src/http/client.js';
import { startIdp, type Idp } from '../fixtures/idp.mjs';
import { closedPortUrl, HTTP, listen, type TestServer, failure } from './helpers.js';

// Every request made through node:http(s) is recorded, and one to a host off this machine is
// failed on the spot: a regression of the HTTPS rule must not send anything over the network.
const dispatched = vi.hoisted(() => [] as string[]);
vi.mock('node:http', async (importOriginal) => (await import('./support/guard.js')).guarded(await importOriginal<typeof import('node:http')>(), dispatched));
vi.mock('node:https', async (importOriginal) => (await import('./support/guard.js')).guarded(await importOriginal<typeof import('node:https')>(), dispatched));

let idp: Idp;
const servers: TestServer[] = [];
beforeEach(async () => {
  idp = await startIdp();
  dispatched.length = 0;
});
afterEach(async () => {
  await idp.close();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const serve = async (...args: Parameters<typeof listen>) => {
  const server = await listen(...args);
  servers.push(server);
  return server;
};

const post = (url: string | URL, extra: Partial<HttpRequest> = {}): HttpRequest => ({
  method: 'POST',
  url: new URL(url),
  credentials: true,
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: 'grant_type=password&client_id=app&username=alice&password=alice-password',
  ...extra,
});
const get = (url: string | URL, extra: Partial<HttpRequest> = {}): HttpRequest => ({ method: 'GET', url: new URL(url), credentials: false, ...extra });

describe('send()', () => {
  it('POST to the fixture token endpoint', async () => {
    const response = await send(post(idp.tokenEndpoint), HTTP);
    expect(response.status).toBe(200);
    expect(response.url.href).toBe(idp.tokenEndpoint);
    expect(headerValue(response.headers, 'content-type')).toBe('application/json');
    expect(JSON.parse(response.body)).toHaveProperty('access_token');
    expect(idp.requests).toHaveLength(1);
    expect(idp.requests[0]?.headers['user-agent']).toBe(USER_AGENT);
    expect(idp.requests[0]?.form).toMatchObject({ grant_type: 'password', username: 'alice' });
  });

  it('reads an error status without throwing', async () => {
    const response = await send(post(`${idp.url}/wrong/path`), HTTP);
    expect(response.status).toBe(404);
    expect(response.body).toContain('<title>404 Not Found</title>');
  });
});

describe('assertTransportAllowed()', () => {
  it.each([
    ['https', 'https://keycloak.example.org/realms/x', false],
    ['http to 127.0.0.1', 'http://127.0.0.1:8080/x', false],
    ['http to localhost', 'http://localhost:8080/x', false],
    ['http to ::1', 'http://[::1]:8080/x', false],
    ['http to another host, allowed', 'http://10.0.0.1/x', true],
  ])('%s', (_title, url, allowInsecureHttp) => {
    expect(() => assertTransportAllowed(new URL(url), { ...HTTP, allowInsecureHttp })).not.toThrow();
  });

  it.each(['http://10.0.0.1/x', 'http://keycloak.example.org/x', 'http://127.0.0.1.nip.io/x', 'http://[::ffff:127.0.0.1]/x', 'http://kc.localhost/x'])(
    'refuses %s',
    (url) => {
      expect(() => assertTransportAllowed(new URL(url), HTTP)).toThrow(expect.objectContaining({ code: 'INSECURE_HTTP' }));
    },
  );

  it('refuses other schemes', () => {
    expect(() => assertTransportAllowed(new URL('ftp://example.org/x'), { ...HTTP, allowInsecureHttp: true })).toThrow(
      expect.objectContaining({ code: 'UNSUPPORTED_URL' }),
    );
  });
});

describe('send() w/ the HTTPS rule', () => {
  it('refuses http:// to a non-loopback host before connecting', async () => {
    const error = await failure(send(post('http://10.0.0.1/realms/x/protocol/openid-connect/token'), HTTP));
    expect(error.code).toBe('INSECURE_HTTP');
    expect(error.message).toBe('Refusing to send credentials or tokens over plain http:// to 10.0.0.1.');
    expect(error.hint).toContain('allow-insecure-http: true');
    expect(dispatched).toEqual([]);
  });

  it('refuses a GET redirect to http:// on another host before following it', async () => {
    const server = await serve((_req, res) => res.writeHead(302, { location: 'http://10.0.0.1/elsewhere' }).end());
    const error = await failure(send(get(`${server.url}/start`), HTTP));
    expect(error.code).toBe('INSECURE_HTTP');
    expect(dispatched).toEqual([`${server.url}/start`]);
  });
});

describe('send() w/ redirects', () => {
  it('POST w/ a 307 is refused and not followed', async () => {
    idp.inject({ kind: 'redirect' });
    const error = await failure(send(post(idp.tokenEndpoint), HTTP));
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.code).toBe('REDIRECT');
    expect((error as ResponseError).status).toBe(307);
    expect(error.message).toBe(`${idp.tokenEndpoint} answered HTTP 307, redirecting to http://127.0.0.2:1${new URL(idp.tokenEndpoint).pathname}.`);
    expect(error.hint).toContain('never re-sent to a redirect target');
    expect(idp.requests).toHaveLength(1);
    expect(dispatched).toEqual([idp.tokenEndpoint]);
  });

  it('GET w/o credentials follows a redirect', async () => {
    const server = await serve((req, res) => {
      if (req.url === '/old') res.writeHead(301, { location: '/new' }).end();
      else res.writeHead(200, { 'content-type': 'text/plain' }).end(`at ${req.url}`);
    });
    const response = await send(get(`${server.url}/old`), HTTP);
    expect(response).toMatchObject({ status: 200, body: 'at /new' });
    expect(response.url.href).toBe(`${server.url}/new`);
    expect(server.hits).toEqual(['GET /old', 'GET /new']);
  });

  it('GET w/ credentials is not followed', async () => {
    const server = await serve((_req, res) => res.writeHead(302, { location: '/new' }).end());
    const error = await failure(send(get(`${server.url}/old`, { credentials: true }), HTTP));
    expect(error.code).toBe('REDIRECT');
    expect(server.hits).toEqual(['GET /old']);
  });

  it('GET w/ a redirect loop stops after 5 hops', async () => {
    const server = await serve((_req, res) => res.writeHead(302, { location: '/loop' }).end());
    const error = await failure(send(get(`${server.url}/loop`), HTTP));
    expect(error.code).toBe('REDIRECT');
    expect(error.hint).toBe('Too many redirects; set the URL to the final address.');
    expect(server.hits).toHaveLength(6);
  });

  it('a 304 or a 3xx w/o Location is returned as is', async () => {
    const server = await serve((req, res) => res.writeHead(req.url === '/304' ? 304 : 300).end());
    expect((await send(get(`${server.url}/304`, { credentials: true }), HTTP)).status).toBe(304);
    expect((await send(get(`${server.url}/300`, { credentials: true }), HTTP)).status).toBe(300);
  });
});

describe('send() w/ timeouts and network failures', () => {
  it('hang gives a TIMEOUT NetworkError that points at request-timeout', async () => {
    idp.inject({ kind: 'hang' });
    const error = await failure(send(post(idp.tokenEndpoint), { ...HTTP, timeoutMs: 100 }));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.code).toBe('TIMEOUT');
    expect((error as NetworkError).syscallCode).toBe('TIMEOUT');
    expect(error.message).toBe(`No answer from ${idp.tokenEndpoint} within 0.1 s.`);
    expect(error.hint).toContain('request-timeout');
  });

  it('slow gives a TIMEOUT too', async () => {
    idp.inject({ kind: 'slow', delayMs: 2_000 });
    const error = await failure(send(post(idp.tokenEndpoint), { ...HTTP, timeoutMs: 100 }));
    expect(error.code).toBe('TIMEOUT');
    expect(error.hint).toContain('request-timeout');
  });

  it('a body that keeps dripping is bounded by the per-attempt limit', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const timer = setInterval(() => res.write('.'), 20);
      res.on('close', () => clearInterval(timer));
    });
    const error = await failure(send(get(server.url), { ...HTTP, timeoutMs: 150 }));
    expect(error.code).toBe('TIMEOUT');
  });

  it('w/ idleTimeout a request body that keeps coming is not cut', async () => {
    const server = await serve((req, res) => {
      let size = 0;
      req.on('data', (chunk: Buffer) => (size += chunk.length));
      req.on('end', () => res.end(String(size)));
    });
    // Ten chunks 30 ms apart: 300 ms in all, longer than the 200 ms limit, never silent for long.
    const body = Readable.from(
      (async function* () {
        for (let i = 0; i < 10; i++) {
          await delay(30);
          yield Buffer.from('.');
        }
      })(),
    );
    const response = await send(post(server.url, { body, headers: { 'content-length': '10' }, idleTimeout: true }), { ...HTTP, timeoutMs: 200 });
    expect(response.body).toBe('10');
  });

  it('regression: w/ idleTimeout an answer that drips for ever is still cut (it kept the idle limit alive)', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const timer = setInterval(() => res.write(' '), 20);
      res.on('close', () => clearInterval(timer));
    });
    const started = Date.now();
    const error = await failure(send(get(server.url, { idleTimeout: true }), { ...HTTP, timeoutMs: 200 }));
    expect(error.code).toBe('TIMEOUT');
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('an outer abort gives ABORTED', async () => {
    idp.inject({ kind: 'hang' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const error = await failure(send(post(idp.tokenEndpoint, { signal: controller.signal }), HTTP));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.code).toBe('ABORTED');
  });

  it('an already aborted signal sends nothing', async () => {
    const error = await failure(send(post(idp.tokenEndpoint, { signal: AbortSignal.abort() }), HTTP));
    expect(error.code).toBe('ABORTED');
    expect(idp.requests).toHaveLength(0);
  });

  it('connection refused', async () => {
    const url = `${await closedPortUrl()}/token`;
    const error = await failure(send(post(url), HTTP));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.code).toBe('NETWORK');
    expect((error as NetworkError).syscallCode).toBe('ECONNREFUSED');
    expect(error.message).toBe(`Connection to ${url} failed (ECONNREFUSED).`);
    expect(error.hint).toContain('Nothing is listening there');
  });

  it('connection reset', async () => {
    idp.inject({ kind: 'reset' });
    const error = await failure(send(post(idp.tokenEndpoint), HTTP));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.code).toBe('NETWORK');
    expect(error.message).toContain(`Connection to ${idp.tokenEndpoint} failed`);
  });

  it('a network error never quotes the request body', async () => {
    idp.inject({ kind: 'reset' });
    const error = await failure(send(post(idp.tokenEndpoint), HTTP));
    expect(`${error.describe()} ${String(error.cause)}`).not.toContain('alice-password');
  });
});

describe('send() w/ the response body cap', () => {
  const streamer = (bytes: number) =>
    serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      let left = bytes;
      const pump = () => {
        while (left > 0) {
          const piece = chunk.subarray(0, Math.min(chunk.length, left));
          left -= piece.length;
          if (!res.write(piece)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('error', () => undefined);
      pump();
    });

  it('more than 1 MiB gives RESPONSE_TOO_LARGE', async () => {
    const server = await streamer(3 * 1024 * 1024);
    const error = await failure(send(get(`${server.url}/big`), HTTP));
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.code).toBe('RESPONSE_TOO_LARGE');
    expect((error as ResponseError).status).toBe(200);
    expect(error.message).toBe(`The answer from ${server.url}/big (HTTP 200) is larger than ${DEFAULT_MAX_RESPONSE_BYTES} bytes; stopped reading it.`);
    expect(error.describe()).not.toContain('aaaa');
  });

  it('exactly 1 MiB is read', async () => {
    const server = await streamer(DEFAULT_MAX_RESPONSE_BYTES);
    expect((await send(get(server.url), HTTP)).body).toHaveLength(DEFAULT_MAX_RESPONSE_BYTES);
  });

  it('w/ a smaller maxResponseBytes', async () => {
    const server = await streamer(2_000);
    const error = await failure(send(get(server.url, { maxResponseBytes: 1_000 }), HTTP));
    expect(error.code).toBe('RESPONSE_TOO_LARGE');
    expect(error.message).toContain('larger than 1000 bytes');
  });
});

describe('send() w/ streamBody', () => {
  const big = 3 * 1024 * 1024;
  const streamer = (status = 200, cutAfter?: number) =>
    serve((_req, res) => {
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(big) });
      let left = cutAfter ?? big;
      const chunk = Buffer.alloc(64 * 1024, 'a');
      const pump = () => {
        while (left > 0) {
          const piece = chunk.subarray(0, Math.min(chunk.length, left));
          left -= piece.length;
          if (!res.write(piece)) return void res.once('drain', pump);
        }
        if (cutAfter === undefined) res.end();
        else setTimeout(() => res.socket?.destroy(), 20);
      };
      res.on('error', () => undefined);
      pump();
    });

  it('a 200 goes to the consumer, past the 1 MiB cap, in chunks; the response body is empty', async () => {
    const server = await streamer();
    let bytes = 0;
    let largest = 0;
    const response = await send(
      get(server.url, {
        streamBody: (head) => async (chunks) => {
          expect(head.status).toBe(200);
          for await (const chunk of chunks) {
            bytes += chunk.length;
            largest = Math.max(largest, chunk.length);
          }
        },
      }),
      HTTP,
    );
    expect(response).toMatchObject({ status: 200, body: '', streamed: true });
    expect(bytes).toBe(big);
    expect(largest).toBeLessThanOrEqual(DEFAULT_MAX_RESPONSE_BYTES);
  });

  it('declined (undefined): read as usual, with the cap', async () => {
    const server = await streamer(503);
    const error = await failure(send(get(server.url, { streamBody: (head) => (head.status === 200 ? async () => undefined : undefined) }), HTTP));
    expect(error.code).toBe('RESPONSE_TOO_LARGE');
  });

  it('a consumer that stops early ends the exchange: nothing more is read', async () => {
    const server = await streamer();
    let bytes = 0;
    const response = await send(
      get(server.url, {
        streamBody: () => async (chunks) => {
          for await (const chunk of chunks) {
            bytes += chunk.length;
            if (bytes >= 64 * 1024) break;
          }
        },
      }),
      HTTP,
    );
    expect(response.streamed).toBe(true);
    expect(bytes).toBeLessThan(big);
  });

  it('a body cut off half way is a NetworkError (which the status policy retries)', async () => {
    const server = await streamer(200, 256 * 1024);
    const error = await failure(
      send(
        get(server.url, {
          streamBody: () => async (chunks) => {
            for await (const _ of chunks);
          },
        }),
        HTTP,
      ),
    );
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.code).toBe('NETWORK');
  });

  it('the per-attempt limit covers the streamed body too', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{');
    });
    const error = await failure(
      send(
        get(server.url, {
          streamBody: () => async (chunks) => {
            for await (const _ of chunks);
          },
        }),
        { ...HTTP, timeoutMs: 200 },
      ),
    );
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.code).toBe('TIMEOUT');
  });
});

describe('send() w/ a proxy', () => {
  let proxy: Server;
  let proxyUrl: string;
  const connects: string[] = [];
  const saved = { HTTP_PROXY: process.env.HTTP_PROXY, http_proxy: process.env.http_proxy, NO_PROXY: process.env.NO_PROXY, no_proxy: process.env.no_proxy };

  beforeEach(async () => {
    connects.length = 0;
    // A CONNECT proxy that tunnels every request to the loopback port asked for.
    proxy = createServer((_req, res) => res.writeHead(405).end());
    proxy.on('connect', (req, socket, head) => {
      connects.push(String(req.url));
      const port = Number(String(req.url).split(':').pop());
      const upstream = connect(port, '127.0.0.1', () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(socket).pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    delete process.env.http_proxy;
    delete process.env.no_proxy;
    process.env.HTTP_PROXY = proxyUrl;
  });

  afterEach(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    proxy.closeAllConnections();
    await new Promise<void>((resolve) => proxy.close(() => resolve()));
  });

  it('HTTP_PROXY is used', async () => {
    const server = await serve((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('through the proxy'));
    const port = new URL(server.url).port;
    const response = await send(get(`http://via-proxy.example:${port}/x`), { ...HTTP, allowInsecureHttp: true });
    expect(response.body).toBe('through the proxy');
    expect(connects).toEqual([`via-proxy.example:${port}`]);
  });

  it('NO_PROXY bypasses it', async () => {
    process.env.NO_PROXY = 'bypass.example';
    const server = await serve((_req, res) => res.writeHead(200).end('direct'));
    const port = new URL(server.url).port;
    // bypass.example does not resolve; whatever the outcome, the proxy must not have been asked.
    await send(get(`http://bypass.example:${port}/x`), { ...HTTP, allowInsecureHttp: true }).catch(() => undefined);
    expect(connects).toEqual([]);
  });

  // Regression (hostile review): the password grant went in clear to the proxy for http://idp.localhost.
  it.each(['localhost', '127.0.0.1', '[::1]'])('%s is never sent through the proxy, even w/o NO_PROXY', async (host) => {
    const server = await serve((_req, res) => res.writeHead(200).end('direct'), host === '[::1]' ? '::1' : '127.0.0.1');
    const port = new URL(server.url).port;
    const response = await send({ method: 'POST', url: new URL(`http://${host}:${port}/token`), credentials: true, body: 'password=x' }, HTTP);
    expect(response.body).toBe('direct');
    expect(connects).toEqual([]);
  });

  it('*.localhost goes to the proxy like any other name, so it needs allow-insecure-http', async () => {
    const server = await serve((_req, res) => res.writeHead(200).end('through the proxy'));
    const port = new URL(server.url).port;
    await expect(
      send({ method: 'POST', url: new URL(`http://idp.localhost:${port}/token`), credentials: true, body: 'password=x' }, HTTP),
    ).rejects.toMatchObject({ code: 'INSECURE_HTTP' });
    expect(connects).toEqual([]);
  });
});
