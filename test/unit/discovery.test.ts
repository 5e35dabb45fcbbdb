import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NetworkError, ResponseError } from '../../src/errors.js';
import { discoverTokenEndpoint, discoveryUrl } from '../../src/oidc/discovery.js';
import { startIdp, type Idp } from '../fixtures/idp.mjs';
import { closedPortUrl, fastRetry, HTTP, listen, type TestServer, failure as failed } from './helpers.js';

let idp: Idp;
const extra: Array<{ close(): Promise<void> }> = [];
beforeEach(async () => {
  idp = await startIdp();
});
afterEach(async () => {
  await idp.close();
  await Promise.all(extra.splice(0).map((s) => s.close()));
});

const discover = (authority: string, debug?: (m: string) => void) => discoverTokenEndpoint(new URL(authority), HTTP, fastRetry(debug));
const discoveryHits = (i: Idp = idp) => i.requests.filter((r) => r.path.endsWith('/.well-known/openid-configuration')).length;

const failure = (promise: Promise<unknown>) => failed(promise, 'discovery');

/** A server that answers every GET with this discovery document ('{url}' in a value is the server's own URL, '{https}' the same with https:). */
async function documentServer(document: Record<string, unknown>): Promise<TestServer> {
  let url = '';
  const server = await listen((_req, res) =>
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify(document).replaceAll('{url}', url).replaceAll('{https}', url.replace('http:', 'https:'))),
  );
  url = server.url;
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
    expect(error.message).toBe(
      `OpenID Connect discovery failed: ${authority}/.well-known/openid-configuration answered HTTP 404 (text/html: "404 Not Found").`,
    );
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

  const issuer = '{url}/realms/x';
  it.each([
    ['no token_endpoint', { issuer }, 'has no token_endpoint'],
    ['an empty token_endpoint', { issuer, token_endpoint: '' }, 'has no token_endpoint'],
    ['a numeric token_endpoint', { issuer, token_endpoint: 42 }, 'has no token_endpoint'],
    ['a relative token_endpoint', { issuer, token_endpoint: '/token' }, 'has an invalid token_endpoint'],
  ])('a document w/ %s', async (_title, document, problem) => {
    const server = await documentServer(document);
    const error = await failure(discover(`${server.url}/realms/x`));
    expect(error.code).toBe('DISCOVERY_FAILED');
    expect(error.message).toBe(`The discovery document at ${server.url}/realms/x/.well-known/openid-configuration ${problem}.`);
    expect(error.hint).toBe('Set token-url to the token endpoint explicitly.');
  });

  it("returns another provider's token_endpoint as published, on the issuer's origin", async () => {
    const server = await documentServer({ issuer: '{url}/adfs', token_endpoint: '{url}/adfs/oauth2/token' });
    expect((await discover(`${server.url}/adfs`)).href).toBe(`${server.url}/adfs/oauth2/token`);
  });

  it('an issuer w/ a trailing slash is the same issuer', async () => {
    const server = await documentServer({ issuer: '{url}/realms/x/', token_endpoint: '{url}/realms/x/protocol/openid-connect/token' });
    expect((await discover(`${server.url}/realms/x`)).href).toBe(`${server.url}/realms/x/protocol/openid-connect/token`);
  });

  // Regression (hostile review): a document could name any token endpoint, and the password was posted there.
  it.each([
    [
      'another issuer',
      { issuer: 'https://evil.example.org/realms/x', token_endpoint: '{url}/realms/x/protocol/openid-connect/token' },
      "names the issuer 'https://evil.example.org/realms/x'",
    ],
    [
      'another realm of the same server',
      { issuer: '{url}/realms/other', token_endpoint: '{url}/realms/other/protocol/openid-connect/token' },
      "names the issuer '{url}/realms/other'",
    ],
    ['no issuer', { token_endpoint: '{url}/realms/x/protocol/openid-connect/token' }, 'names no issuer'],
    ['a numeric issuer', { issuer: 7, token_endpoint: '{url}/realms/x/protocol/openid-connect/token' }, 'names no issuer'],
  ])('a document w/ %s: ISSUER_MISMATCH, its endpoints not trusted', async (_title, document, named) => {
    const server = await documentServer(document);
    const error = await failure(discover(`${server.url}/realms/x`));
    expect(error.code).toBe('ISSUER_MISMATCH');
    expect(error.message).toBe(
      `The discovery document at ${server.url}/realms/x/.well-known/openid-configuration ${named.replace('{url}', server.url)}, not the authority given (${server.url}/realms/x); its endpoints are not trusted.`,
    );
    expect(error.hint).toContain('set token-url to its token endpoint instead');
  });

  it.each([
    ['another host', 'https://evil.example.org/realms/x/protocol/openid-connect/token', 'https://evil.example.org'],
    ['another port', 'http://127.0.0.1:1/realms/x/protocol/openid-connect/token', 'http://127.0.0.1:1'],
    ['another scheme', '{https}/realms/x/protocol/openid-connect/token', 'https://127.0.0.1:'],
  ])('a token endpoint on %s: TOKEN_ENDPOINT_ORIGIN', async (_title, endpoint, origin) => {
    const server = await documentServer({ issuer, token_endpoint: endpoint });
    const error = await failure(discover(`${server.url}/realms/x`));
    expect(error.code).toBe('TOKEN_ENDPOINT_ORIGIN');
    expect(error.message).toContain(`names a token endpoint on another origin (${origin}`);
    expect(error.message).toContain(`than the authority (${server.url}); no credentials are sent there.`);
    expect(error.hint).toBe('If the identity provider really issues tokens there, set token-url to that address explicitly (instead of authority).');
  });
});
