/**
 * HTTPS_PROXY / HTTP_PROXY are honoured (through @actions/http-client's resolution): a local
 * CONNECT proxy maps the made-up host keycloak.test to the local identity provider (port 80) or
 * to a TLS front of it with a certificate for keycloak.test (port 443), so the action can only
 * succeed by going through it. Nothing here resolves keycloak.test by DNS.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import type { Duplex } from 'node:stream';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startIdp } from '../fixtures/idp.mjs';
import { selfSignedCert, startFront, type Front } from '../hostile/support/world.js';
import { expectMasked, expectNoLeaks, runAction } from './harness.js';

let idp: Awaited<ReturnType<typeof startIdp>>;
let proxy: Server;
let proxyUrl: string;
const tunnels: string[] = [];
const authorizations: Array<string | undefined> = [];
let certDir: string;
let cert: ReturnType<typeof selfSignedCert>;
let secure: Front;
const open = new Set<Duplex>();

beforeAll(async () => {
  idp = await startIdp();
  certDir = mkdtempSync(join(tmpdir(), 'dotstat-proxy-tls-'));
  cert = selfSignedCert(certDir, 'DNS:keycloak.test');
  secure = await startFront(idp.url, undefined, cert);
  const ports: Record<string, string> = { 'keycloak.test:80': new URL(idp.url).port, 'keycloak.test:443': new URL(secure.url).port };
  proxy = createServer((_req, res) => res.writeHead(405).end());
  proxy.on('connect', (req, socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    tunnels.push(req.url ?? '');
    authorizations.push(req.headers['proxy-authorization']);
    if (req.headers['proxy-authorization'] === `Basic ${Buffer.from('proxyuser:wrong').toString('base64')}`) {
      return void socket.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="corp"\r\n\r\n');
    }
    const port = ports[req.url ?? ''];
    if (!port) return void socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
    const upstream = connect(Number(port), '127.0.0.1', () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((done) => proxy.listen(0, '127.0.0.1', done));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
afterAll(async () => {
  proxy.closeAllConnections();
  // Tunnels are not the server's connections any more: a half-closed one would keep close() waiting.
  for (const socket of open) socket.destroy();
  await new Promise((done) => proxy.close(done));
  await secure.close();
  await idp.close();
  rmSync(certDir, { recursive: true, force: true });
});

it('token request w/ HTTP_PROXY goes through the proxy, with its credentials masked', async () => {
  const tokenUrl = `http://keycloak.test${new URL(idp.tokenEndpoint).pathname}`;
  const proxyWithAuth = proxyUrl.replace('http://', 'http://proxyuser:proxy-pass-42@');
  const result = await runAction(
    { 'token-url': tokenUrl, username: 'alice', password: 'alice-password', 'allow-insecure-http': 'true' },
    { env: { HTTP_PROXY: proxyWithAuth }, debug: true },
  );
  expect(result.code, result.stdout).toBe(0);
  expect(tunnels).toContain('keycloak.test:80');
  expect(authorizations.at(-1)).toBe(`Basic ${Buffer.from('proxyuser:proxy-pass-42').toString('base64')}`);
  expect(result.outputs['grant-type']).toBe('password');
  expectMasked(result, ['proxy-pass-42'], ['proxy-pass-42']);
  expectNoLeaks(result, ['alice-password', 'proxy-pass-42', result.outputs['access-token']!], {
    outputs: ['access-token', 'refresh-token'],
    env: ['DOTSTAT_ACCESS_TOKEN'],
  });
});

it('token request over https:// w/ HTTPS_PROXY: a tunnel, then TLS checked against the server name', async () => {
  const tokenUrl = `https://keycloak.test${new URL(idp.tokenEndpoint).pathname}`;
  const result = await runAction(
    { 'token-url': tokenUrl, username: 'alice', password: 'alice-password' },
    { env: { HTTPS_PROXY: proxyUrl, NODE_EXTRA_CA_CERTS: cert.certPath } },
  );
  expect(result.code, result.stdout).toBe(0);
  expect(tunnels.at(-1)).toBe('keycloak.test:443');
  expect(secure.requests.at(-1)?.path).toBe(new URL(idp.tokenEndpoint).pathname);
  expectNoLeaks(result, ['alice-password', result.outputs['access-token']!], { outputs: ['access-token', 'refresh-token'], env: ['DOTSTAT_ACCESS_TOKEN'] });
});

it('a proxy that refuses the credentials (407): says so and how to give them, once, without showing them', async () => {
  const before = tunnels.length;
  const tokenUrl = `https://keycloak.test${new URL(idp.tokenEndpoint).pathname}`;
  const result = await runAction(
    { 'token-url': tokenUrl, username: 'alice', password: 'alice-password' },
    { env: { HTTPS_PROXY: proxyUrl.replace('http://', 'http://proxyuser:wrong@'), NODE_EXTRA_CA_CERTS: cert.certPath } },
  );
  expect(result.code).toBe(1);
  expect(result.stdout).toContain(`The proxy ${new URL(proxyUrl).host} refused to open a tunnel to keycloak.test:443 (HTTP 407).`);
  expect(result.stdout).toContain('HTTPS_PROXY=http://user:password@proxy:port');
  expect(tunnels.length - before, 'a 407 is not retried').toBe(1);
  expectNoLeaks(result, ['alice-password', 'wrong']);
});
