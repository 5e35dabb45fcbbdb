import { randomBytes } from 'node:crypto';
import { CompactEncrypt, EncryptJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { parseHandoffKey } from '../../src/oidc/handoff-key.js';
import { handoffOrigin, openHandoff, sealClear, sealHandoff } from '../../src/oidc/handoff.js';
import type { TokenSet } from '../../src/oidc/token-response.js';

const KEY_TEXT = randomBytes(32).toString('base64');
const KEY = parseHandoffKey(KEY_TEXT) as Uint8Array;
const now = new Date('2026-12-04T01:00:00Z');
const tokens: TokenSet = {
  accessToken: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl',
  refreshToken: 'refresh-token-never-handed-off',
  idToken: 'id-token-never-handed-off',
  tokenType: 'Bearer',
  expiresIn: 300,
  expiresAt: new Date(now.getTime() + 300_000),
  grant: 'password',
};

describe('parseHandoffKey()', () => {
  it('takes 32 bytes as base64, base64url (with or without padding) and hex', () => {
    const bytes = randomBytes(32);
    for (const text of [bytes.toString('base64'), bytes.toString('base64url'), bytes.toString('hex'), ` ${bytes.toString('base64')}\n`]) {
      expect(Buffer.from(parseHandoffKey(text) as Uint8Array).equals(bytes), text).toBe(true);
    }
    expect(parseHandoffKey('')).toBeUndefined();
    expect(parseHandoffKey(undefined)).toBeUndefined();
  });

  it.each([
    ['16 bytes', randomBytes(16).toString('base64'), 'this one is 16 bytes'],
    ['64 bytes', randomBytes(64).toString('base64'), 'this one is 64 bytes'],
    ['a passphrase', 'correct horse battery staple', 'is not base64'],
  ])('refuses %s, naming the input and how to make one, never the value', (_name, value, says) => {
    let message = '';
    try {
      parseHandoffKey(value);
    } catch (error) {
      message = (error as Error & { describe(): string }).describe();
    }
    expect(message).toContain("Input 'handoff-key'");
    expect(message).toContain(says);
    expect(message).toContain('openssl rand -base64 32');
    expect(message).not.toContain(value);
  });
});

describe('sealHandoff() / openHandoff()', () => {
  it('round trip: the access token, its type, grant and end; never the refresh or id token', async () => {
    const jwe = await sealHandoff(tokens, KEY, now);
    expect(jwe.split('.')).toHaveLength(5);
    expect(jwe.split('.')[1]).toBe('');
    const header = JSON.parse(Buffer.from(jwe.split('.')[0] as string, 'base64url').toString()) as Record<string, unknown>;
    expect(header).toEqual({ alg: 'dir', enc: 'A256GCM', typ: 'dotstat-handoff+jwt' });
    expect(jwe).not.toContain(tokens.accessToken);
    const opened = await openHandoff(jwe, KEY, new Date(now.getTime() + 60_000));
    expect(opened).toMatchObject({ accessToken: tokens.accessToken, tokenType: 'Bearer', grant: 'password', expiresIn: 240 });
    expect(opened.expiresAt?.toISOString()).toBe(tokens.expiresAt?.toISOString());
    expect(opened.refreshToken).toBeUndefined();
    expect(opened.idToken).toBeUndefined();
  });

  const refused = async (jwe: string, key = KEY, at = now) => {
    try {
      await openHandoff(jwe, key, at);
    } catch (error) {
      return (error as Error & { describe(): string }).describe();
    }
    throw new Error('not refused');
  };

  it('expired (at its exp, no tolerance): refused, saying when', async () => {
    const jwe = await sealHandoff(tokens, KEY, now);
    const message = await refused(jwe, KEY, tokens.expiresAt);
    expect(message).toContain("Input 'handoff': has expired at 2026-12-04T01:05:00.000Z");
    expect(await openHandoff(jwe, KEY, new Date((tokens.expiresAt as Date).getTime() - 1000))).toBeTruthy();
  });

  it('another key: refused as changed or sealed with another key', async () => {
    const jwe = await sealHandoff(tokens, KEY, now);
    expect(await refused(jwe, new Uint8Array(randomBytes(32)))).toContain('it was changed after it was made, or it was sealed with another key');
  });

  it.each([0, 2, 3, 4])('one character of part %i changed: refused', async (part) => {
    const jwe = await sealHandoff(tokens, KEY, now);
    const parts = jwe.split('.');
    const p = parts[part] as string;
    // The last character of a base64url part may carry padding bits only: change the first.
    parts[part] = `${p[0] === 'A' ? 'B' : 'A'}${p.slice(1)}`;
    const message = await refused(parts.join('.'));
    expect(message).toMatch(/Input 'handoff': (could not be opened|is not a valid hand-off)/);
    expect(message).not.toContain(tokens.accessToken);
  });

  it('a JWE of another algorithm or audience with the same key is refused', async () => {
    const foreign = await new EncryptJWT({ access_token: 'x', grant: 'password' })
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .setAudience('another-purpose')
      .setIssuedAt()
      .setExpirationTime('5m')
      .encrypt(KEY);
    expect(await refused(foreign, KEY, new Date())).toContain("Input 'handoff'");
    const kw = await new CompactEncrypt(new TextEncoder().encode('{}')).setProtectedHeader({ alg: 'A256KW', enc: 'A256GCM' }).encrypt(KEY);
    expect(await refused(kw)).toContain("Input 'handoff'");
  });

  it('sealed with the right key but a header of its own (zip, crit, another typ or parameter): refused before it is opened', async () => {
    const claims = new TextEncoder().encode(
      JSON.stringify({
        access_token: 'x',
        grant: 'password',
        aud: 'dotstat-action/handoff',
        iat: Math.floor(Date.now() / 1000),
        exp: Math.floor(Date.now() / 1000) + 300,
      }),
    );
    const sealed = (header: Record<string, unknown>) =>
      new CompactEncrypt(claims).setProtectedHeader({ alg: 'dir', enc: 'A256GCM', typ: 'dotstat-handoff+jwt', ...header }).encrypt(KEY);
    // What this version makes is opened (the control):
    await expect(openHandoff(await sealed({}), KEY)).resolves.toMatchObject({ accessToken: 'x' });
    // Compressed (a small hand-off that inflates to gigabytes when opened), or any header this version never writes:
    for (const header of [{ zip: 'DEF' }, { typ: 'JWT' }, { kid: 'other' }, { jku: 'https://evil.example/keys' }]) {
      expect(await refused(await sealed(header), KEY, new Date()), JSON.stringify(header)).toContain("Input 'handoff'");
    }
  });

  it('bound to its repository: a hand-off of another repository with the same key is refused, naming both', async () => {
    const a = handoffOrigin({ GITHUB_ACTIONS: 'true', GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'oecd/a' });
    const b = handoffOrigin({ GITLAB_CI: 'true', CI_PROJECT_URL: 'https://gitlab.example.org/oecd/b' });
    expect([a, b, handoffOrigin({})]).toEqual(['https://github.com/oecd/a', 'https://gitlab.example.org/oecd/b', undefined]);
    const jwe = await sealHandoff(tokens, KEY, now, a);
    const at = new Date(now.getTime() + 60_000);
    await expect(openHandoff(jwe, KEY, at, a)).resolves.toMatchObject({ accessToken: tokens.accessToken });
    let message = '';
    try {
      await openHandoff(jwe, KEY, at, b);
    } catch (error) {
      message = (error as Error & { describe(): string }).describe();
    }
    expect(message).toContain("Input 'handoff': was made for https://github.com/oecd/a, not for this job's https://gitlab.example.org/oecd/b");
    expect(message).not.toContain(tokens.accessToken);
    // Outside CI there is nothing to compare: a terminal opens it, and one made in a terminal opens anywhere.
    await expect(openHandoff(jwe, KEY, at, undefined)).resolves.toBeTruthy();
    await expect(openHandoff(await sealHandoff(tokens, KEY, now, undefined), KEY, at, b)).resolves.toBeTruthy();
  });

  it('not a hand-off at all: refused, saying what to pass', async () => {
    expect(await refused('not-a-jwe')).toContain("Input 'handoff': is not a hand-off");
    expect(await refused(tokens.accessToken)).toContain("Input 'handoff': is not a hand-off");
  });

  it('sealClear() seals again until no registered secret appears in the ciphertext', async () => {
    let calls = 0;
    const jwe = await sealClear(tokens, KEY, () => ++calls < 3);
    expect(calls).toBe(3);
    expect(await openHandoff(jwe, KEY, now)).toBeTruthy();
    await expect(sealClear(tokens, KEY, () => true)).rejects.toThrow("Input 'handoff-key'");
  });
});
