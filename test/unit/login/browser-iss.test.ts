/**
 * RFC 9207: where the provider says it sends `iss` in the authorization response (Keycloak does,
 * authorization_response_iss_parameter_supported: true), a callback whose `iss` is another issuer,
 * or none, is a mix-up and its code is never exchanged.
 * @see https://www.rfc-editor.org/rfc/rfc9207#section-2.4
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LoginError } from '../../../src/errors.js';
import { browserSignIn } from '../../../src/login/browser.js';
import type { SignInContext } from '../../../src/login/context.js';
import { scriptedServer, type Scripted, type ScriptedServer } from '../../support/scripted.js';
import { HTTP, fastRetry, recordingLogger } from '../../support/unit.js';

let idp: ScriptedServer | undefined;
afterEach(async () => idp?.close());

const TOKENS = { body: { access_token: 'a.b.c', token_type: 'Bearer', expires_in: 300, refresh_token: 'r.r.r', refresh_expires_in: 1800 } };

/** Keycloak's refusal of a code it no longer takes (a second use, or one past its lifespan). */
const CODE_REFUSED = { status: 400, body: { error: 'invalid_grant', error_description: 'Code not valid' } };

/**
 * Signs in with a callback that carries `iss` (computed from the authority the server listens on), or none;
 * with what the browser was left on.
 */
async function signIn(
  iss: ((authority: string) => string) | undefined,
  issInResponse: boolean | undefined,
  exchange: Scripted = TOKENS,
): Promise<{ result: unknown; exchanged: number; page: string }> {
  idp = await scriptedServer((r) => (r.path.endsWith('/token') ? exchange : { body: '<html><title>Sign in</title></html>' }));
  const authority = new URL(`${idp.url}/realms/r`);
  const ctx: SignInContext = {
    authority,
    clientId: 'app',
    realm: 'r',
    scope: 'openid',
    endpoints: { token: new URL(`${authority.href}/token`), authorization: new URL(`${authority.href}/auth`), issInResponse },
    http: HTTP,
    retry: fastRetry(),
    log: recordingLogger(),
    secret: () => undefined,
  };
  const open = async (href: string) => {
    const url = new URL(href);
    const back = new URL(url.searchParams.get('redirect_uri') ?? '');
    const query: Record<string, string> = { state: url.searchParams.get('state') ?? '', code: 'the-code' };
    if (iss) query.iss = iss(authority.href);
    back.search = new URLSearchParams(query).toString();
    landed = fetch(back).then((res) => res.text());
    return true;
  };
  let landed: Promise<string> = Promise.resolve('');
  const result = await browserSignIn(ctx, { timeoutMs: 5000, open }).catch((e: unknown) => e);
  return { result, exchanged: idp.requests.filter((r) => r.path.endsWith('/token')).length, page: await landed };
}

describe('browserSignIn() and iss (RFC 9207)', () => {
  it.each([
    ['the authority', (a: string) => a, true],
    ['the authority with a trailing slash', (a: string) => `${a}/`, true],
    ['none, where the provider does not say it sends one', undefined, undefined],
  ] as const)('iss %s: exchanged', async (_, iss, supported) => {
    const { result, exchanged, page } = await signIn(iss, supported);
    expect(exchanged).toBe(1);
    expect(result).toMatchObject({ refreshToken: 'r.r.r' });
    expect(page).toContain('<h1>Signed in</h1>');
  });

  it.each([true, undefined])('another issuer (iss supported: %s): refused, the code never exchanged', async (supported) => {
    const { result, exchanged, page } = await signIn(() => 'https://evil.example/realms/r', supported);
    expect(exchanged).toBe(0);
    expect(page).toContain('<h1>Sign-in failed</h1>');
    expect(result).toBeInstanceOf(LoginError);
    expect((result as LoginError).code).toBe('CALLBACK_ERROR');
    expect((result as LoginError).message).toContain('https://evil.example/realms/r');
  });

  it('no iss where the provider says it sends one: refused', async () => {
    const { result, exchanged } = await signIn(undefined, true);
    expect(exchanged).toBe(0);
    expect((result as LoginError).code).toBe('CALLBACK_ERROR');
  });
});

describe('browserSignIn(): the page the browser is left on', () => {
  it('the code refused at the exchange: the IdP error in the terminal, "Sign-in failed" in the browser, never "Signed in"', async () => {
    const { result, exchanged, page } = await signIn((a) => a, true, CODE_REFUSED);
    expect(exchanged).toBe(1);
    expect((result as Error).message).toContain('invalid_grant');
    expect(page).toContain('<h1>Sign-in failed</h1>');
    expect(page).not.toContain('Signed in');
    // Nothing the server said is put on the page.
    expect(page).not.toContain('Code not valid');
  });
});
