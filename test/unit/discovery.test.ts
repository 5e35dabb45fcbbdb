import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NetworkError, ResponseError } from '../../src/errors.js';
import { discoverTokenEndpoint, discoveryUrl } from '../../src/oidc/discovery.js';
import { startIdp, type Idp } from '../fixtures/idp.mjs';
import { closedPortUrl, fastRetry, HTTP, listen, type TestServer, failure as failed } from './helpers.js';

let idp: Idp;
const extra: Array<{ close(): Promise<void> }> = [];
beforeEach(async () => { idp = await startIdp(); });
afterEach(async () => {
  await idp.close();
  await Promise.all(extra.splice(0).map((s) => s.close()));
});

const discover = (authority: string, debug?: (m: string) => void) => discoverTokenEndpoint(new URL(authority), HTTP, fastRetry(debug));
const discoveryHits = (i: Idp = idp) => i.requests.filter((r) => r.path.endsWith('/.well-known/openid-configuration')).length;

const failure = (promise: Promise<unknown>) => failed(promise, 'discovery');

/** A server that answers every GET with this discovery document. */
async function documentServer(document: unknown): Promise<TestServer> {
  const server = await listen((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(document)));
  extra.push(server);
  return server;
}

describe('discoveryUrl()', () => {
  it.each([
    ['https://kc.example.org/realms/OECD', 'https://kc.example.org/realms/OECD/.well-known/openid-configuration'],
    ['https://kc.example.org/realms/OECD/', 'https://kc.example.org/realms/OECD/.well-known/openid-configuration'],
    ['https://kc.example.org/auth/realms/OECD', 'https://kc.example.org/auth/realms/OECD/.well-known/openid-configuration'],
    ['https://login.example.org:8443/', 'https://login.example.org:8443/.well-known/openid-configuration'],
  ])('%s', (authority, expected) => {
    expect(discoveryUrl(new URL(authority)).href).toBe(expected);
  });
});

