/**
 * Validates a token endpoint's successful answer and converts it, once, from wire names
 * (`access_token`, `expires_in`) to the domain's TokenSet with absolute expiry times.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 */
import type { GrantType } from './settings.js';
import { ResponseError } from '../errors.js';
import { headerValue, type HttpResponse } from '../http/client.js';
import { sanitize } from '../text.js';
import { tryJsonObject, where } from '../http/json.js';

export interface TokenSet {
  readonly accessToken: string;
  readonly tokenType: string;
  readonly expiresAt?: Date;
  readonly expiresIn?: number;
  readonly refreshToken?: string;
  /** Undefined when the refresh token does not expire on its own (offline tokens) or is absent. */
  readonly refreshExpiresAt?: Date;
  readonly idToken?: string;
  readonly scope?: string;
  /** The grant that produced this set. */
  readonly grant: GrantType;
}

/** The secret values of a token set, in the order they should be masked. */
export function tokenSecrets(tokens: TokenSet): string[] {
  return [tokens.accessToken, tokens.refreshToken, tokens.idToken].filter((v): v is string => Boolean(v));
}

function invalid(response: HttpResponse, problem: string): ResponseError {
  return new ResponseError(
    response.status,
    `The token endpoint ${where(response)} answered HTTP ${response.status} but ${problem}.`,
    'The URL may point at something other than an OAuth token endpoint (check token-url / authority), or the provider is misbehaving.',
    'BAD_TOKEN_RESPONSE',
  );
}

function optionalString(json: Record<string, unknown>, key: string, response: HttpResponse): string | undefined {
  const value = json[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw invalid(response, `its ${key} is not a string`);
  return value;
}

/**
 * What may follow `Bearer ` in an Authorization header (RFC 6750 §2.1 b64token). The access
 * token and the id token (a JWT) are always of this form.
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-2.1
 */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
/**
 * A refresh token is printable ASCII (RFC 6749 Appendix A.17, VSCHAR), without `::` and `##[`:
 * no token format in use has them, and they read as workflow commands on GitHub.
 * @see https://www.rfc-editor.org/rfc/rfc6749#appendix-A.17
 */
const REFRESH_TOKEN = /^(?!.*(?:::|##\[))[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/s;
const TOKEN_FORMS: Readonly<Record<string, { pattern: RegExp; words: string }>> = {
  access_token: { pattern: B64TOKEN, words: 'a single word of letters, digits and -._~+/ (RFC 6750)' },
  id_token: { pattern: B64TOKEN, words: 'a single word of letters, digits and -._~+/ (a JWT)' },
  refresh_token: { pattern: REFRESH_TOKEN, words: 'a single line of printable characters (RFC 6749)' },
};

/**
 * A token, checked for its form. A newline or a workflow command in a token would be printed by
 * the runner's own masking and output commands; the value itself is never quoted (it is a secret).
 */
function optionalToken(json: Record<string, unknown>, key: keyof typeof TOKEN_FORMS, response: HttpResponse): string | undefined {
  const value = optionalString(json, key, response);
  const form = TOKEN_FORMS[key];
  if (value !== undefined && form && !form.pattern.test(value)) {
    throw invalid(response, `its ${key} is not a valid token: it must be ${form.words}, and this one (${value.length} characters, not shown) is not`);
  }
  return value;
}

/** 100 years: longer is no lifetime but a broken server, and would overflow a Date. */
const MAX_SECONDS = 100 * 365 * 24 * 3600;

function optionalSeconds(json: Record<string, unknown>, key: string, response: HttpResponse): number | undefined {
  const value = json[key];
  if (value === undefined || value === null) return undefined;
  const seconds = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0 || seconds > MAX_SECONDS) {
    throw invalid(response, `its ${key} is not a number of seconds from 0 to ${MAX_SECONDS} (100 years)`);
  }
  return Math.floor(seconds);
}

/** The answer as a JSON object; never quotes the body: a 200 from a token endpoint may hold a token in some unexpected form. */
export function tokenResponseJson(response: HttpResponse): Record<string, unknown> {
  const json = tryJsonObject(response.body);
  if (json) return json;
  const type = sanitize(headerValue(response.headers, 'content-type')?.split(';')[0] ?? 'no content type', 60);
  throw invalid(response, `its body is not a JSON object (${type}, ${Buffer.byteLength(response.body)} bytes)`);
}

/**
 * The tokens of an answer that have a token's form, masked before the rest is checked. One of
 * another form is refused by the checks, and never printed; masking it would let a server hide
 * any text of its choosing (a "token" reading `Error`) from the log.
 */
export function receivedSecrets(json: Record<string, unknown>): string[] {
  return Object.entries(TOKEN_FORMS).flatMap(([key, form]) => {
    const value = json[key];
    return typeof value === 'string' && form.pattern.test(value) ? [value] : [];
  });
}

/**
 * The answer's refresh token when it is well formed, whatever the rest of the answer holds: once
 * the provider has rotated it, the stored one is spent, so it is kept before the rest is checked.
 */
export function rotatedRefreshToken(json: Record<string, unknown>): string | undefined {
  const value = json.refresh_token;
  return typeof value === 'string' && REFRESH_TOKEN.test(value) ? value : undefined;
}

/** Checks every field of a successful answer and converts it to a TokenSet. */
export function processTokenResponse(response: HttpResponse, grant: GrantType, now = new Date(), json = tokenResponseJson(response)): TokenSet {
  const accessToken = optionalToken(json, 'access_token', response);
  if (!accessToken) throw invalid(response, 'it holds no access_token');
  const tokenType = optionalString(json, 'token_type', response) ?? 'Bearer';
  if (tokenType.toLowerCase() !== 'bearer') throw invalid(response, `its token_type is '${sanitize(tokenType, 20)}', not Bearer`);
  const expiresIn = optionalSeconds(json, 'expires_in', response);
  const refreshExpiresIn = optionalSeconds(json, 'refresh_expires_in', response);
  const refreshToken = optionalToken(json, 'refresh_token', response);
  return {
    accessToken,
    tokenType: 'Bearer',
    expiresIn,
    expiresAt: expiresIn === undefined ? undefined : new Date(now.getTime() + expiresIn * 1000),
    refreshToken,
    refreshExpiresAt: refreshToken && refreshExpiresIn ? new Date(now.getTime() + refreshExpiresIn * 1000) : undefined,
    idToken: optionalToken(json, 'id_token', response),
    scope: optionalString(json, 'scope', response),
    grant,
  };
}
