import { ProxyAgent } from 'undici';
import { afterEach, expect, it } from 'vitest';
import { direct, dispatcherFor } from '../../src/http/client.js';

const saved = { ...process.env };
afterEach(() => {
  for (const name of ['HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY', 'https_proxy', 'http_proxy', 'no_proxy']) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

it('dispatcherFor() w/ HTTPS_PROXY: a proxy agent, except for NO_PROXY hosts and loopback', () => {
  process.env.HTTPS_PROXY = 'http://127.0.0.1:3128';
  process.env.NO_PROXY = 'internal.example.org,.corp.example';
  expect(dispatcherFor(new URL('https://keycloak.example.org/realms/x'))).toBeInstanceOf(ProxyAgent);
  expect(dispatcherFor(new URL('https://internal.example.org/realms/x'))).toBe(direct);
  expect(dispatcherFor(new URL('https://sso.corp.example/realms/x'))).toBe(direct);
  expect(dispatcherFor(new URL('https://127.0.0.1:8443/realms/x'))).toBe(direct);
});

it('dispatcherFor() w/o proxy settings: the direct agent', () => {
  expect(dispatcherFor(new URL('https://other.example.org/'))).toBe(direct);
});
