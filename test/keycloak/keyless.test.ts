/**
 * Keyless sign-in against the real Keycloak: stand-in GitHub and GitLab issuers on 127.0.0.1 are
 * trusted by identity providers (supports client assertions), and federated-jwt clients bind each
 * to one `sub`, all created through the admin REST API's per-resource endpoints. The action
 * (dist/index.js) mints its ID token from the stand-in runner endpoint; the command line reads
 * DOTSTAT_ID_TOKEN, as in a GitLab job with id_tokens:.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTransfer, type Transfer } from '../fixtures/transfer.mjs';
import { ROOT, expectMasked, expectNoLeaks, expectNoWorkflowCommands, runAction, type RunResult } from '../support/harness.js';
import { defaultClaims, startCiIssuer, type CiIssuer } from './ci-issuer.js';
import { distributionDir } from '../../scripts/lib/keycloak-dist.mjs';
import { TOKEN_OUTPUTS, admin, claimsOf, describeKeycloak, jwksVerifier, secretOf, server, tokenRequest, tokensOf } from './support.js';

const CLI = join(ROOT, 'dist/cli.js');
const GH_SUB = 'repo:octo-org/sdmx-data:ref:refs/heads/main';
const GL_SUB = 'project_path:stats/sdmx-data:ref_type:branch:ref:main';
const CSV = 'data/sample-sdmx-csv-1.0.csv';

async function created(res: Response, what: string): Promise<void> {
  if (res.status !== 201 && res.status !== 409) throw new Error(`${what}: HTTP ${res.status} ${await res.text()}`);
}

/** An identity provider trusting `issuer` for client assertions, and a federated-jwt client bound to `sub`. */
async function trust(alias: string, issuer: string, clientId: string, sub: string, extra: Record<string, string> = {}): Promise<void> {
  await created(
    await admin('POST', '/identity-provider/instances', {
      alias,
      providerId: 'oidc',
      enabled: true,
      config: {
        issuer,
        useJwksUrl: 'true',
        jwksUrl: `${issuer}/.well-known/jwks`,
        validateSignature: 'true',
        supportsClientAssertions: 'true',
        clientId: alias,
        clientSecret: 'unused',
        tokenUrl: `${issuer}/token`,
        authorizationUrl: `${issuer}/authorize`,
        ...extra,
      },
    }),
    `identity provider ${alias}`,
  );
  await created(
    await admin('POST', '/clients', {
      clientId,
      enabled: true,
      publicClient: false,
      clientAuthenticatorType: 'federated-jwt',
      serviceAccountsEnabled: true,
      standardFlowEnabled: false,
      directAccessGrantsEnabled: false,
      // 5-second access tokens, so that a long poll has to renew.
      attributes: { 'jwt.credential.issuer': alias, 'jwt.credential.sub': sub, 'access.token.lifespan': '5' },
    }),
    `client ${clientId}`,
  );
}

