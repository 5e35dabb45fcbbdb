/**
 * An import that outlives the access token, with Keycloak's real tokens: client app-short issues
 * 5-second access tokens, the Transfer simulator checks each one's RS256 signature against the
 * realm's JWKS (and its expiry), and the import takes 8 s. The token expires mid-poll whatever the
 * rounding (Keycloak sets exp to the whole second of issue plus 5 ≤ 5 s after the action got it),
 * so the action must renew it with the rotated refresh token to see the outcome.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTransfer, type Transfer } from '../fixtures/transfer.mjs';
import { ROOT, expectNoLeaks, runAction } from '../e2e/harness.js';
import { TOKEN_OUTPUTS, claimsOf, describeKeycloak, jwksVerifier, passwordOf, server, tokenRequest, tokensOf } from './support.js';

const LIFESPAN_S = 5;
const IMPORT_MS = 8_000;
const CSV = 'data/sample-sdmx-csv-1.0.csv';

describeKeycloak('dist/index.js w/ a real Keycloak: a long import', () => {
  let transfer: Transfer;
  let work: string;
  let verify: Awaited<ReturnType<typeof jwksVerifier>>;
  /** Every access token the simulator accepted, by jti. */
  const accepted = new Set<string>();

  beforeAll(async () => {
    verify = await jwksVerifier();
    transfer = await startTransfer({
      verifyToken: (token) => {
        const claims = verify(token);
        if (claims) accepted.add(String(claims.jti));
        return claims;
      },
      scenario: () => ({ durationMs: IMPORT_MS }),
    });
    work = mkdtempSync(join(tmpdir(), 'dotstat-kc-poll-'));
    mkdirSync(join(work, 'data'));
    copyFileSync(join(ROOT, 'test', CSV), join(work, CSV));
  });
  afterAll(async () => {
    await transfer?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("the JWKS check refuses a token whose signature or issuer is not the realm's", async () => {
    const { body } = await tokenRequest({ grant_type: 'password', client_id: 'app-short', username: 'ivan', password: passwordOf('ivan') });
    const token = String(body.access_token);
    const { iat, exp } = claimsOf(token);
    expect(Number(exp) - Number(iat)).toBe(LIFESPAN_S);
    expect(verify(token)).toMatchObject({ azp: 'app-short', preferred_username: 'ivan' });
    const [head, payload, signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...claimsOf(token), preferred_username: 'mallory' })).toString('base64url');
    expect(verify(`${head}.${forged}.${signature}`)).toBeNull();
    expect(verify(`${head}.${payload}.${signature!.slice(0, -4)}AAAA`)).toBeNull();
    expect(verify(String(body.refresh_token))).toBeNull(); // HS512, and typ Refresh
  });

  it(`an 8 s import w/ ${LIFESPAN_S} s access tokens: renewed mid-poll, the outcome is read`, async () => {
    const password = passwordOf('ivan');
    const marks = { requests: transfer.requests.length, accepted: accepted.size };
    const result = await runAction(
      {
        authority: server().issuer,
        'client-id': 'app-short',
        username: 'ivan',
        password,
        'transfer-url': transfer.url,
        dataspace: 'design',
        file: CSV,
        'poll-interval': '1',
      },
      { cwd: work },
    );
    expect(result.code, result.stdout).toBe(0);
    expect(result.outputs.outcome).toBe('Success');
    const requests = transfer.requests.slice(marks.requests);
    expect(requests.filter((r) => r.status === 401).length, 'the old token was refused mid-poll').toBeGreaterThanOrEqual(1);
    expect(accepted.size - marks.accepted, 'a second, renewed token was accepted').toBeGreaterThanOrEqual(2);
    expect(result.stdout).toContain('The access token was refused while checking request');
    // Both tokens crossed the wire: the leak scan covers the ones the simulator saw, and the outputs.
    const bearer = requests.map((r) => /^Bearer (\S+)$/.exec(String(r.headers.authorization ?? ''))?.[1]).filter((t): t is string => Boolean(t));
    expectNoLeaks(result, [password, ...bearer, ...tokensOf(result.outputs)], TOKEN_OUTPUTS);
  }, 40_000);
});
