import { describe, expect, it } from 'vitest';
import { isLoopback } from '../../src/http/loopback.js';

describe('isLoopback()', () => {
  it.each([
    ['http://localhost/', true],
    ['http://LOCALHOST:8080/', true],
    ['http://keycloak.localhost/', true],
    ['http://127.0.0.1/', true],
    ['http://127.255.10.1:9000/', true],
    ['http://[::1]:8080/', true],
    ['http://10.0.0.1/', false],
    ['http://0.0.0.0/', false],
    ['http://127.0.0.1.nip.io/', false],
    ['http://localhost.example.org/', false],
    ['http://mylocalhost/', false],
    ['http://[::2]/', false],
    ['http://[::ffff:127.0.0.1]/', false],
  ])('%s → %s', (url, expected) => {
    expect(isLoopback(new URL(url))).toBe(expected);
  });
});