describeKeycloak('keyless sign-in w/ a real Keycloak', () => {
  let github: CiIssuer;
  let gitlab: CiIssuer;
  let stranger: CiIssuer;
  let verify: Awaited<ReturnType<typeof jwksVerifier>>;
  const suffix = randomUUID().slice(0, 8);
  const ghClient = `keyless-gh-${suffix}`;
  const glClient = `keyless-gl-${suffix}`;

  beforeAll(async () => {
    [github, gitlab, stranger] = await Promise.all([startCiIssuer('github'), startCiIssuer('gitlab'), startCiIssuer('github')]);
    verify = await jwksVerifier();
    await trust(`gh-${suffix}`, github.url, ghClient, GH_SUB);
    // GitLab's token is minted at job start and used again for each renewal.
    await trust(`gl-${suffix}`, gitlab.url, glClient, GL_SUB, { supportsClientAssertionReuse: 'true', fedClientAssertionMaxExp: '3600' });
  });
  afterAll(async () => {
    await Promise.all([github?.close(), gitlab?.close(), stranger?.close()]);
  });

  const runnerEnv = () => ({ ACTIONS_ID_TOKEN_REQUEST_URL: github.requestUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: github.requestToken });
  const action = (inputs: Record<string, string>, env: Record<string, string> = runnerEnv()) =>
    runAction({ authority: server().issuer, 'client-id': ghClient, ...inputs }, { env });
  const cli = (env: Record<string, string>, args: string[] = []) =>
    runAction(
      {},
      {
        entry: CLI,
        args,
        env: { GITLAB_CI: 'true', DOTSTAT_DOTENV: '', DOTSTAT_AUTHORITY: server().issuer, DOTSTAT_CLIENT_ID: glClient, ...env },
        github: false,
        inputsAsEnv: false,
      },
    );
  const failure = (result: RunResult) => `${result.stdout}\n${result.stderr}`;
  const secretsOf = (result: RunResult, ...more: string[]) => [...github.minted, github.requestToken, ...tokensOf(result.outputs), ...more];

  it('GitHub: dist/index.js mints the ID token for the realm URL and gets a service-account token, with no secret', async () => {
    const mark = github.minted.length;
    github.override = {};
    const result = await action({});
    expect(result.code, failure(result)).toBe(0);
    expect(result.outputs['grant-type']).toBe('keyless');
    expect(verify(result.outputs['access-token']!)).toMatchObject({ azp: ghClient, preferred_username: `service-account-${ghClient}` });
    const minted = github.minted.slice(mark);
    expect(minted).toHaveLength(1);
    expect(claimsOf(minted[0]).aud).toBe(server().issuer);
    expectMasked(result, [minted[0]!, github.requestToken]);
    expectNoLeaks(result, secretsOf(result), TOKEN_OUTPUTS);
    // The debug output holds the text of keyless-setup, once (not at each renewal), with no token.
    expect(result.stdout.split('::debug::Keyless: the Keycloak setup that trusts this job').length).toBe(2);
    expect(result.stdout).toContain(`::debug::sub: ${GH_SUB}`);
    expect(result.stdout).toContain(`::debug::kcadm.sh create clients -r ${server().realm} -f client.json`);
  });

  it('GitHub: no permission id-token: write (the runner sets no request URL) is said so, with the YAML to add', async () => {
    const explicit = await action({ 'grant-type': 'keyless' }, {});
    expect(explicit.code).toBe(1);
    expect(explicit.stdout).toContain('is keyless, but this job has no OpenID Connect ID token and cannot mint one');
    expect(explicit.stdout).toContain('id-token: write');
    const auto = await action({}, {});
    expect(auto.code).toBe(1);
    expect(auto.stdout).toContain('on GitHub give the job permissions: id-token: write');
  });

  it.for([
    {
      name: 'wrong sub (another branch)',
      override: { sub: 'repo:octo-org/sdmx-data:ref:refs/heads/feature' },
      inputs: {},
      says: [
        'HTTP 401, invalid_client: Invalid client or Invalid client credentials',
        'sub repo:octo-org/sdmx-data:ref:refs/heads/feature',
        'jwt.credential.sub',
      ],
    },
    {
      name: 'wrong aud (the token URL)',
      override: {},
      inputs: { audience: 'the token URL' },
      says: ['Invalid token audience', 'Keycloak expects aud to be exactly its realm URL'],
    },
    { name: 'expired', override: { iat: 'OLD', nbf: 'OLD', exp: 'PAST' }, inputs: {}, says: ['Token is not active', 'The ID token has expired'] },
    {
      name: "issued too long ago (the provider's maximum assertion age)",
      override: { iat: 'OLD', nbf: 'OLD' },
      inputs: {},
      says: ['Token was issued too far in the past to be used now', 'fedClientAssertionMaxExp'],
    },
  ])('GitHub refusal: $name, each with its own message', async ({ override, inputs, says }) => {
    const now = Math.floor(Date.now() / 1000);
    const times: Record<string, number> = { OLD: now - 400, PAST: now - 60 };
    github.override = Object.fromEntries(Object.entries(override).map(([k, v]) => [k, times[v] ?? v]));
    const audience: Record<string, string> = 'audience' in inputs ? { audience: `${server().issuer}/protocol/openid-connect/token` } : {};
    const result = await action(audience);
    github.override = {};
    expect(result.code).toBe(1);
    for (const text of says) expect(result.stdout).toContain(text);
    expectNoLeaks(result, secretsOf(result));
  });

  it("the real server: client_id may be left out; another federated client's id is refused, and so is a secret client's", async () => {
    const assertion = (clientId?: string) => ({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: github.sign(defaultClaims('github', github.url, server().issuer)),
      ...(clientId ? { client_id: clientId } : {}),
    });
    const without = await tokenRequest(assertion());
    expect(without.status).toBe(200);
    expect(verify(String(without.body.access_token))).toMatchObject({ azp: ghClient });
    expect(await tokenRequest(assertion(glClient))).toEqual({
      status: 400,
      body: { error: 'invalid_client', error_description: 'client_id parameter does not match authenticated client' },
    });
    expect(await tokenRequest(assertion('svc'))).toMatchObject({ status: 401, body: { error: 'unauthorized_client' } });
  });

  it('command line: the same ID token twice, where the provider allows no reuse: "Token reuse detected", explained', async () => {
    const token = github.sign(defaultClaims('github', github.url, server().issuer));
    const env = { DOTSTAT_ID_TOKEN: token, DOTSTAT_CLIENT_ID: ghClient };
    const first = await cli(env);
    expect(first.code, failure(first)).toBe(0);
    const again = await cli(env);
    expect(again.code).toBe(1);
    expect(failure(again)).toContain('Token reuse detected');
    expect(failure(again)).toContain('supportsClientAssertionReuse');
    for (const r of [first, again]) {
      expectNoLeaks(r, [token]);
      expectNoWorkflowCommands(r);
    }
  });

  it('command line: an untrusted issuer, and a token of the trusted issuer signed with another key, show iss and sub to check', async () => {
    const foreign = stranger.sign(defaultClaims('github', stranger.url, server().issuer));
    const untrusted = await cli({ DOTSTAT_ID_TOKEN: foreign, DOTSTAT_CLIENT_ID: ghClient });
    expect(untrusted.code).toBe(1);
    expect(failure(untrusted)).toContain(`iss ${stranger.url}, sub ${GH_SUB}`);
    expect(failure(untrusted)).toContain('no identity provider trusts this iss');
    const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const forged = github.sign(defaultClaims('github', github.url, server().issuer), otherKey);
    const badSignature = await cli({ DOTSTAT_ID_TOKEN: forged, DOTSTAT_CLIENT_ID: ghClient });
    expect(badSignature.code).toBe(1);
    expect(failure(badSignature)).toContain('Invalid client or Invalid client credentials');
    expect(failure(badSignature)).toContain('the signature does not verify');
    expectNoLeaks(untrusted, [foreign]);
    expectNoLeaks(badSignature, [forged]);
  });

  it('GitLab: the command line signs in with DOTSTAT_ID_TOKEN (id_tokens:), the same token again in a later job too', async () => {
    const token = gitlab.sign(defaultClaims('gitlab', gitlab.url, server().issuer));
    for (let job = 0; job < 2; job++) {
      const result = await cli({ DOTSTAT_ID_TOKEN: token });
      expect(result.code, failure(result)).toBe(0);
      expect(result.stdout).toContain('Got an access token with the keyless grant');
      expectNoLeaks(result, [token]);
      expectNoWorkflowCommands(result);
    }
  });

  it('keyless-setup: claims without the token, the names-only warning, and a configuration that, applied as printed, signs in', async () => {
    const fresh = await startCiIssuer('gitlab');
    try {
      const token = fresh.sign(defaultClaims('gitlab', fresh.url, server().issuer));
      const clientId = `keyless-setup-${suffix}`;
      const setup = await runAction(
        {},
        {
          entry: CLI,
          args: ['keyless-setup'],
          env: { GITLAB_CI: 'true', DOTSTAT_DOTENV: '', DOTSTAT_AUTHORITY: server().issuer, DOTSTAT_CLIENT_ID: clientId, DOTSTAT_ID_TOKEN: token },
          github: false,
          inputsAsEnv: false,
        },
      );
      expect(setup.code, failure(setup)).toBe(0);
      expect(setup.stdout).toContain(
        `iss: ${fresh.url}\nsub: ${GL_SUB}\naud: ${server().issuer} (Keycloak requires exactly ${server().issuer})\nproject_id: 31337\n`,
      );
      expect(setup.stdout).toContain('Warning: The sub names the project by path only');
      expect(setup.stdout).toContain(`kcadm.sh create clients -r ${server().realm} -f client.json`);
      expectNoLeaks(setup, [token, token.split('.')[2]!]);
      const section = (name: string) => JSON.parse(new RegExp(`--- ${name}\\n([\\s\\S]*?)\\n---`).exec(setup.stdout)?.[1] ?? 'null') as unknown;
      await created(await admin('POST', '/identity-provider/instances', section('identity-provider.json')), 'printed identity provider');
      await created(await admin('POST', '/clients', section('client.json')), 'printed client');
      const signIn = await cli({ DOTSTAT_ID_TOKEN: token, DOTSTAT_CLIENT_ID: clientId });
      expect(signIn.code, failure(signIn)).toBe(0);
      expect(signIn.stdout).toContain('Got an access token with the keyless grant');
    } finally {
      await fresh.close();
    }
  });

  it('keyless-setup: the kcadm.sh commands, run as printed, make a realm that signs the GitHub job in', async () => {
    const fresh = await startCiIssuer('github');
    const home = mkdtempSync(join(tmpdir(), 'dotstat-kcadm-'));
    try {
      const clientId = `kcadm-${suffix}`;
      const token = fresh.sign(defaultClaims('github', fresh.url, server().issuer));
      const setup = await cli({ DOTSTAT_ID_TOKEN: token, DOTSTAT_CLIENT_ID: clientId, GITLAB_CI: '' }, ['keyless-setup']);
      expect(setup.code, failure(setup)).toBe(0);
      expectNoLeaks(setup, [token, token.split('.')[2]!]);
      const section = (name: string) => new RegExp(`--- ${name}\\n([\\s\\S]*?)\\n---`).exec(setup.stdout)?.[1] ?? '';
      writeFileSync(join(home, 'identity-provider.json'), section('identity-provider.json'));
      writeFileSync(join(home, 'client.json'), section('client.json'));
      const commands = setup.stdout.split('\n').filter((line) => line.startsWith('kcadm.sh create '));
      expect(commands).toHaveLength(2);
      // Signed in as the tier's admin client (the printed hint names a master-realm user), then the commands as printed.
      const kcadm = join(distributionDir(server().version), 'bin', 'kcadm.sh');
      const sh = (args: string) => execFileSync('sh', ['-c', args], { cwd: home, env: { ...process.env, HOME: home }, encoding: 'utf8', stdio: 'pipe' });
      const origin = new URL(server().issuer).origin;
      sh(`${kcadm} config credentials --server ${origin} --realm ${server().realm} --client tier-admin --secret ${secretOf('tier-admin')}`);
      for (const command of commands) sh(command.replace(/^kcadm\.sh/, kcadm));
      const signIn = await runAction(
        { authority: server().issuer, 'client-id': clientId },
        { env: { ACTIONS_ID_TOKEN_REQUEST_URL: fresh.requestUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: fresh.requestToken } },
      );
      expect(signIn.code, failure(signIn)).toBe(0);
      expect(signIn.outputs['grant-type']).toBe('keyless');
      expect(verify(signIn.outputs['access-token']!)).toMatchObject({ azp: clientId });
    } finally {
      await fresh.close();
      rmSync(home, { recursive: true, force: true });
    }
  }, 90_000);

  describeKeycloak('a long import (GitHub)', () => {
    let transfer: Transfer;
    let work: string;
    beforeAll(async () => {
      transfer = await startTransfer({ verifyToken: (token) => verify(token), scenario: () => ({ durationMs: 8_000 }) });
      work = mkdtempSync(join(tmpdir(), 'dotstat-kc-keyless-'));
      mkdirSync(join(work, 'data'));
      copyFileSync(join(ROOT, 'test', CSV), join(work, CSV));
    });
    afterAll(async () => {
      await transfer?.close();
      if (work) rmSync(work, { recursive: true, force: true });
    });

    it('an 8 s import w/ 5 s access tokens: renewed mid-poll with a freshly minted ID token', async () => {
      github.override = {};
      const mark = github.minted.length;
      const result = await runAction(
        { authority: server().issuer, 'client-id': ghClient, 'transfer-url': transfer.url, dataspace: 'design', file: CSV, 'poll-interval': '1' },
        { cwd: work, env: runnerEnv() },
      );
      expect(result.code, failure(result)).toBe(0);
      expect(result.outputs.outcome).toBe('Success');
      const minted = github.minted.slice(mark);
      expect(minted.length, 'one ID token at the start and one per renewal').toBeGreaterThanOrEqual(2);
      expect(new Set(minted.map((t) => claimsOf(t).jti)).size).toBe(minted.length);
      // The setup text is shown at the first exchange only, not again at each renewal.
      expect(result.stdout.split('::debug::Keyless: the Keycloak setup that trusts this job').length).toBe(2);
      // Renewed ahead of its end, or after a 401 where Keycloak's whole-second exp ended it sooner.
      expect(result.stdout).toMatch(
        /The access token is about to expire; renewing it first \(while checking request|The access token was refused while checking request/,
      );
      expectNoLeaks(result, secretsOf(result), TOKEN_OUTPUTS);
    }, 40_000);
  });
});
