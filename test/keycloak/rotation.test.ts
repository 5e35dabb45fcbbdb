/**
 * Refresh-token rotation against a real Keycloak ("Revoke Refresh Token" on, reuse 0), through the
 * built action: the rotated token is the one to keep; an old one is refused with the rotation hint
 * (reused at once, or stale once the chain moved on); two jobs refreshing one token at once; and a
 * session an administrator ended. Each test signs in as its own user, as brute-force detection
 * refuses parallel sign-ins of one user.
 */
import { expect, it } from 'vitest';
import { expectNoLeaks, runAction, type RunResult } from '../e2e/harness.js';
import { TOKEN_OUTPUTS, admin, describeKeycloak, nextSecondAfter, passwordOf, server, tokensOf, userId } from './support.js';

const ROTATION_HINT = 'Always store the newest refresh-token output, and never refresh the same token from two jobs at once.';
const DEAD = 'a person must sign in again and store a new refresh token';

async function signIn(username: string): Promise<string> {
  const result = await runAction({ authority: server().issuer, username, password: passwordOf(username) });
  expect(result.code, result.stdout).toBe(0);
  return result.outputs['refresh-token']!;
}

const refresh = (token: string) => runAction({ authority: server().issuer, 'refresh-token': token });

function expectRefused(result: RunResult, description: string, ...hints: string[]): void {
  expect(result.code, result.stdout).toBe(1);
  expect(result.stdout).toContain(`::error::The identity provider refused the refresh_token grant (HTTP 400, invalid_grant: ${description}).`);
  for (const hint of hints) expect(result.stdout).toContain(hint);
  expect(result.stdout).not.toContain('set client-id');
  expect(result.outputs['access-token']).toBeUndefined();
}

describeKeycloak('dist/index.js w/ a real Keycloak: refresh-token rotation', () => {
  it('the rotated token is output and works; the old one is refused as reused, and then the newest too', async () => {
    const stored = await signIn('bob');
    const rotated = await refresh(stored);
    expect(rotated.code, rotated.stdout).toBe(0);
    const newest = rotated.outputs['refresh-token']!;
    expect(newest).not.toBe(stored);
    expectNoLeaks(rotated, [stored, ...tokensOf(rotated.outputs)], TOKEN_OUTPUTS);

    const reused = await refresh(stored);
    expectRefused(reused, 'Maximum allowed refresh token reuse exceeded', 'reusing it ended the session', ROTATION_HINT, DEAD);
    expectNoLeaks(reused, [stored, newest]);

    // Keycloak removed the client session: the token that was kept is dead as well.
    const after = await refresh(newest);
    expectRefused(after, "Session doesn't have required client", 'The session no longer includes this client', ROTATION_HINT, DEAD);
    expectNoLeaks(after, [stored, newest]);
  });

  it('an older token, once the chain moved on in a later second: stale, with the rotation hint', async () => {
    const first = await signIn('erin');
    const second = (await refresh(first)).outputs['refresh-token']!;
    // Keycloak's stale check compares whole seconds: the next refresh must be in a later one than `first`'s.
    await nextSecondAfter(first);
    const third = await refresh(second);
    expect(third.code, third.stdout).toBe(0);

    const stale = await refresh(first);
    expectRefused(stale, 'Stale token', 'replaced by a newer one', ROTATION_HINT, DEAD);
    expectNoLeaks(stale, [first, second, third.outputs['refresh-token']!]);
  });

  it('two jobs refresh the same token at once: one gets the new token, the other the rotation hint', async () => {
    const stored = await signIn('henry');
    const both = await Promise.all([refresh(stored), refresh(stored)]);
    const codes = both.map((r) => r.code).sort();
    expect(codes, both.map((r) => r.stdout).join('\n')).toEqual([0, 1]);
    const winner = both.find((r) => r.code === 0)!;
    const loser = both.find((r) => r.code === 1)!;
    expect(winner.outputs['refresh-token']).not.toBe(stored);
    expectRefused(loser, 'Maximum allowed refresh token reuse exceeded', ROTATION_HINT);
    for (const r of both) expectNoLeaks(r, [stored, ...tokensOf(winner.outputs)], r === winner ? TOKEN_OUTPUTS : {});
  });

  it('an administrator signed the user out (admin REST API): the refresh is refused, the session ended', async () => {
    const stored = await signIn('judy');
    const logout = await admin('POST', `/users/${await userId('judy')}/logout`);
    expect(logout.status).toBe(204);
    const result = await refresh(stored);
    expectRefused(result, 'Session not active', 'The session ended', DEAD);
    expectNoLeaks(result, [stored]);
  });

  it('a dead refresh token w/ credentials as well: falls back to the password grant and warns', async () => {
    const stored = await signIn('kim');
    expect((await admin('POST', `/users/${await userId('kim')}/logout`)).status).toBe(204);
    const password = passwordOf('kim');
    const result = await runAction({ authority: server().issuer, 'refresh-token': stored, username: 'kim', password });
    expect(result.code, result.stdout).toBe(0);
    expect(result.outputs['grant-type']).toBe('password');
    expect(result.stdout).toMatch(
      /::warning title=Stored refresh token is no longer valid::.*invalid_grant: Session not active.*Replace the stored refresh token/,
    );
    expectNoLeaks(result, [stored, password, ...tokensOf(result.outputs)], TOKEN_OUTPUTS);
  });
});
