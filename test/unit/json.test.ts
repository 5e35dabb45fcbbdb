import { describe, expect, it } from 'vitest';
import { ResponseError } from '../../src/errors.js';
import type { HttpResponse } from '../../src/http/client.js';
import { describeBody, expectJsonObject, tryJsonObject, where } from '../../src/http/json.js';

const url = new URL('https://kc.example.org/realms/OECD/.well-known/openid-configuration?x=1#y');
const response = (body: string, type?: string, status = 200): HttpResponse => ({
  status,
  headers: type ? { 'content-type': type } : {},
  body,
  url,
});

describe('tryJsonObject()', () => {
  it.each([
    ['an object', '{"a":1}', { a: 1 }],
    ['an empty object', '{}', {}],
    ['an array', '[1]', undefined],
    ['null', 'null', undefined],
    ['a string', '"x"', undefined],
    ['a number', '1', undefined],
    ['truncated', '{"a":', undefined],
    ['HTML', '<html></html>', undefined],
    ['empty', '', undefined],
  ])('%s', (_title, body, expected) => {
    expect(tryJsonObject(body)).toEqual(expected);
  });
});

describe('describeBody()', () => {
  it.each([
    ['an HTML page', response('<html><title>404 Not Found</title></html>', 'text/html; charset=utf-8'), 'text/html: "404 Not Found"'],
    ['plain text', response('Service Unavailable', 'text/plain'), 'text/plain: "Service Unavailable"'],
    ['no content type', response('oops'), 'no content type: "oops"'],
    ['an empty body', response('', 'text/html'), 'text/html, empty body'],
    ['a long body', response('z'.repeat(1000), 'text/plain'), `text/plain: "${'z'.repeat(160)}…"`],
  ])('%s', (_title, r, expected) => {
    expect(describeBody(r)).toBe(expected);
  });
});

describe('where()', () => {
  it('origin and path only', () => {
    expect(where(response(''))).toBe('https://kc.example.org/realms/OECD/.well-known/openid-configuration');
  });
});

describe('expectJsonObject()', () => {
  it('returns the object', () => {
    expect(expectJsonObject(response('{"a":1}'), 'Discovery', 'hint')).toEqual({ a: 1 });
  });

  it('w/ HTML names the status, the URL and the page', () => {
    let error: unknown;
    try {
      expectJsonObject(response('<title>Login</title>', 'text/html', 200), 'OpenID Connect discovery', 'the hint');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ResponseError);
    expect(error).toMatchObject({
      code: 'NOT_JSON',
      status: 200,
      hint: 'the hint',
      message:
        'OpenID Connect discovery at https://kc.example.org/realms/OECD/.well-known/openid-configuration answered HTTP 200 with something that is not a JSON object (text/html: "Login").',
    });
  });
});
