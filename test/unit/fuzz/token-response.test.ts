/**
 * The token response validator under fuzzing: processTokenResponse() with arbitrary JSON, strings
 * and bodies returns a TokenSet whose tokens are single printable words and whose times are real
 * dates, or throws a ResponseError that never quotes a token; tokenErrorFrom() (the error reader)
 * always returns one of the project's errors, in one safe line.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IdpConfig } from '../../../src/oidc/settings.js';
import { IdpError, ResponseError } from '../../../src/errors.js';
import type { HttpResponse } from '../../../src/http/client.js';
import { tokenErrorFrom } from '../../../src/oidc/idp-errors.js';
import { processTokenResponse } from '../../../src/oidc/token-response.js';
import { jsonish, nastyString, returnsOrThrowsOwn, UNPRINTABLE } from './arbitraries.js';

const URL_ = new URL('https://kc.example.org/realms/OECD/protocol/openid-connect/token');
const NOW = new Date('2026-06-04T08:00:00Z');
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
const IDP: IdpConfig = { authority: new URL('https://kc.example.org/realms/OECD'), clientId: 'app', grant: 'password' };

/** Token values: good ones, marked ones with hostile tails, and anything at all. */
const tokenValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9\-._~+/]{1,40}=*$/),
  fc.tuple(fc.stringMatching(/^[A-Za-z0-9]{6,12}$/), nastyString(12)).map(([word, tail]) => `TOK${word}${tail}`),
  jsonish,
);
const seconds: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer({ min: -10, max: 1e6 }),
  fc.constantFrom(1e20, 1e308, 3.5, '300', '3e2', ' 300', 'abc', -0, 2 ** 53),
  jsonish,
);
const tokenBody = fc.record(
  {
    access_token: tokenValue,
    token_type: fc.oneof(fc.constantFrom('Bearer', 'bearer', 'mac', 'DPoP', ''), jsonish),
    expires_in: seconds,
    refresh_expires_in: seconds,
    refresh_token: tokenValue,
    id_token: tokenValue,
    scope: fc.oneof(fc.constant('openid profile'), jsonish),
  },
  { requiredKeys: [] },
);
/** A good answer with a few fields replaced: gets past the first checks to the later ones. */
const GOOD = {
  access_token: 'eyJh.eyJz.c2ln',
  token_type: 'Bearer',
  expires_in: 300,
  refresh_expires_in: 1800,
  refresh_token: 'eyJh.eyJy.c2ln',
  scope: 'openid',
};
const nearlyGood = fc
  .tuple(
    tokenBody,
    fc.subarray(['access_token', 'token_type', 'expires_in', 'refresh_expires_in', 'refresh_token', 'id_token', 'scope'] as const, { maxLength: 2 }),
  )
  .map(([random, keys]) => JSON.stringify({ ...GOOD, ...Object.fromEntries(keys.filter((k) => k in random).map((k) => [k, random[k]])) }));
const body: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: nearlyGood },
  { weight: 3, arbitrary: tokenBody.map((value) => JSON.stringify(value)) },
  { weight: 1, arbitrary: fc.json() },
  { weight: 1, arbitrary: nastyString(60) },
);
const response = (text: string, type: string | string[] | undefined): HttpResponse => ({
  status: 200,
  headers: { 'content-type': type },
  body: text,
  url: URL_,
});
const contentType = fc.option(
  fc.oneof(
    fc.constantFrom('application/json', 'text/html; charset=utf-8', 'application/json;charset=UTF-8'),
    nastyString(20),
    fc.array(fc.string(), { maxLength: 2 }),
  ),
  { nil: undefined },
);

/** The marked token values in a body, which no error may quote. */
function markedTokens(text: string): string[] {
  try {
    const json = JSON.parse(text) as Record<string, unknown>;
    return ['access_token', 'refresh_token', 'id_token'].map((key) => json?.[key]).filter((v): v is string => typeof v === 'string' && v.startsWith('TOK'));
  } catch {
    return [];
  }
}

describe('processTokenResponse() w/ arbitrary bodies', () => {
  it('returns well-formed tokens and real dates, or throws a ResponseError that quotes no token', () => {
    let accepted = 0;
    fc.assert(
      fc.property(body, contentType, (text, type) => {
        const result = returnsOrThrowsOwn(() => processTokenResponse(response(text, type), 'password', NOW));
        if (result instanceof Error) {
          expect(result).toBeInstanceOf(ResponseError);
          expect((result as ResponseError).code).toBe('BAD_TOKEN_RESPONSE');
          const described = (result as ResponseError).describe();
          for (const token of markedTokens(text)) expect(described).not.toContain(token.slice(0, 9));
          expect(result.message).not.toMatch(UNPRINTABLE);
          return;
        }
        accepted += 1;
        expect(result.accessToken).toMatch(B64TOKEN);
        if (result.idToken !== undefined) expect(result.idToken).toMatch(B64TOKEN);
        if (result.refreshToken !== undefined) {
          expect(result.refreshToken).toMatch(/^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/);
          expect(result.refreshToken).not.toContain('::');
        }
        expect(result.tokenType).toBe('Bearer');
        for (const date of [result.expiresAt, result.refreshExpiresAt]) {
          if (date !== undefined) expect(() => date.toISOString()).not.toThrow();
        }
        if (result.expiresIn !== undefined) expect(Number.isSafeInteger(result.expiresIn) && result.expiresIn >= 0).toBe(true);
      }),
      { numRuns: 1000 },
    );
    expect(accepted).toBeGreaterThan(50);
  });
});

describe('tokenErrorFrom() w/ arbitrary error answers', () => {
  // Quoted pieces are sanitised, but joined with ': ' a piece ending in ':' makes '::' mid-line:
  // harmless (a command must start the line, and the adapters sanitise every printed line again).
  it('returns an IdpError or a ResponseError whose message is one safe line', () => {
    const errorBody = fc.oneof(
      fc.record({ error: jsonish, error_description: jsonish }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
      fc.record({ error: nastyString(30), error_description: nastyString(80) }).map((v) => JSON.stringify(v)),
      nastyString(80),
    );
    fc.assert(
      fc.property(
        errorBody,
        fc.integer({ min: 100, max: 599 }),
        fc.constantFrom('password', 'refresh_token', 'client_credentials' as const),
        (text, status, grant) => {
          const error = returnsOrThrowsOwn(() =>
            tokenErrorFrom({ status, headers: { 'content-type': 'application/json' }, body: text, url: URL_ }, grant, IDP),
          );
          expect(error instanceof IdpError || error instanceof ResponseError).toBe(true);
          const message = (error as IdpError | ResponseError).message;
          expect(message).not.toContain('\n');
          expect(message).not.toMatch(UNPRINTABLE);
          expect(message.trimStart().startsWith('::')).toBe(false);
          expect(message).not.toContain('##[');
        },
      ),
      { numRuns: 500 },
    );
  });
});
