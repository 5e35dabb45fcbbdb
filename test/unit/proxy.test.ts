import { afterEach, expect, it } from 'vitest';
import { proxyFor, proxyName } from '../../src/http/proxy.js';

const saved = { ...process.env };
afterEach(() => {
  for (const name of ['HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY', 'https_proxy', 'http_proxy', 'no_proxy']) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

it('proxyFor() w/ HTTPS_PROXY: the proxy, except for NO_PROXY hosts and loopback', () => {
  process.env.HTTPS_PROXY = 'http://127.0.0.1:3128';
  process.env.NO_PROXY = 'internal.example.org,.corp.example';
  expect(proxyFor(new URL('https://keycloak.example.org/realms/x'))?.href).toBe('http://127.0.0.1:3128/');
  expect(proxyFor(new URL('https://internal.example.org/realms/x'))).toBeUndefined();
  expect(proxyFor(new URL('https://sso.corp.example/realms/x'))).toBeUndefined();
  expect(proxyFor(new URL('https://127.0.0.1:8443/realms/x'))).toBeUndefined();
});

it('proxyFor() w/ HTTP_PROXY only: used for http://, not for https://', () => {
  delete process.env.HTTPS_PROXY;
  delete process.env.https_proxy;
  process.env.HTTP_PROXY = 'http://proxy.corp.example:8080';
  expect(proxyFor(new URL('http://transfer.example.org/3'))?.host).toBe('proxy.corp.example:8080');
  expect(proxyFor(new URL('https://transfer.example.org/3'))).toBeUndefined();
});

it('proxyFor() w/o proxy settings: none', () => {
  for (const name of ['HTTPS_PROXY', 'HTTP_PROXY', 'https_proxy', 'http_proxy']) delete process.env[name];
  expect(proxyFor(new URL('https://other.example.org/'))).toBeUndefined();
});

it('proxyName() never shows the credentials in the proxy URL', () => {
  expect(proxyName(new URL('http://user:s3cret@proxy.corp.example:3128'))).toBe('proxy.corp.example:3128');
  expect(proxyName(new URL('http://proxy.corp.example'))).toBe('proxy.corp.example:80');
  expect(proxyName(new URL('https://proxy.corp.example'))).toBe('proxy.corp.example:443');
});
