/**
 * `dotstat-action login` against the real Keycloak, with a real headless Chromium doing the
 * person's part on Keycloak's own pages: the browser flow (the URL login prints) and the device
 * flow (the verification URL and the user code), each ending with the refresh token stored and
 * then used; every refusal with the server's own answer; no token in any output unless asked.
 * The clients and the user are created through the admin REST API, one set per run.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { browserSignIn, deviceSignIn, hasChromium, launchChromium, type Person } from './browser.js';
import { startLogin, type LoginRun } from './login-cli.js';
import { admin, claimsOf, describeKeycloak, passwordOf, server, tokenRequest } from './support.js';
import { startGithubApi } from '../fixtures/github-api.mjs';
import { startGitlabApi } from '../fixtures/gitlab-api.mjs';

const suffix = randomUUID().slice(0, 8);
const person: Person = { username: `lena-${suffix}`, password: `lena-${suffix}-password` };
const id = (name: string) => `login-${name}-${suffix}`;
const LOOPBACK = ['http://127.0.0.1/*'];
const DEVICE = { 'oauth2.device.authorization.grant.enabled': 'true', 'oauth2.device.polling.interval': '1' };

/** Every client the tests sign in with: each one a Keycloak setting the errors name. */
const CLIENTS: Record<string, Record<string, unknown>> = {
  app: { redirectUris: LOOPBACK, attributes: DEVICE },
  pkce: { redirectUris: LOOPBACK, attributes: { ...DEVICE, 'pkce.code.challenge.method': 'S256' } },
  plain: { redirectUris: LOOPBACK, attributes: { 'pkce.code.challenge.method': 'plain' } },
  nodevice: { redirectUris: LOOPBACK },
  noredirect: { redirectUris: ['https://app.example.org/*'], attributes: DEVICE },
  consent: { redirectUris: LOOPBACK, consentRequired: true, attributes: DEVICE },
  short: { redirectUris: LOOPBACK, attributes: { ...DEVICE, 'oauth2.device.code.lifespan': '2' } },
  nooffline: { redirectUris: LOOPBACK, attributes: DEVICE, optionalClientScopes: [] },
  deviceonly: { redirectUris: LOOPBACK, standardFlowEnabled: false, attributes: DEVICE },
};

async function created(res: Response, what: string): Promise<void> {
  if (res.status !== 201 && res.status !== 409) throw new Error(`${what}: HTTP ${res.status} ${await res.text()}`);
}

/** The tokens of a run's outputs must not be there; nor anything shaped like a JWT. */
function expectNoTokens(text: string, tokens: readonly string[]): void {
  for (const token of tokens) expect(text).not.toContain(token);
  expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/);
}

/** Nothing listens on the loopback port any more. */
function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(true));
  });
}

const GH_WRITER = 'github_pat_login_writer_0000000000000000';
const GL_WRITER = 'glpat-login-writer-00000000';

const portOf = (url: string) => Number(new URL(new URL(url).searchParams.get('redirect_uri') ?? '').port);

