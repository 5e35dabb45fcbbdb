/**
 * send() on the wire, against raw sockets and small servers: Expect: 100-continue, connection
 * reuse, reused body buffers, an answer that comes before the body is sent, connect timeouts,
 * and proxies that refuse, are down or hang.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DotstatError, NetworkError } from '../../src/errors.js';
import { send, type HttpRequest } from '../../src/http/client.js';
import { neverReachedServer } from '../../src/http/network-errors.js';
import { closedPortUrl, HTTP, listen, type TestServer, failure } from './helpers.js';

const dispatched = vi.hoisted(() => [] as string[]);
vi.mock('node:http', async (importOriginal) => (await import('./support/guard.js')).guarded(await importOriginal<typeof import('node:http')>(), dispatched));
vi.mock('node:https', async (importOriginal) => (await import('./support/guard.js')).guarded(await importOriginal<typeof import('node:https')>(), dispatched));

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function serve(handler: Parameters<typeof listen>[0]): Promise<TestServer> {
  const server = await listen(handler);
  closers.push(() => server.close());
  return server;
}

async function tcp(onSocket: (socket: Socket) => void): Promise<string> {
  const sockets = new Set<Socket>();
  const server: TcpServer = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    onSocket(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/**
 * An upload-shaped POST of `chunks`, yielded from TWO buffers taken in turn and overwritten each
 * time: the least the client promises (it asks for a chunk only once the one two back is sent).
 */
function reusedBufferPost(
  url: string,
  chunks: number,
  size: number,
  extra: Partial<HttpRequest> = {},
): { request: HttpRequest; sha256: string; pulled: () => number } {
  const buffers = [Buffer.alloc(size), Buffer.alloc(size)];
  const hash = createHash('sha256');
  for (let i = 0; i < chunks; i++) hash.update(Buffer.alloc(size, i % 251));
  let pulled = 0;
  async function* body(): AsyncGenerator<Buffer> {
    for (let i = 0; i < chunks; i++) {
      pulled++;
      const buffer = buffers[i % 2] as Buffer;
      buffer.fill(i % 251);
      yield buffer;
    }
  }
  return {
    request: {
      method: 'POST',
      url: new URL(url),
      credentials: true,
      headers: { 'content-length': String(chunks * size) },
      body: body(),
      idleTimeout: true,
      ...extra,
    },
    sha256: hash.digest('hex'),
    pulled: () => pulled,
  };
}

function digestBody(req: IncomingMessage): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  return new Promise((resolve) => {
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      hash.update(chunk);
    });
    req.on('end', () => resolve({ sha256: hash.digest('hex'), bytes }));
  });
}

describe('send() w/ a streamed body', () => {
  it('a body that reuses two buffers arrives intact: a chunk is asked for only once the one two back is on the socket', async () => {
    let received: { sha256: string; bytes: number } | undefined;
    const server = await serve(async (req, res) => {
      received = await digestBody(req);
      res.end('ok');
    });
    const { request, sha256 } = reusedBufferPost(server.url, 64, 256 * 1024);
    const response = await send(request, HTTP);
    expect(response.status).toBe(200);
    expect(received).toEqual({ sha256, bytes: 64 * 256 * 1024 });
  });

  it('an answer before the body is all sent (413) is returned, and the rest is not read from disk', async () => {
    const server = await serve((req, res) => {
      req.once('data', () => res.writeHead(413, { 'content-type': 'text/plain' }).end('too large'));
      req.resume();
    });
    const { request, pulled } = reusedBufferPost(server.url, 400, 256 * 1024);
    const response = await send(request, HTTP);
    expect(response.status).toBe(413);
    expect(response.body).toBe('too large');
    expect(pulled()).toBeLessThan(400);
  });

  it('a body that fails (the file became shorter) gives that error, not a network one', async () => {
    const server = await serve((req, res) => {
      req.resume();
      req.on('end', () => res.end());
    });
    async function* body(): AsyncGenerator<Buffer> {
      yield Buffer.from('head');
      throw new DotstatError('FILE_CHANGED', "'data.csv' became shorter while it was being uploaded.");
    }
    const error = await failure(
      send({ method: 'POST', url: new URL(server.url), credentials: true, headers: { 'content-length': '100' }, body: body() }, HTTP),
    );
    expect(error.code).toBe('FILE_CHANGED');
  });
});