describe('discoverTokenEndpoint()', () => {
  it('w/o the /auth prefix', async () => {
    expect((await discover(idp.issuer)).href).toBe(idp.tokenEndpoint);
    expect(idp.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /realms/dotstat/.well-known/openid-configuration']);
    expect(idp.requests[0]?.headers.accept).toBe('application/json');
  });

  it('w/ the /auth prefix', async () => {
    const legacy = await startIdp({ prefix: '/auth', realm: 'OECD' });
    extra.push(legacy);
    expect((await discover(legacy.issuer)).href).toBe(`${legacy.url}/auth/realms/OECD/protocol/openid-connect/token`);
  });

  it('/auth on Keycloak 17+ gives DISCOVERY_FAILED w/ a hint to drop it', async () => {
    const authority = `${idp.url}/auth/realms/dotstat`;
    const error = await failure(discover(authority));
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.code).toBe('DISCOVERY_FAILED');
    expect((error as ResponseError).status).toBe(404);
    expect(error.message).toBe(`OpenID Connect discovery failed: ${authority}/.well-known/openid-configuration answered HTTP 404 (text/html: "404 Not Found").`);
    expect(error.hint).toContain(`without the /auth prefix: try ${idp.url}/realms/dotstat.`);
  });

  it('w/o /auth on a server that kept it gives a hint to add it', async () => {
    const legacy = await startIdp({ prefix: '/auth', realm: 'OECD' });
    extra.push(legacy);
    const error = await failure(discover(`${legacy.url}/realms/OECD`));
    expect(error.code).toBe('DISCOVERY_FAILED');
    expect(error.hint).toContain(`need /auth: try ${legacy.url}/auth/realms/OECD.`);
    expect(error.hint).toContain('case-sensitive');
  });

  it('an unknown realm quotes the answer', async () => {
    const error = await failure(discover(`${idp.url}/realms/oecd`));
    expect(error.code).toBe('DISCOVERY_FAILED');
    expect(error.message).toContain('answered HTTP 404 (application/json: "{"error":"Realm does not exist"}")');
    expect(error.hint).toContain('Check the realm name');
  });

  it('an authority that is not a realm URL', async () => {
    const error = await failure(discover(`${idp.url}/somewhere`));
    expect(error.hint).toContain('this one does not end in /realms/<realm>');
  });

  it('w/ 502 twice, then the document', async () => {
    idp.inject({ kind: '502', on: 'discovery', times: 2 });
    const messages: string[] = [];
    expect((await discover(idp.issuer, (m) => messages.push(m))).href).toBe(idp.tokenEndpoint);
    expect(discoveryHits()).toBe(3);
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(/^discovery: HTTP 502, attempt 1 of 4; retrying in \d+ ms$/);
  });

  it('w/ a proxy 502 page on every attempt', async () => {
    idp.inject({ kind: '502', on: 'discovery', times: 10 });
    const error = await failure(discover(idp.issuer));
    expect(error.code).toBe('DISCOVERY_FAILED');
    expect((error as ResponseError).status).toBe(502);
    expect(error.message).toBe(`OpenID Connect discovery failed: ${idp.discoveryUrl} answered HTTP 502 (text/html: "502 Bad Gateway").`);
    expect(discoveryHits()).toBe(4);
  });

  it('w/ a connection reset, retried', async () => {
    idp.inject({ kind: 'reset', on: 'discovery' });
    expect((await discover(idp.issuer)).href).toBe(idp.tokenEndpoint);
    expect(discoveryHits()).toBe(2);
  });

  it('w/ a redirect, followed (a GET carries no credentials)', async () => {
    idp.inject({ kind: 'redirect', on: 'discovery', location: idp.discoveryUrl });
    expect((await discover(idp.issuer)).href).toBe(idp.tokenEndpoint);
    expect(discoveryHits()).toBe(2);
  });

  it('w/ nothing listening, after every attempt', async () => {
    const authority = `${await closedPortUrl()}/realms/x`;
    const messages: string[] = [];
    const error = await failure(discover(authority, (m) => messages.push(m)));
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).syscallCode).toBe('ECONNREFUSED');
    expect(messages).toHaveLength(3);
  });

  it.each([
    ['an HTML page w/ 200', 'html200', 'text/html'],
    ['a non-JSON 200', 'non-json-200', 'application/json: "not json {"'],
  ] as const)('w/ %s gives NOT_JSON', async (_title, kind, described) => {
    idp.inject({ kind, on: 'discovery' });
    const error = await failure(discover(idp.issuer));
    expect(error.code).toBe('NOT_JSON');
    expect(error.message).toContain(`OpenID Connect discovery at ${idp.discoveryUrl} answered HTTP 200 with something that is not a JSON object (${described}`);
    expect(error.hint).toContain('authority must be the realm URL');
  });

  it.each([
    ['no token_endpoint', { issuer: 'x' }, 'has no token_endpoint'],
    ['an empty token_endpoint', { token_endpoint: '' }, 'has no token_endpoint'],
    ['a numeric token_endpoint', { token_endpoint: 42 }, 'has no token_endpoint'],
    ['a relative token_endpoint', { token_endpoint: '/token' }, 'has an invalid token_endpoint'],
  ])('a document w/ %s', async (_title, document, problem) => {
    const server = await documentServer(document);
    const error = await failure(discover(`${server.url}/realms/x`));
    expect(error.code).toBe('DISCOVERY_FAILED');
    expect(error.message).toBe(`The discovery document at ${server.url}/realms/x/.well-known/openid-configuration ${problem}.`);
    expect(error.hint).toBe('Set token-url to the token endpoint explicitly.');
  });

  it('returns another provider\'s token_endpoint as published', async () => {
    const server = await documentServer({ token_endpoint: 'https://login.example.org/adfs/oauth2/token' });
    expect((await discover(`${server.url}/adfs`)).href).toBe('https://login.example.org/adfs/oauth2/token');
  });
});
