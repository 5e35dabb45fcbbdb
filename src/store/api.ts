/**
 * One call to a store's JSON API (GitHub's REST API, GitLab's API v4), through the one HTTP client
 * with the store's retry rule: reads and the PUT of a whole value may be repeated (../http/retry.ts).
 * The credential travels in a header, so no redirect is ever followed.
 */
import { InputError } from '../errors.js';
import { send, type HttpResponse, type HttpSettings } from '../http/client.js';
import { isLoopback } from '../http/loopback.js';
import { withRetry } from '../http/retry.js';
import { tryJsonObject } from '../http/json.js';
import { sanitize } from '../text.js';
import type { StoreContext } from './context.js';

export interface ApiCall {
  readonly method: 'GET' | 'PUT' | 'POST';
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly json?: unknown;
}

export async function apiCall(call: ApiCall, ctx: StoreContext, signal?: AbortSignal): Promise<HttpResponse> {
  const body = call.json === undefined ? undefined : JSON.stringify(call.json);
  const headers = body === undefined ? call.headers : { ...call.headers, 'content-type': 'application/json' };
  const retry = { ...ctx.retry, signal: signal ?? ctx.retry?.signal };
  return withRetry('store', () => send({ method: call.method, url: call.url, headers, body, credentials: true, signal: retry.signal }, ctx.http), retry);
}

/** The API's own words for a refusal: `message` (GitHub, GitLab), or `error` and `error_description` (GitLab's scope check). */
export function apiMessage(response: HttpResponse): string {
  const json = tryJsonObject(response.body);
  const text = (value: unknown) => (typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value));
  const said = json ? [text(json.message), text(json.error), text(json.error_description)].filter(Boolean).join(': ') : '';
  return sanitize(said || response.body || 'no body', 200);
}

/** The body as a JSON object, or undefined. */
export const jsonOf = (response: HttpResponse) => tryJsonObject(response.body);

/**
 * A store API's base URL from the CI's variable `name`, checked before any request: a refresh
 * spends the token given, so a store that cannot be reached safely must be known first.
 */
export function apiBaseUrl(name: string, value: string, http: HttpSettings, hint: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    // reported below
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) throw new InputError(name, `is not an http(s) URL: '${sanitize(value, 60)}'.`, hint);
  if (url.protocol === 'http:' && !isLoopback(url) && !http.allowInsecureHttp)
    throw new InputError(
      name,
      `uses plain http:// to ${url.host}: the store token would travel unencrypted.`,
      'Use the https:// address. Only on a trusted network, set allow-insecure-http: true.',
    );
  return url;
}
