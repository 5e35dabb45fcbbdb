/**
 * The sign-in endpoints come from the authority's own discovery document, on the authority's own
 * origin, as the token endpoint does (src/oidc/discovery.ts): a document that sends the browser, or
 * the device request, elsewhere is refused before anyone signs in on a page it names.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DotstatError } from '../../../src/errors.js';
import { discoverSignIn } from '../../../src/login/endpoints.js';
import { scriptedServer, type ScriptedServer } from '../../support/scripted.js';
import { HTTP, fastRetry } from '../../support/unit.js';

let idp: ScriptedServer | undefined;
afterEach(async () => idp?.close());

async function discovery(endpoints: (base: string) => Record<string, unknown>): Promise<URL> {
  idp = await scriptedServer(() => ({
    body: { issuer: `${base}/realms/r`, token_endpoint: `${base}/realms/r/protocol/openid-connect/token`, ...endpoints(base) },
  }));
  const base = idp.url;
  return new URL(`${base}/realms/r`);
}

describe('discoverSignIn()', () => {
  it('the realm’s own endpoints: taken', async () => {
    const authority = await discovery((b) => ({
      authorization_endpoint: `${b}/realms/r/protocol/openid-connect/auth`,
      device_authorization_endpoint: `${b}/realms/r/protocol/openid-connect/auth/device`,
      code_challenge_methods_supported: ['plain', 'S256'],
    }));
    const endpoints = await discoverSignIn(authority, HTTP, fastRetry());
    expect(endpoints.authorization?.pathname).toBe('/realms/r/protocol/openid-connect/auth');
    expect(endpoints.device?.pathname).toBe('/realms/r/protocol/openid-connect/auth/device');
    expect(endpoints.pkceMethods).toEqual(['plain', 'S256']);
  });

  for (const field of ['authorization_endpoint', 'device_authorization_endpoint']) {
    for (const elsewhere of ['https://evil.example/auth', 'http://127.0.0.2:1/auth', 'http://localhost:1/auth']) {
      it(`${field} on another origin (${elsewhere}): refused, naming the field and both origins`, async () => {
        const authority = await discovery(() => ({ [field]: elsewhere }));
        const error = (await discoverSignIn(authority, HTTP, fastRetry()).catch((e: unknown) => e)) as DotstatError;
        expect(error).toBeInstanceOf(DotstatError);
        expect(error.code).toBe('TOKEN_ENDPOINT_ORIGIN');
        expect(error.message).toContain(field);
        expect(error.message).toContain(new URL(elsewhere).origin);
        expect(error.message).toContain(authority.origin);
      });
    }
  }

  it('a scheme other than http(s) (javascript:, file:): refused, never handed to a browser', async () => {
    for (const bad of ['javascript:alert(1)', 'file:///etc/passwd']) {
      const authority = await discovery(() => ({ authorization_endpoint: bad }));
      const error = (await discoverSignIn(authority, HTTP, fastRetry()).catch((e: unknown) => e)) as DotstatError;
      expect(error).toBeInstanceOf(DotstatError);
      await idp?.close();
    }
  });
});
