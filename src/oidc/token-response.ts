/**
 * Validates a token endpoint's successful answer and converts it, once, from wire names
 * (`access_token`, `expires_in`) to the domain's TokenSet with absolute expiry times.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 */
import type { GrantType } from '../config.js';
import { ResponseError } from '../errors.js';
import { headerValue, type HttpResponse } from '../http/client.js';
import { tryJsonObject, where } from './json.js';

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

function optionalSeconds(json: Record<string, unknown>, key: string, response: HttpResponse): number | undefined {
  const value = json[key];
  if (value === undefined || value === null) return undefined;
  const seconds = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) throw invalid(response, `its ${key} is not a number of seconds`);
  return Math.floor(seconds);
}

/** Never quotes the body: a 200 from a token endpoint may hold a token in some unexpected form. */
export function processTokenResponse(response: HttpResponse, grant: GrantType, now = new Date()): TokenSet {
  const json = tryJsonObject(response.body);
  if (!json) {
    const type = headerValue(response.headers, 'content-type')?.split(';')[0] ?? 'no content type';
    throw invalid(response, `its body is not a JSON object (${type}, ${Buffer.byteLength(response.body)} bytes)`);
  }
  const accessToken = optionalString(json, 'access_token', response);
  if (!accessToken) throw invalid(response, 'it holds no access_token');
  const tokenType = optionalString(json, 'token_type', response) ?? 'Bearer';
  if (tokenType.toLowerCase() !== 'bearer') throw invalid(response, `its token_type is '${tokenType.slice(0, 20)}', not Bearer`);
  const expiresIn = optionalSeconds(json, 'expires_in', response);
  const refreshExpiresIn = optionalSeconds(json, 'refresh_expires_in', response);
  const refreshToken = optionalString(json, 'refresh_token', response);
  return {
    accessToken,
    tokenType: 'Bearer',
    expiresIn,
    expiresAt: expiresIn === undefined ? undefined : new Date(now.getTime() + expiresIn * 1000),
    refreshToken,
    refreshExpiresAt: refreshToken && refreshExpiresIn ? new Date(now.getTime() + refreshExpiresIn * 1000) : undefined,
    idToken: optionalString(json, 'id_token', response),
    scope: optionalString(json, 'scope', response),
    grant,
  };
}
