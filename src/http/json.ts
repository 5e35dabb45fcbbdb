/** Reading JSON answers that may not be JSON at all (an HTML 404, a proxy's 502 page). */
import { ResponseError } from '../errors.js';
import { headerValue, type HttpResponse } from './client.js';
import { excerpt, sanitize } from '../text.js';

/** What a non-JSON body looks like, for an error message: its content type and a short excerpt. */
export function describeBody(response: HttpResponse): string {
  // A header is server text too.
  const type = sanitize(headerValue(response.headers, 'content-type')?.split(';')[0] ?? 'no content type', 60);
  const text = excerpt(response.body, 160);
  return text ? `${type}: "${text}"` : `${type}, empty body`;
}

export function where(response: HttpResponse): string {
  return `${response.url.origin}${response.url.pathname}`;
}

/** Parses a JSON object body, or undefined when the body is not a JSON object. */
export function tryJsonObject(body: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The body as a JSON object, or a ResponseError naming the status, the URL and what came back. */
export function expectJsonObject(response: HttpResponse, what: string, hint: string): Record<string, unknown> {
  const json = tryJsonObject(response.body);
  if (json) return json;
  throw new ResponseError(
    response.status,
    `${what} at ${where(response)} answered HTTP ${response.status} with something that is not a JSON object (${describeBody(response)}).`,
    hint,
    'NOT_JSON',
  );
}
