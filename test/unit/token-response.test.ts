import { describe, expect, it } from 'vitest';
import { ResponseError } from '../../src/errors.js';
import type { HttpResponse } from '../../src/http/client.js';
import { processTokenResponse, tokenSecrets, type TokenSet } from '../../src/oidc/token-response.js';

const endpoint = new URL('https://kc.example.org/realms/OECD/protocol/openid-connect/token');
const now = new Date('2025-01-01T00:00:00Z');
const reply = (body: string, type = 'application/json', status = 200): HttpResponse => ({
  status,
  headers: { 'content-type': type },
  body,
  url: endpoint,
});
const json = (value: unknown) => reply(JSON.stringify(value));

function failure(response: HttpResponse): ResponseError {
  try {
    processTokenResponse(response, 'password', now);
  } catch (error) {
    expect(error).toBeInstanceOf(ResponseError);
    return error as ResponseError;
  }
  throw new Error('expected a ResponseError');
}

describe('processTokenResponse()', () => {
  it('w/ a Keycloak answer', () => {
    const tokens = processTokenResponse(
      json({
        access_token: 'at',
        expires_in: 300,
        refresh_expires_in: 1800,
        refresh_token: 'rt',
        token_type: 'Bearer',
        id_token: 'it',
        'not-before-policy': 0,
        session_state: 'sid',
        scope: 'openid profile email',
      }),
      'password',
      now,
    );
    expect(tokens).toEqual<TokenSet>({
      accessToken: 'at',
      tokenType: 'Bearer',
      expiresIn: 300,
      expiresAt: new Date('2025-01-01T00:05:00Z'),
      refreshToken: 'rt',
      refreshExpiresAt: new Date('2025-01-01T00:30:00Z'),
      idToken: 'it',
      scope: 'openid profile email',
      grant: 'password',
    });
  });

  it.each([
    ['offline: refresh_expires_in 0', { refresh_token: 'rt', refresh_expires_in: 0 }, { refreshToken: 'rt', refreshExpiresAt: undefined }],
    ['no refresh token', { refresh_expires_in: 1800 }, { refreshToken: undefined, refreshExpiresAt: undefined }],
    ['no expires_in', {}, { expiresIn: undefined, expiresAt: undefined }],
    ['expires_in as a string', { expires_in: '60' }, { expiresIn: 60, expiresAt: new Date('2025-01-01T00:01:00Z') }],
    ['fractional expires_in', { expires_in: 59.9 }, { expiresIn: 59 }],
    ['token_type in lower case', { token_type: 'bearer' }, { tokenType: 'Bearer' }],
    ['no token_type', { token_type: undefined }, { tokenType: 'Bearer' }],
    ['null and empty optional fields', { id_token: null, scope: '', refresh_token: '' }, { idToken: undefined, scope: undefined, refreshToken: undefined }],
  ])('w/ %s', (_title, extra, expected) => {
    const tokens = processTokenResponse(json({ access_token: 'at', token_type: 'Bearer', ...extra }), 'refresh_token', now);
    expect(tokens).toMatchObject({ accessToken: 'at', grant: 'refresh_token', ...expected });
  });

  it.each([
    ['a non-JSON body', reply('not json {'), 'its body is not a JSON object (application/json, 10 bytes)'],
    [
      'an HTML login page',
      reply('<html><form id="kc-form-login"></form></html>', 'text/html; charset=utf-8'),
      'its body is not a JSON object (text/html, 45 bytes)',
    ],
    ['truncated JSON', reply('{"access_token":"eyJhbGciOi'), 'its body is not a JSON object (application/json, 27 bytes)'],
    ['a JSON array', json(['at']), 'its body is not a JSON object'],
    ['JSON null', reply('null'), 'its body is not a JSON object'],
    ['no content type', { status: 200, headers: {}, body: 'x', url: endpoint }, 'its body is not a JSON object (no content type, 1 bytes)'],
    ['no access_token', json({ token_type: 'Bearer' }), 'it holds no access_token'],
    ['an empty access_token', json({ access_token: '' }), 'it holds no access_token'],
    ['a numeric access_token', json({ access_token: 42 }), 'its access_token is not a string'],
    ['token_type mac', json({ access_token: 'at', token_type: 'mac' }), "its token_type is 'mac', not Bearer"],
    ['a negative expires_in', json({ access_token: 'at', expires_in: -1 }), 'its expires_in is not a number of seconds'],
    ['a text expires_in', json({ access_token: 'at', expires_in: 'soon' }), 'its expires_in is not a number of seconds'],
    ['an object refresh_token', json({ access_token: 'at', refresh_token: { a: 1 } }), 'its refresh_token is not a string'],
    ['an access_token w/ a newline and a workflow command', json({ access_token: 'at\n::add-mask::x' }), 'its access_token is not a valid token'],
    ['an access_token w/ ::', json({ access_token: 'at::stop-commands::x' }), 'its access_token is not a valid token'],
    ['an access_token in ANSI colours', json({ access_token: '\u001b[31mat' }), 'its access_token is not a valid token'],
    ['a refresh_token w/ a carriage return', json({ access_token: 'at', refresh_token: 'rt\r::error::x' }), 'its refresh_token is not a valid token'],
    ['a refresh_token w/ ##[', json({ access_token: 'at', refresh_token: 'rt ##[add-mask]x' }), 'its refresh_token is not a valid token'],
    ['an id_token w/ a space', json({ access_token: 'at', id_token: 'a b' }), 'its id_token is not a valid token'],
    [
      'expires_in 1e20 (an Invalid Date, then a RangeError when printed)',
      json({ access_token: 'at', expires_in: 1e20 }),
      'its expires_in is not a number of seconds',
    ],
  ])('w/ %s', (_title, response, problem) => {
    const error = failure(response);
    expect(error.code).toBe('BAD_TOKEN_RESPONSE');
    expect(error.status).toBe(200);
    expect(error.message).toContain(`The token endpoint ${endpoint.href} answered HTTP 200 but ${problem}`);
    expect(error.hint).toContain('check token-url / authority');
  });

  it('never quotes the body of a 200', () => {
    for (const body of ['access_token=SECRET-IN-A-FORM&token_type=bearer', '{"access_token":"SECRET-TRUNCATED', '<p>SECRET-HTML</p>']) {
      const error = failure(reply(body, 'text/plain'));
      expect(error.describe()).not.toContain('SECRET');
    }
    const error = failure(json({ token_type: 'Bearer', refresh_token: 'SECRET-REFRESH' }));
    expect(error.describe()).not.toContain('SECRET');
  });

  it('never quotes the URL query', () => {
    const error = failure({ ...reply('x'), url: new URL(`${endpoint.href}?code=SECRET`) });
    expect(error.message).not.toContain('SECRET');
  });
});

describe('tokenSecrets()', () => {
  it('access, refresh and id token, in that order, without the absent ones', () => {
    const base: TokenSet = { accessToken: 'at', tokenType: 'Bearer', grant: 'password' };
    expect(tokenSecrets({ ...base, refreshToken: 'rt', idToken: 'it' })).toEqual(['at', 'rt', 'it']);
    expect(tokenSecrets(base)).toEqual(['at']);
  });
});
