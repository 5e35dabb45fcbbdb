/**
 * HTTPS_PROXY / HTTP_PROXY are honoured (through @actions/http-client's resolution): a local
 * CONNECT proxy maps the made-up host keycloak.test to the local identity provider, so the action
 * can only succeed by going through it. Nothing here resolves keycloak.test by DNS.
 */
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startIdp } from '../fixtures/idp.mjs';
import { expectMasked, expectNoLeaks, runAction } from './harness.js';

let idp: Awaited<ReturnType<typeof startIdp>>;
let proxy: Server;
let proxyUrl: string;
const tunnels: string[] = [];
const authorizations: Array<string | undefined> = [];

beforeAll(async () => {
  idp = await startIdp();
  const idpPort = new URL(idp.url).port;
  proxy = createServer((_req, res) => res.writeHead(405).end());
  proxy.on('connect', (req, socket) => {
    tunnels.push(req.url ?? '');
    authorizations.push(req.headers['proxy-authorization']);
    if (!req.url?.startsWith('keycloak.test:')) return void socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
    const upstream = connect(Number(idpPort), '127.0.0.1', () => {
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
  await new Promise((done) => proxy.close(done));
  await idp.close();
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
  expectNoLeaks(result, ['alice-password', 'proxy-pass-42', result.outputs['access-token']!], { outputs: ['access-token', 'refresh-token'], env: ['DOTSTAT_ACCESS_TOKEN'] });
});
