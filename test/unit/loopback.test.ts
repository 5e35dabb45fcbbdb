import { describe, expect, it } from 'vitest';
import { isLoopback, lookupLocalhost } from '../../src/http/loopback.js';

describe('isLoopback()', () => {
  it.each([
    ['http://localhost/', true],
    ['http://LOCALHOST:8080/', true],
    // Regression (hostile review): *.localhost counted as loopback, yet went to DNS and through HTTPS_PROXY.
    ['http://keycloak.localhost/', false],
    ['http://localhost./', false],
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

describe('lookupLocalhost()', () => {
  const lookup = (options: object) =>
    new Promise<unknown>((resolve, reject) =>
      lookupLocalhost('localhost', options as never, (error, address, family) =>
        error ? reject(error) : resolve(family === undefined ? address : [address, family]),
      ),
    );

  it('answers 127.0.0.1 and ::1 without asking a resolver', async () => {
    expect(await lookup({ all: true })).toEqual([
      { address: '127.0.0.1', family: 4 },
      { address: '::1', family: 6 },
    ]);
    expect(await lookup({})).toEqual(['127.0.0.1', 4]);
  });

  it('keeps to the family asked for', async () => {
    expect(await lookup({ family: 6 })).toEqual(['::1', 6]);
    expect(await lookup({ all: true, family: 4 })).toEqual([{ address: '127.0.0.1', family: 4 }]);
  });
});