describeKeycloak('login w/ a real Keycloak', () => {
  let browser: Browser | undefined;
  let dir: string;
  let github: Awaited<ReturnType<typeof startGithubApi>>;
  let gitlab: Awaited<ReturnType<typeof startGitlabApi>>;
  const authority = () => server().issuer;
  const args = (client: string, ...more: string[]) => ['--authority', authority(), '--client-id', id(client), '--no-open', ...more];
  const needsBrowser = hasChromium ? it : it.skip;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'login-'));
    for (const [name, extra] of Object.entries(CLIENTS))
      await created(
        await admin('POST', '/clients', {
          clientId: id(name),
          enabled: true,
          publicClient: true,
          standardFlowEnabled: true,
          directAccessGrantsEnabled: false,
          ...extra,
        }),
        `client ${name}`,
      );
    await created(
      await admin('POST', '/users', {
        username: person.username,
        enabled: true,
        email: `${person.username}@example.org`,
        emailVerified: true,
        firstName: 'Lena',
        lastName: 'Login',
        credentials: [{ type: 'password', value: person.password, temporary: false }],
      }),
      'user',
    );
    if (hasChromium) browser = await launchChromium();
    github = await startGithubApi({
      repos: ['sis-cc/pub'],
      environments: ['sis-cc/pub/publish'],
      tokens: { [GH_WRITER]: { repos: ['sis-cc/pub'], grants: ['secrets', 'environments'] } },
    });
    gitlab = await startGitlabApi({ projects: [{ id: 42, path: 'stats/publish' }], tokens: { [GL_WRITER]: { projects: ['42', 'stats/publish'] } } });
  }, 60_000);

  afterAll(async () => {
    await Promise.all([browser?.close(), github?.close(), gitlab?.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  /** Starts a browser-flow login, and hands back the URL it printed. */
  async function browserLogin(client: string, ...more: string[]): Promise<{ run: LoginRun; url: string }> {
    const run = startLogin(args(client, '--flow', 'browser', ...more));
    const [url = ''] = await run.waitFor(/^https?:\/\/\S+\/protocol\/openid-connect\/auth\?\S+$/m);
    return { run, url };
  }

  needsBrowser('browser flow w/ --offline: the offline refresh token is stored in a file (0600), works, and is never shown', async () => {
    const file = join(dir, 'browser.token');
    const { run, url } = await browserLogin('app', '--offline', '--store', `file:${file}`);
    const page = await browserSignIn(browser!, url, person);
    expect(page).toMatch(/^Signed in\b/);
    expect(page).toContain('You can close this window');
    const result = await run.done;
    expect(result.code, result.stderr).toBe(0);
    const stored = readFileSync(file, 'utf8').trim();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(claimsOf(stored).typ).toBe('Offline');
    expect(result.stderr).toContain('with the browser flow: as --flow asked');
    expect(result.stderr).toContain(`Signed in as ${person.username}`);
    expect(result.stderr).toMatch(/offline token.*refresh_expires_in of 0 means it has no fixed end/);
    expect(result.stderr).toContain(`Stored the refresh token in the file ${file} (mode 0600)`);
    expect(result.stdout).toBe('');
    expectNoTokens(result.stdout + result.stderr, [stored]);
    // Used: a refresh grant with the stored token succeeds.
    const refresh = await tokenRequest({ grant_type: 'refresh_token', client_id: id('app'), refresh_token: stored });
    expect(refresh.status).toBe(200);
    expect(await refused(portOf(url))).toBe(true);
  });

  needsBrowser('auto w/ a display: the browser flow, the system browser ($BROWSER) opened on the URL, which signs in', async () => {
    const opened = join(dir, 'opened.url');
    const opener = join(dir, 'open-browser.sh');
    writeFileSync(opener, `#!/bin/sh\nprintf '%s' "$1" > '${opened}'\n`, { mode: 0o755 });
    const file = join(dir, 'opened.token');
    const run = startLogin(['--authority', authority(), '--client-id', id('app'), '--store', `file:${file}`], { DISPLAY: ':99', BROWSER: opener });
    await run.waitFor(/A browser window was opened to sign in/);
    await expect.poll(() => existsSync(opened) && readFileSync(opened, 'utf8').length > 0).toBe(true);
    await browserSignIn(browser!, readFileSync(opened, 'utf8'), person);
    const result = await run.done;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('with the browser flow: a browser can be opened here');
    expect((await tokenRequest({ grant_type: 'refresh_token', client_id: id('app'), refresh_token: readFileSync(file, 'utf8').trim() })).status).toBe(200);
  });

  needsBrowser('device flow (auto: no display) w/ a client that enforces PKCE: asks again with S256, the token is stored and works', async () => {
    const file = join(dir, 'device.token');
    const run = startLogin(['--authority', authority(), '--client-id', id('pkce'), '--offline', '--store', `file:${file}`]);
    const [, uri = '', code = ''] = await run.waitFor(/open (\S+) on any device and enter the code (\S+)/);
    expect(await deviceSignIn(browser!, uri, code, person)).toMatch(/Device Login Successful/i);
    const result = await run.done;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('with the device flow: no browser can be opened here: there is no display');
    expect(result.stderr).toContain('requires PKCE for the device flow (Missing parameter: code_challenge_method): asking again with S256');
    const stored = readFileSync(file, 'utf8').trim();
    expect(claimsOf(stored).typ).toBe('Offline');
    expectNoTokens(result.stdout + result.stderr, [stored]);
    expect((await tokenRequest({ grant_type: 'refresh_token', client_id: id('pkce'), refresh_token: stored })).status).toBe(200);
  });

  needsBrowser('browser flow into a new GitHub environment secret (sealed box, confirmed by its updated_at): the stand-in opens it and it works', async () => {
    const run = startLogin(args('app', '--flow', 'browser', '--offline', '--store', 'github-secret:sis-cc/pub/env/publish/DOTSTAT_REFRESH_TOKEN'), {
      GITHUB_API_URL: github.url,
      GH_TOKEN: GH_WRITER,
    });
    const [url = ''] = await run.waitFor(/^https?:\/\/\S+\/protocol\/openid-connect\/auth\?\S+$/m);
    await browserSignIn(browser!, url, person);
    const result = await run.done;
    expect(result.code, result.stderr).toBe(0);
    const stored = github.secret('repos/sis-cc/pub/environments/publish', 'DOTSTAT_REFRESH_TOKEN');
    expect(claimsOf(stored?.value).typ).toBe('Offline');
    expect(result.stderr).toMatch(/Stored the refresh token in the GitHub Actions secret DOTSTAT_REFRESH_TOKEN .*updated_at \d{4}-/);
    expectNoTokens(result.stdout + result.stderr, [String(stored?.value), GH_WRITER]);
    expect((await tokenRequest({ grant_type: 'refresh_token', client_id: id('app'), refresh_token: String(stored?.value) })).status).toBe(200);
  });

  needsBrowser('device flow into a new GitLab CI/CD variable (masked; its flags read back): the stand-in holds it and it works', async () => {
    const run = startLogin(args('app', '--flow', 'device', '--store', 'gitlab-variable:stats/publish/DOTSTAT_REFRESH_TOKEN'), {
      CI_API_V4_URL: gitlab.url,
      GITLAB_TOKEN: GL_WRITER,
    });
    const [, uri = '', code = ''] = await run.waitFor(/open (\S+) on any device and enter the code (\S+)/);
    await deviceSignIn(browser!, uri, code, person);
    const result = await run.done;
    expect(result.code, result.stderr).toBe(0);
    const variable = gitlab.variable(42, 'DOTSTAT_REFRESH_TOKEN');
    expect(variable?.masked).toBe(true);
    expect(result.stderr).toMatch(/Stored the refresh token in the CI\/CD variable DOTSTAT_REFRESH_TOKEN of project stats\/publish \(.*masked/);
    expectNoTokens(result.stdout + result.stderr, [String(variable?.value), GL_WRITER]);
    expect((await tokenRequest({ grant_type: 'refresh_token', client_id: id('app'), refresh_token: String(variable?.value) })).status).toBe(200);
  });

  it('a file in a folder that does not exist, or a link, is refused before anyone signs in', async () => {
    const missing = await startLogin(args('app', '--flow', 'browser', '--store', `file:${join(dir, 'no-such-folder', 'x.token')}`)).done;
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no-such-folder does not exist');
    symlinkSync('/etc/hostname', join(dir, 'link.token'));
    const link = await startLogin(args('app', '--flow', 'browser', '--store', `file:${join(dir, 'link.token')}`)).done;
    expect(link.code).toBe(1);
    expect(link.stderr).toContain('a link is never followed');
    for (const result of [missing, link]) expect(result.stderr).not.toContain('/protocol/openid-connect/auth?');
  });

  it('a store that lacks its token is refused before anyone signs in', async () => {
    const result = await startLogin(args('app', '--flow', 'browser', '--store', 'github-secret:sis-cc/pub/DOTSTAT_REFRESH_TOKEN'), {
      GITHUB_API_URL: github.url,
    }).done;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('DOTSTAT_STORE_TOKEN or GH_TOKEN or GITHUB_TOKEN');
    expect(result.stderr).not.toContain('/protocol/openid-connect/auth?');
  });

  needsBrowser('--json prints the token answer on stdout (and only there), with one warning that it holds secrets', async () => {
    const { run, url } = await browserLogin('app', '--json');
    await browserSignIn(browser!, url, person);
    const result = await run.done;
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(json.token_type).toBe('Bearer');
    expect(claimsOf(String(json.refresh_token)).typ).toBe('Refresh');
    expect(result.stderr.match(/holds secrets/g)).toHaveLength(1);
    expectNoTokens(result.stderr, [String(json.refresh_token), String(json.access_token)]);
    expect((await tokenRequest({ grant_type: 'refresh_token', client_id: id('app'), refresh_token: String(json.refresh_token) })).status).toBe(200);
  });

  it('a forged callback (wrong state) is refused, the sign-in abandoned, and the listener gone', async () => {
    const { run, url } = await browserLogin('app', '--store', `file:${join(dir, 'forged.token')}`);
    const redirect = new URL(new URL(url).searchParams.get('redirect_uri') ?? '');
    const forged = await fetch(`${redirect.href}?state=forged&code=stolen-code`);
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('its state does not match');
    const result = await run.done;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('with a state that does not match this sign-in: it was refused, and the listener is closed');
    expect(await refused(Number(redirect.port))).toBe(true);
  });

  it("a callback w/ the right state but another issuer's iss (RFC 9207 mix-up): refused, its code never exchanged, the listener gone", async () => {
    // Keycloak says it sends iss in every authorization response: login then requires it.
    const discovery = (await (await fetch(`${authority()}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(discovery.authorization_response_iss_parameter_supported).toBe(true);
    const file = join(dir, 'mixup.token');
    const { run, url } = await browserLogin('app', '--store', `file:${file}`);
    const redirect = new URL(new URL(url).searchParams.get('redirect_uri') ?? '');
    const state = new URL(url).searchParams.get('state') ?? '';
    const other = authority().replace(/\/realms\/[^/]+$/, '/realms/other');
    const mixed = await fetch(`${redirect.href}?${new URLSearchParams({ state, code: 'a-code-from-elsewhere', iss: other })}`);
    // The page no longer says "Signed in" before the code is exchanged: this one never is.
    expect(mixed.status).toBe(500);
    expect(await mixed.text()).toContain('Sign-in failed');
    const result = await run.done;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`names the issuer ${other}`);
    expect(existsSync(file)).toBe(false);
    expect(await refused(Number(redirect.port))).toBe(true);
  });

  it('the browser was closed: the wait times out, says so, and the listener is gone', async () => {
    const { run, url } = await browserLogin('app', '--timeout', '2', '--store', `file:${join(dir, 'timeout.token')}`);
    const result = await run.done;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No sign-in came back within 2 s: the browser window may have been closed');
    expect(result.stderr).toContain('Login timeout');
    expect(await refused(portOf(url))).toBe(true);
  });

  it("a redirect URI the client does not allow: Keycloak's page, read before any browser opens, and the setting to change", async () => {
    const result = await startLogin(args('noredirect', '--flow', 'browser', '--store', `file:${join(dir, 'x.token')}`)).done;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('answered HTTP 400 ("Invalid parameter: redirect_uri"), so no browser was opened');
    expect(result.stderr).toContain('Valid redirect URIs: add http://127.0.0.1/*');
  });

  it('a client without the device flow: the real refusal, and the setting to change', async () => {
    const result = await startLogin(args('nodevice', '--flow', 'device', '--store', `file:${join(dir, 'x.token')}`)).done;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('unauthorized_client: Client is not allowed to initiate OAuth 2.0 Device Authorization Grant');
    expect(result.stderr).toContain('Capability config → OAuth 2.0 Device Authorization Grant');
  });

  it('auto w/ no display on a client without the device flow: falls back to the browser flow and says why', async () => {
    const run = startLogin(['--authority', authority(), '--client-id', id('nodevice'), '--timeout', '1', '--store', `file:${join(dir, 'x.token')}`]);
    const result = await run.done;
    expect(result.stderr).toContain('with the device flow: no browser can be opened here: there is no display');
    expect(result.stderr).toContain('Trying the browser flow instead');
    expect(result.stderr).toContain('No sign-in came back within 1 s');
  });

  it('auto w/ a display on a client without the standard flow: Keycloak refuses the browser flow, login falls back to the device flow', async () => {
    const run = startLogin(['--authority', authority(), '--client-id', id('deviceonly'), '--no-open', '--store', `file:${join(dir, 'x.token')}`], {
      DISPLAY: ':99',
    });
    await run.waitFor(/open (\S+) on any device and enter the code (\S+)/);
    run.kill();
    const text = run.stderr();
    expect(text).toContain('with the browser flow: a browser can be opened here');
    expect(text).toContain('Capability config → Standard flow');
    expect(text).toContain('Trying the device flow instead');
  });

  it("a client whose PKCE method is not S256: the server's answer, read before any browser opens, and the setting to change", async () => {
    const result = await startLogin(args('plain', '--flow', 'browser', '--store', `file:${join(dir, 'x.token')}`)).done;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('invalid_request: Invalid parameter: code challenge method is not matching the configured one');
    expect(result.stderr).toContain('Proof Key for Code Exchange Code Challenge Method');
  });

  needsBrowser('browser flow: the person says No on the consent page (access_denied)', async () => {
    const { run, url } = await browserLogin('consent', '--store', `file:${join(dir, 'x.token')}`);
    await browserSignIn(browser!, url, person, 'no');
    const result = await run.done;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('The sign-in was declined (access_denied)');
    expect(result.stderr).toContain('Login settings → Consent required');
  });

  needsBrowser('device flow: the person says No (access_denied from the token poll)', async () => {
    const run = startLogin(args('app', '--flow', 'device', '--store', `file:${join(dir, 'x.token')}`));
    const [, uri = '', code = ''] = await run.waitFor(/open (\S+) on any device and enter the code (\S+)/);
    expect(await deviceSignIn(browser!, uri, code, person, 'no')).toMatch(/Consent denied/i);
    const result = await run.done;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('access_denied: The end user denied the authorization request');
  });

  it("device flow: the code expires (expired_token, the server's own answer at expires_in)", async () => {
    const result = await startLogin(args('short', '--flow', 'device', '--store', `file:${join(dir, 'x.token')}`)).done;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('The code expires in 2 s');
    expect(result.stderr).toContain('expired_token: Device code is expired');
    expect(result.stderr).toContain('OAuth 2.0 Device Code Lifespan');
  });

  it('offline_access refused, browser flow: invalid_scope, and the client scope to add', async () => {
    const result = await startLogin(args('nooffline', '--flow', 'browser', '--offline', '--store', `file:${join(dir, 'x.token')}`)).done;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('invalid_scope: Invalid scopes: openid offline_access');
    expect(result.stderr).toContain('Client scopes → Add client scope → offline_access');
  });

  needsBrowser("offline_access refused for the user (no offline_access role): the server's answer, and the role to give", async () => {
    const { run, url } = await browserLogin('app', '--offline', '--store', `file:${join(dir, 'x.token')}`);
    // The person did sign in on Keycloak's page; the page that comes back says that the sign-in failed all the same.
    const page = await browserSignIn(browser!, url, { username: 'grace', password: passwordOf('grace') });
    expect(page).toContain('Sign-in failed');
    expect(page).toContain('The terminal says why');
    const result = await run.done;
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/not_allowed: Offline tokens not allowed for the user or client|invalid_scope/);
    expect(result.stderr).toContain('the realm role offline_access for the user');
  });

  needsBrowser('offline_access refused, device flow: Keycloak drops it silently; login notices and stores nothing', async () => {
    const file = join(dir, 'dropped.token');
    const run = startLogin(args('nooffline', '--flow', 'device', '--offline', '--store', `file:${file}`));
    const [, uri = '', code = ''] = await run.waitFor(/open (\S+) on any device and enter the code (\S+)/);
    await deviceSignIn(browser!, uri, code, person);
    const result = await run.done;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--offline asked for an offline token, but the identity provider gave a refresh token of type Refresh');
    expect(() => statSync(file)).toThrow();
  });
});
