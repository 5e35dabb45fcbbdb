/**
 * What the hostile-world rows run against: a fresh identity provider and Transfer simulator per
 * row (so one row's faults never meet another's), plus the small servers the fixtures do not
 * offer: a front that answers some requests itself and forwards the rest, a closed port, an
 * HTTPS front with a self-signed certificate, and the shapes a broken server sends (half an
 * answer then a cut, a body that never ends).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http, { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startIdp, type Idp, type IdpOptions } from '../../fixtures/idp.mjs';
import { startTransfer, type Transfer, type TransferOptions } from '../../fixtures/transfer.mjs';
import { ROOT } from '../../e2e/harness.js';
import { CLIENT_SECRET, PASSWORD } from '../rows.js';

export const CSV1 = 'data/sample-sdmx-csv-1.0.csv';
export const CSV2 = 'data/sample-sdmx-csv-2.0.csv';
export const DNS_STUB = join(ROOT, 'test/hostile/support/dns-stub.mjs');

export interface World {
  readonly idp: Idp;
  readonly transfer: Transfer;
  /** Every token and secret that crossed the wire so far: the leak scan's list. */
  readonly seen: () => string[];
  readonly close: () => Promise<void>;
}

/** A fresh identity provider (alice with the rows' password; client `hostile` with a secret) and Transfer simulator. */
export async function startWorld(options: { idp?: IdpOptions; transfer?: TransferOptions } = {}): Promise<World> {
  const idp = await startIdp(options.idp);
  idp.addUser({ username: 'alice', password: PASSWORD });
  idp.addClient({ id: 'hostile', secret: CLIENT_SECRET, serviceAccounts: true, directAccessGrants: true });
  const transfer = await startTransfer({ verifyToken: (token) => idp.verifyAccessToken(token), ...options.transfer });
  return {
    idp,
    transfer,
    seen: () =>
      [
        ...transfer.requests.map((r) => bearerOf(r.headers.authorization)),
        ...idp.requests.flatMap((r) => [r.form.refresh_token, r.form.password, r.form.client_secret, bearerOf(r.headers.authorization)]),
      ].filter((s): s is string => typeof s === 'string' && s.length >= 4),
    close: async () => {
      await transfer.close();
      await idp.close();
    },
  };
}

export function bearerOf(header: unknown): string | undefined {
  return /^Bearer (\S+)$/i.exec(String(header ?? ''))?.[1];
}

/** A working directory with data/ holding the two sample files. */
export function makeWork(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'dotstat-hostile-'));
  mkdirSync(join(dir, 'data'));
  for (const name of [CSV1, CSV2]) copyFileSync(join(ROOT, 'test', name), join(dir, name));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface Front {
  readonly url: string;
  /** Requests that reached this server: method and path. */
  readonly requests: { method: string; path: string; headers: http.IncomingHttpHeaders }[];
  /** Bytes of response body written by handlers that stream (endless bodies). */
  readonly written: { bytes: number; closedAt?: number };
  readonly close: () => Promise<void>;
}

/**
 * A server that lets `handle` answer a request (return true) or forwards it unchanged to `target`.
 * With `tls`, it serves HTTPS with that key and certificate.
 */
export async function startFront(
  target: string | undefined,
  handle: (req: IncomingMessage, res: ServerResponse, front: Front) => boolean = () => false,
  tls?: { key: Buffer | string; cert: Buffer | string },
): Promise<Front> {
  const requests: Front['requests'] = [];
  const written: Front['written'] = { bytes: 0 };
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    requests.push({ method: req.method ?? '', path: req.url ?? '', headers: { ...req.headers } });
    if (handle(req, res, front)) return;
    if (!target) {
      res.writeHead(404).end();
      return;
    }
    const upstream = http.request(new URL(req.url ?? '/', target), { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  };
  const server: Server = tls ? https.createServer(tls, listener) : http.createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const front: Front = {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    requests,
    written,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return front;
}

/** A port on 127.0.0.1 where nothing listens (it was just opened and closed). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Reads the request body, then runs `then` (a gateway reads the body before it answers). */
export function afterBody(req: IncomingMessage, then: () => void): void {
  req.resume();
  req.on('end', then);
}

/** Status line and headers announcing a full JSON body, half of it, then the connection is cut. */
export function halfThenCut(req: IncomingMessage, res: ServerResponse): void {
  afterBody(req, () => {
    const body = JSON.stringify({ message: 'The request with ID 777 was successfully registered.', access_token: 'x', executionStatus: 'Completed' });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length) });
    res.write(body.slice(0, body.length >> 1));
    setTimeout(() => res.socket?.destroy(), 50);
  });
}

/** A 200 JSON answer whose body never ends (64 KiB chunks as fast as the client reads). */
export function endlessBody(req: IncomingMessage, res: ServerResponse, front: Front): void {
  afterBody(req, () => {
    res.writeHead(200, { 'content-type': 'application/json' });
    const chunk = Buffer.alloc(64 * 1024, ' ');
    res.write('{"padding":"');
    const pump = () => {
      while (!res.destroyed && res.write(chunk)) front.written.bytes += chunk.length;
      if (!res.destroyed) res.once('drain', pump);
    };
    res.on('close', () => (front.written.closedAt ??= Date.now()));
    pump();
  });
}

/** A 200 JSON answer whose body drips one byte every 100 ms, forever: only a time limit ends it. */
export function drippingBody(req: IncomingMessage, res: ServerResponse, front: Front): void {
  afterBody(req, () => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"message":"');
    const timer = setInterval(() => {
      front.written.bytes += 1;
      res.write(' ');
    }, 100);
    res.on('close', () => {
      clearInterval(timer);
      front.written.closedAt ??= Date.now();
    });
  });
}

/** A self-signed certificate, by default for 127.0.0.1 (subjectAltName IP:127.0.0.1), made with openssl. */
export function selfSignedCert(dir: string, subjectAltName = 'IP:127.0.0.1'): { key: string; cert: string; certPath: string } {
  const keyPath = join(dir, 'key.pem');
  const certPath = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      '/CN=localhost',
      '-days',
      '1',
      '-addext',
      `subjectAltName=${subjectAltName}`,
      '-keyout',
      keyPath,
      '-out',
      certPath,
    ],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(keyPath, 'utf8'), cert: readFileSync(certPath, 'utf8'), certPath };
}
