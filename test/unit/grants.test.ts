import { describe, expect, it } from 'vitest';
import type { IdpConfig } from '../../src/oidc/settings.js';
import { clientCredentialsRequest, grantRequest, passwordRequest, refreshRequest } from '../../src/oidc/grants.js';

const tokenUrl = new URL('https://kc.example.org/realms/OECD/protocol/openid-connect/token');
const idp: IdpConfig = { tokenUrl, clientId: 'app', grant: 'password', username: 'alice', password: 'p&ss=word+1', refreshToken: 'stored-rt' };
const form = (params: URLSearchParams) => Object.fromEntries(params);

describe('passwordRequest()', () => {
  it('w/ a public client', () => {
    const request = passwordRequest(idp);
    expect(request.grant).toBe('password');
    expect(form(request.form)).toEqual({ grant_type: 'password', client_id: 'app', username: 'alice', password: 'p&ss=word+1' });
    expect(request.form.toString()).toContain('password=p%26ss%3Dword%2B1');
  });

  it('w/ a client secret and scope', () => {
    expect(form(passwordRequest({ ...idp, clientSecret: 'cs', scope: 'openid offline_access' }).form)).toEqual({
      grant_type: 'password',
      client_id: 'app',
      client_secret: 'cs',
      scope: 'openid offline_access',
      username: 'alice',
      password: 'p&ss=word+1',
    });
  });
});

describe('refreshRequest()', () => {
  it('sends the given token, not the stored one', () => {
    const request = refreshRequest(idp, 'newest-rt');
    expect(request.grant).toBe('refresh_token');
    expect(form(request.form)).toEqual({ grant_type: 'refresh_token', client_id: 'app', refresh_token: 'newest-rt' });
  });
});

describe('clientCredentialsRequest()', () => {
  it('sends no user credentials', () => {
    const request = clientCredentialsRequest({ ...idp, clientId: 'svc', clientSecret: 'svc-secret' });
    expect(form(request.form)).toEqual({ grant_type: 'client_credentials', client_id: 'svc', client_secret: 'svc-secret' });
  });
});

describe('grantRequest()', () => {
  it.each([
    ['password', 'password'],
    ['client_credentials', 'client_credentials'],
    ['refresh_token', 'refresh_token'],
  ] as const)('%s', (grant, expected) => {
    expect(grantRequest(grant, idp).form.get('grant_type')).toBe(expected);
  });

  it('refresh_token defaults to the stored token', () => {
    expect(grantRequest('refresh_token', idp).form.get('refresh_token')).toBe('stored-rt');
    expect(grantRequest('refresh_token', idp, 'other').form.get('refresh_token')).toBe('other');
  });
});
