/**
 * The page the browser is left on says "Signed in" only once login has checked the tokens too: a
 * refresh token that is not offline when --offline asked for one fails the sign-in after the code
 * exchange. (Keycloak drops offline_access so only in the device flow; in the browser flow it refuses
 * it on the authorization page, so this answer is scripted.)
 */
import { describe, expect, it, vi } from 'vitest';
import { runLogin } from '../../../src/cli/login.js';
import { loginServers } from '../../support/login.js';
import { scriptedServer } from '../../support/scripted.js';
import { unsignedJwt } from '../../support/unit.js';

const servers = loginServers();
const jwt = unsignedJwt;

describe('login --offline, browser flow: a refresh token that is not offline', () => {
  it('the command fails, saying offline_access was dropped; the browser says the sign-in failed', async () => {
    let base = '';
    const idp = await scriptedServer((r) => {
      if (r.path.endsWith('/.well-known/openid-configuration'))
        return { body: { issuer: base, token_endpoint: `${base}/token`, authorization_endpoint: `${base}/auth` } };
      if (r.path.endsWith('/token'))
        return { body: { access_token: jwt({}), token_type: 'Bearer', expires_in: 300, refresh_token: jwt({ typ: 'Refresh' }), scope: 'openid' } };
      return { body: '<html><title>Sign in</title></html>' };
    });
    servers.push(idp);
    base = `${idp.url}/realms/r`;
    let page: Promise<string> | undefined;
    const stderr: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      stderr.push(String(chunk));
      const m = /(http:\/\/127\.0\.0\.1:\d+\/realms\/r\/auth\?\S+)/.exec(String(chunk));
      if (m && !page) {
        const url = new URL(m[1] as string);
        const back = new URL(url.searchParams.get('redirect_uri') ?? '');
        back.search = new URLSearchParams({ state: url.searchParams.get('state') ?? '', code: 'c' }).toString();
        page = fetch(back).then((r) => r.text());
      }
      return true;
    });
    await runLogin(['--authority', base, '--flow', 'browser', '--no-open', '--offline', '--allow-insecure-http', '--print'], {});
    expect(process.exitCode).toBe(1);
    expect(stderr.join('')).toMatch(/offline/i);
    expect(page).toBeDefined();
    const text = await page;
    expect(text).toContain('<h1>Sign-in failed</h1>');
    expect(text).not.toContain('<h1>Signed in</h1>');
  });
});
