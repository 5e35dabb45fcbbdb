import { afterEach, describe, expect, it } from 'vitest';
import { discoverRevocationEndpoint } from '../../src/oidc/discovery.js';
import { revocationEndpoint, revokeToken } from '../../src/oidc/revoke.js';
import { startIdp, type Idp } from '../fixtures/idp.mjs';
import { fastRetry, failure, HTTP, listen, type TestServer } from '../support/unit.js';

const servers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => void (await Promise.all(servers.splice(0).map((s) => s.close()))));

async function idpServer(): Promise<Idp> {
  const idp = await startIdp();
  servers.push(idp);
  return idp;
}

/** A server answering every request with this status and body; `{url}` in the body is its own URL. */
async function answering(status: number, body: string): Promise<TestServer & { forms: URLSearchParams[] }> {
  const forms: URLSearchParams[] = [];
  let url = '';
  const server = await listen((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      forms.push(new URLSearchParams(text));
      res.writeHead(status, { 'content-type': 'application/json' }).end(body.replaceAll('{url}', url));
    });
  });
  url = server.url;
  servers.push(server);
  return Object.assign(server, { forms });
}

describe('revocationEndpoint()', () => {
  it("from the authority's discovery document; with token-url, Keycloak's path beside it; else none", async () => {
    const idp = await idpServer();
    expect(String(await revocationEndpoint({ authority: idp.issuer, clientId: 'app' }, HTTP, fastRetry()))).toBe(
      `${idp.issuer}/protocol/openid-connect/revoke`,
    );
    expect(String(await revocationEndpoint({ tokenUrl: idp.tokenEndpoint, clientId: 'app' }, HTTP, fastRetry()))).toBe(
      `${idp.issuer}/protocol/openid-connect/revoke`,
    );
    expect(await revocationEndpoint({ tokenUrl: 'https://login.example.org/oauth2/token', clientId: 'app' }, HTTP, fastRetry())).toBeUndefined();
  });

  it('a revocation endpoint on another origin is refused: no token is sent there', async () => {
    const doc = await answering(
      200,
      JSON.stringify({ issuer: '{url}/realms/r', token_endpoint: '{url}/t', revocation_endpoint: 'https://elsewhere.example.org/revoke' }),
    );
    const error = await failure(discoverRevocationEndpoint(new URL(`${doc.url}/realms/r`), HTTP, fastRetry()));
    expect(error.code).toBe('TOKEN_ENDPOINT_ORIGIN');
    expect(error.message).toContain('names a revocation endpoint on another origin (https://elsewhere.example.org)');
    expect(error.message).toContain('no token is sent there');
  });

  it('no revocation_endpoint in the document: undefined', async () => {
    const doc = await answering(200, JSON.stringify({ issuer: '{url}/realms/r', token_endpoint: '{url}/t' }));
    expect(await discoverRevocationEndpoint(new URL(`${doc.url}/realms/r`), HTTP, fastRetry())).toBeUndefined();
  });
});

describe('revokeToken()', () => {
  const target = { clientId: 'app-c', clientSecret: 'client-secret-0001' };

  it('RFC 7009 form: token, token_type_hint, client_id and client_secret; 200 with an empty body is done', async () => {
    const server = await answering(200, '');
    await revokeToken(new URL(`${server.url}/revoke`), 'the-refresh-token', 'refresh_token', target, HTTP, fastRetry());
    expect(Object.fromEntries(server.forms[0] ?? [])).toEqual({
      token: 'the-refresh-token',
      token_type_hint: 'refresh_token',
      client_id: 'app-c',
      client_secret: 'client-secret-0001',
    });
  });

  it("Keycloak's 200 with an error body is a refusal, quoted; the token never is", async () => {
    const server = await answering(200, JSON.stringify({ error: 'invalid_token', error_description: 'Invalid token' }));
    const error = await failure(revokeToken(new URL(`${server.url}/revoke`), 'the-token-0001', 'access_token', target, HTTP, fastRetry()));
    expect(error.message).toBe(`The identity provider did not revoke the token at ${server.url}/revoke (HTTP 200, invalid_token: Invalid token).`);
    expect(error.describe()).not.toContain('the-token-0001');
  });

  it('401 invalid_client: the hint names the client settings', async () => {
    const server = await answering(401, JSON.stringify({ error: 'invalid_client', error_description: 'Invalid client or Invalid client credentials' }));
    const error = await failure(revokeToken(new URL(`${server.url}/revoke`), 't0k3n-0001', 'refresh_token', target, HTTP, fastRetry()));
    expect(error.hint).toContain('check client-id and client-secret');
  });

  it('ends the fixture session (Keycloak-faithful): a refresh is then refused', async () => {
    const idp = await idpServer();
    const stored = idp.issueRefreshToken({ clientId: 'app', username: 'alice' });
    await revokeToken(new URL(`${idp.issuer}/protocol/openid-connect/revoke`), stored, 'refresh_token', { clientId: 'app' }, HTTP, fastRetry());
    const res = await fetch(idp.tokenEndpoint, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'refresh_token', client_id: 'app', refresh_token: stored }),
    });
    expect(await res.json()).toEqual({ error: 'invalid_grant', error_description: 'Session not active' });
  });
});