describe('send() w/ expectContinue', () => {
  it('a refusal before the body (413 instead of 100 Continue) sends no byte of it', async () => {
    let bodyBytes = 0;
    const server: Server = createServer();
    server.on('checkContinue', (req, res) => {
      req.on('data', (chunk: Buffer) => (bodyBytes += chunk.length));
      res.writeHead(413, { 'content-type': 'text/plain' }).end('Request Entity Too Large');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/upload`;
    const { request, pulled } = reusedBufferPost(url, 40, 1024 * 1024, { expectContinue: true });
    const response = await send(request, HTTP);
    expect(response.status).toBe(413);
    expect(pulled()).toBe(0);
    expect(bodyBytes).toBe(0);
  });

  it('100 Continue: the body follows at once, intact', async () => {
    let expect100: string | undefined;
    let received: { sha256: string; bytes: number } | undefined;
    const server = await serve(async (req, res) => {
      expect100 = req.headers.expect;
      received = await digestBody(req);
      res.end('ok');
    });
    const { request, sha256 } = reusedBufferPost(server.url, 8, 64 * 1024, { expectContinue: true });
    const started = Date.now();
    expect((await send(request, HTTP)).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(900);
    expect(expect100).toBe('100-continue');
    expect(received?.sha256).toBe(sha256);
  });

  it('a server that never answers the expectation gets the body after a second, as with curl', async () => {
    const host = await tcp((socket) => {
      let seen = 0;
      socket.on('data', (chunk: Buffer) => {
        seen += chunk.length;
        if (seen > 4 * 1024) socket.end('HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok');
      });
    });
    const { request } = reusedBufferPost(`http://${host}/upload`, 4, 4 * 1024, { expectContinue: true });
    const started = Date.now();
    const response = await send(request, HTTP);
    expect(response.body).toBe('ok');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('417 Expectation Failed: sent again without the expectation, body and all', async () => {
    const seen: Array<string | undefined> = [];
    let received: { sha256: string; bytes: number } | undefined;
    const server: Server = createServer(async (req, res) => {
      seen.push(req.headers.expect);
      received = await digestBody(req);
      res.end('ok');
    });
    server.on('checkContinue', (req, res) => {
      seen.push(req.headers.expect);
      res.writeHead(417).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))));
    const { request, sha256 } = reusedBufferPost(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, 4, 1024, { expectContinue: true });
    const response = await send(request, HTTP);
    expect(response.status).toBe(200);
    expect(seen).toEqual(['100-continue', undefined]);
    expect(received?.sha256).toBe(sha256);
  });
});

describe('send() and connections', () => {
  it('GETs reuse a connection; POSTs never do (a reset can then never be a stale kept-alive socket)', async () => {
    const ports: number[] = [];
    const server = await serve((req, res) => {
      ports.push(req.socket.remotePort ?? 0);
      req.resume();
      req.on('end', () => res.end('{}'));
    });
    const get = (): HttpRequest => ({ method: 'GET', url: new URL(server.url), credentials: false });
    const post = (): HttpRequest => ({
      method: 'POST',
      url: new URL(server.url),
      credentials: true,
      body: 'a=b',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    await send(get(), HTTP);
    await send(get(), HTTP);
    await send(post(), HTTP);
    await send(post(), HTTP);
    expect(ports[0]).toBe(ports[1]);
    expect(new Set(ports).size).toBe(3);
  });

  it('https:// to a server that never completes the TLS handshake: a connect timeout, known never to have reached it', async () => {
    const host = await tcp(() => undefined);
    const error = await failure(send({ method: 'POST', url: new URL(`https://${host}/token`), credentials: true, body: 'x' }, { ...HTTP, timeoutMs: 150 }));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({
      code: 'TIMEOUT',
      syscallCode: 'CONNECT_TIMEOUT',
      message: `Could not connect to ${host} within 0.15 s (for https://${host}/token).`,
    });
    expect(neverReachedServer(error as NetworkError)).toBe(true);
  });

  it('https:// to a plain-HTTP port: a TLS error that says to check the scheme and port', async () => {
    const server = await serve((_req, res) => res.end('plain'));
    const url = server.url.replace('http://', 'https://');
    const error = await failure(send({ method: 'GET', url: new URL(`${url}/x`), credentials: false }, HTTP));
    expect(error.code).toBe('TLS');
    // Node 20 reports it as EPROTO ("wrong version number"), later OpenSSL builds by name.
    expect(error.message).toMatch(
      new RegExp(
        `^TLS connection to ${url}/x failed: the server did not answer in TLS \\((EPROTO|ERR_SSL_WRONG_VERSION_NUMBER|ERR_SSL_PACKET_LENGTH_TOO_LONG)\\)\\.$`,
      ),
    );
    expect(error.hint).toContain('scheme and port');
  });

  it('a timeout once connected is not a connect timeout (the request may have been read)', async () => {
    const host = await tcp(() => undefined);
    const error = await failure(send({ method: 'POST', url: new URL(`http://${host}/token`), credentials: true, body: 'x' }, { ...HTTP, timeoutMs: 150 }));
    expect(error).toMatchObject({ code: 'TIMEOUT', syscallCode: 'TIMEOUT' });
    expect(neverReachedServer(error as NetworkError)).toBe(false);
  });
});

describe('send() through a proxy that fails', () => {
  const saved = { HTTP_PROXY: process.env.HTTP_PROXY, http_proxy: process.env.http_proxy, NO_PROXY: process.env.NO_PROXY, no_proxy: process.env.no_proxy };
  afterEach(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
  const useProxy = (url: string) => {
    delete process.env.http_proxy;
    delete process.env.no_proxy;
    delete process.env.NO_PROXY;
    process.env.HTTP_PROXY = url;
  };
  const target = new URL('http://transfer.example:8080/3/status/request');

  it('407: says the proxy wants credentials and how to give them, never showing those it had', async () => {
    const authorizations: Array<string | undefined> = [];
    const host = await tcp((socket) => {
      socket.once('data', (chunk: Buffer) => {
        authorizations.push(/proxy-authorization: ([^\r]+)/i.exec(chunk.toString())?.[1]);
        socket.end('HTTP/1.1 407 Proxy Authentication Required\r\nproxy-authenticate: Basic realm="corp"\r\ncontent-length: 0\r\n\r\n');
      });
    });
    // A literal % in the password is written %25 in the URL, and sent as %.
    useProxy(`http://builder:wrong%25pass-1@${host}`);
    const error = await failure(send({ method: 'GET', url: target, credentials: false }, { ...HTTP, allowInsecureHttp: true }));
    expect(error).toMatchObject({
      code: 'PROXY',
      syscallCode: 'PROXY_407',
      message: `The proxy ${host} refused to open a tunnel to transfer.example:8080 (HTTP 407).`,
    });
    expect(error.hint).toContain('HTTPS_PROXY=http://user:password@proxy:port');
    expect(authorizations).toEqual([`Basic ${Buffer.from('builder:wrong%pass-1').toString('base64')}`]);
    expect(`${error.describe()} ${String(error.cause)}`).not.toMatch(/wrong%(25)?pass-1/);
    expect(neverReachedServer(error as NetworkError)).toBe(true);
  });

  it('403: says to ask for tunnels to that host, or NO_PROXY', async () => {
    const host = await tcp((socket) => socket.once('data', () => socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n')));
    useProxy(`http://${host}`);
    const error = await failure(send({ method: 'GET', url: target, credentials: false }, { ...HTTP, allowInsecureHttp: true }));
    expect(error).toMatchObject({ code: 'PROXY', syscallCode: 'PROXY_403' });
    expect(error.hint).toContain('NO_PROXY');
  });

  it('down: names the proxy, not the server', async () => {
    const proxy = await closedPortUrl();
    useProxy(proxy);
    const error = await failure(send({ method: 'GET', url: target, credentials: false }, { ...HTTP, allowInsecureHttp: true }));
    expect(error).toMatchObject({ code: 'PROXY', syscallCode: 'ECONNREFUSED', message: `Cannot reach the proxy ${new URL(proxy).host} (ECONNREFUSED).` });
    expect(neverReachedServer(error as NetworkError)).toBe(true);
  });

  it('https:// through a tunnel whose far end never does TLS: a connect timeout, known never to have reached the server', async () => {
    const host = await tcp((socket) => socket.once('data', () => socket.write('HTTP/1.1 200 Connection Established\r\n\r\n')));
    useProxy(`http://${host}`);
    process.env.HTTPS_PROXY = `http://${host}`;
    try {
      const error = await failure(
        send({ method: 'POST', url: new URL('https://transfer.example/3/import/sdmxFile'), credentials: true, body: 'x' }, { ...HTTP, timeoutMs: 150 }),
      );
      expect(error).toMatchObject({ code: 'TIMEOUT', syscallCode: 'CONNECT_TIMEOUT' });
      expect(neverReachedServer(error as NetworkError)).toBe(true);
    } finally {
      delete process.env.HTTPS_PROXY;
    }
  });

  it('hanging on CONNECT: a connect timeout, and nothing is left open', async () => {
    const host = await tcp(() => undefined);
    useProxy(`http://${host}`);
    const error = await failure(send({ method: 'POST', url: target, credentials: true, body: 'x' }, { ...HTTP, allowInsecureHttp: true, timeoutMs: 150 }));
    expect(error).toMatchObject({ code: 'TIMEOUT', syscallCode: 'CONNECT_TIMEOUT' });
  });
});
