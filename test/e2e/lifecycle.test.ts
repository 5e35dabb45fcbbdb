/**
 * The rest of the token's life in a job, through dist/ as the runner and a GitLab job run it:
 * the post step revokes what the job signed in (and leaves a stored refresh token's session
 * alone), `dotstat-action token` prints a valid token from the job's state (renewing it when due),
 * `dotstat-action revoke` ends the job, and `exec` keeps a long child's token fresh in
 * DOTSTAT_ACCESS_TOKEN_FILE: the child calls the Transfer simulator, which checks each token's
 * exact end, for longer than a token lives, and never gets a 401.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NAMESPACE_TAG } from '../../src/lifecycle/process.js';
import { sealHandoff } from '../../src/oidc/handoff.js';
import { startIdp, type Idp } from '../fixtures/idp.mjs';
import { startTransfer, type Transfer } from '../fixtures/transfer.mjs';
import { ROOT, expectNoLeaks, expectNoWorkflowCommands, runAction, type RunOptions, type RunResult } from '../support/harness.js';
import { runJob } from '../support/workflow.js';

const CLI = join(ROOT, 'dist/cli.js');
const PASSWORD = 'alice-password';
const JWT = /eyJ[\w-]{10,}\.[\w-]{10,}\.[\w-]+/;

let idp: Idp;
const folders: string[] = [];
beforeAll(async () => {
  idp = await startIdp();
});
afterAll(async () => {
  await idp.close();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function workdir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dotstat-e2e-lifecycle-'));
  folders.push(dir);
  return dir;
}

const cli = (args: readonly string[], env: Record<string, string>, options: RunOptions = {}): Promise<RunResult> =>
  runAction({}, { entry: CLI, args, env, github: false, inputsAsEnv: false, ...options });

/** A refresh with `token`, as a test's own client: the identity provider's answer tells whether the session lives. */
async function refreshWith(server: Idp, token: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(server.tokenEndpoint, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'refresh_token', client_id: 'app', refresh_token: token }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Alice's password grant, as a test's own client: the tokens a job would start from. */
async function passwordGrant(server: Idp): Promise<{ access_token: string; refresh_token: string; expires_in: number }> {
  const res = await fetch(server.tokenEndpoint, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', client_id: 'app', username: 'alice', password: PASSWORD }),
  });
  return (await res.json()) as { access_token: string; refresh_token: string; expires_in: number };
}

/**
 * exec of `script` in `cwd`, signed in with `refreshToken` and kept in `state`, whose first renewal
 * (due 2.25 s after the sign-in, with 3 s tokens) the identity provider answers 1.5 s late: resolves
 * once that delay is armed, 1 s in, with the run.
 */
async function execWithSlowRenewal(server: Idp, cwd: string, script: string, refreshToken: string, state: string): Promise<{ done: Promise<RunResult> }> {
  const done = cli(
    ['exec', '--', process.execPath, script],
    { DOTSTAT_AUTHORITY: server.issuer, DOTSTAT_REFRESH_TOKEN: refreshToken, DOTSTAT_STATE_FILE: state },
    { cwd, timeoutMs: 20_000 },
  );
  await new Promise((resolve) => setTimeout(resolve, 1000));
  server.inject({ kind: 'slow', on: 'token', delayMs: 1500, times: 1 });
  return { done };
}

function scan(result: RunResult, secrets: readonly string[]): void {
  expectNoLeaks(result, [PASSWORD, ...secrets]);
  expectNoWorkflowCommands(result);
  expect(`${result.stdout}${result.stderr}`).not.toMatch(JWT);
}

describe('the job state and refresh-token-store', () => {
  it('a renewal by `dotstat-action token` writes the rotated refresh token back too; revoke: auto leaves that session for the next run', async () => {
    const short = await startIdp({ accessTokenLifespan: 3 });
    try {
      const cwd = workdir();
      const state = join(cwd, 'state.json');
      const rt = join(cwd, 'rt');
      const env = { DOTSTAT_AUTHORITY: short.issuer, DOTSTAT_USERNAME: 'alice', DOTSTAT_PASSWORD: PASSWORD };
      const signIn = await cli(['--state-file', state, '--refresh-token-store', `file:${rt}`], env);
      expect(signIn.code, signIn.stdout).toBe(0);
      const first = readFileSync(rt, 'utf8').trim();
      // Due for renewal once less than a quarter of its 3 s is left.
      await new Promise((r) => setTimeout(r, 2_500));
      const printed = await cli(['--state-file', state, 'token'], {});
      expect(printed.code, printed.stderr).toBe(0);
      const kept = JSON.parse(readFileSync(state, 'utf8')) as { refreshToken: string; accessToken: string };
      expect(printed.stdout).toBe(`${kept.accessToken}\n`);
      const renewed = readFileSync(rt, 'utf8').trim();
      expect(renewed).not.toBe(first);
      expect(renewed).toBe(kept.refreshToken);
      expect(statSync(rt).mode & 0o777).toBe(0o600);
      const revoked = await cli(['--state-file', state, 'revoke'], {});
      expect(revoked.code, revoked.stdout).toBe(0);
      expect(revoked.stdout).toContain('its refresh token is kept in refresh-token-store for the next run');
      // The next run's token works: nothing revoked it, and the renewal did not leave a spent one behind.
      expect((await refreshWith(short, renewed)).status).toBe(200);
      for (const result of [signIn, printed, revoked]) expectNoLeaks(result, [PASSWORD, first, renewed]);
    } finally {
      await short.close();
    }
  });
});

describe('GitHub: the post step revokes what the job signed in', () => {
  it('password grant: a later step gets a valid token with `dotstat-action token`; after the job the session is refused; the state is gone', async () => {
    const job = await runJob(
      [
        { id: 'signin', uses: 'action', with: { authority: idp.issuer, username: 'alice', password: PASSWORD } },
        // A secret in the step's environment is masked first, on stderr: stdout is the token alone.
        { id: 'token', cli: ['token'], env: { DOTSTAT_CLIENT_SECRET: 'unrelated-secret-in-env-0001' } },
      ],
      {},
      { keepTemp: true },
    );
    folders.push(job.runnerTemp);
    const main = job.steps.signin!;
    expect(main.code, main.stdout).toBe(0);
    expect(main.env.DOTSTAT_STATE_FILE).toMatch(/dotstat-state-[0-9a-f]{12}\.json$/);
    expect(main.env.DOTSTAT_CLI_JS).toBe(join(ROOT, 'dist/cli.js'));
    const printed = job.steps.token!;
    expect(printed.code, printed.stderr).toBe(0);
    expect(printed.stdout).toBe(`${main.outputs['access-token']}\n`);
    expect(printed.stderr).toContain('::add-mask::unrelated-secret-in-env-0001');
    const refresh = main.outputs['refresh-token']!;
    const post = job.posts.signin!;
    expect(post.code, post.stdout).toBe(0);
    expect(post.stdout).toMatch(
      /Revoked the session of this job's password sign-in at http:\/\/127\.0\.0\.1:\d+\/realms\/dotstat\/protocol\/openid-connect\/revoke\./,
    );
    expect(await refreshWith(idp, refresh)).toEqual({ status: 400, body: { error: 'invalid_grant', error_description: 'Session not active' } });
    expect(readdirSync(job.runnerTemp).filter((name) => name.startsWith('dotstat-state-'))).toEqual([]);
    expectNoLeaks(post, [refresh, main.outputs['access-token']!, PASSWORD]);
    // GITHUB_STATE holds the path only.
    expect(main.state).toMatch(/^dotstat-state-file<<.+\n.*dotstat-state-[0-9a-f]{12}\.json\n/);
  });

  it('a stored refresh token (revoke: auto): its session is left for the next run; revoke: always ends it', async () => {
    const stored = idp.issueRefreshToken({ clientId: 'app', username: 'alice' });
    const kept = await runJob([{ id: 's', uses: 'action', with: { authority: idp.issuer, 'refresh-token': stored } }], {});
    expect(kept.posts.s!.stdout).toContain("The stored refresh token's session is left open for the next run (revoke: always would end it).");
    const newest = kept.steps.s!.outputs['refresh-token']!;
    const again = await runJob([{ id: 's', uses: 'action', with: { authority: idp.issuer, 'refresh-token': newest, revoke: 'always' } }], {});
    expect(again.posts.s!.stdout).toContain("Revoked the session of this job's refresh_token sign-in");
    expect((await refreshWith(idp, again.steps.s!.outputs['refresh-token']!)).body).toEqual({
      error: 'invalid_grant',
      error_description: 'Session not active',
    });
  });

  it('revoke: never leaves the session open; a failed revocation is a warning, never a failed job', async () => {
    const never = await runJob([{ id: 's', uses: 'action', with: { authority: idp.issuer, username: 'alice', password: PASSWORD, revoke: 'never' } }], {});
    expect(never.posts.s!.stdout).toContain('revoke is never: the session stays open until it expires.');
    expect((await refreshWith(idp, never.steps.s!.outputs['refresh-token']!)).status).toBe(200);

    const cwd = workdir();
    const state = join(cwd, 'state.json');
    const signIn = await cli(['--state-file', state], { DOTSTAT_AUTHORITY: idp.issuer, DOTSTAT_USERNAME: 'alice', DOTSTAT_PASSWORD: PASSWORD });
    expect(signIn.code, signIn.stdout).toBe(0);
    expect(statSync(state).mode & 0o777).toBe(0o600);
    const kept = JSON.parse(readFileSync(state, 'utf8')) as { refreshToken: string; accessToken: string };
    idp.inject({ kind: '503', on: 'any', times: 5 });
    const revoked = await cli(['--state-file', state, 'revoke'], {});
    expect(revoked.code, revoked.stdout).toBe(0);
    expect(revoked.stdout).toMatch(/Warning \(Revocation failed\): The session was not revoked: .*HTTP 503/);
    expect(existsSync(state)).toBe(false);
    scan(revoked, [kept.refreshToken, kept.accessToken]);
  });
});

describe('dotstat-action token', () => {
  it('renews a token that is due (2 s tokens), keeps the rotated refresh token in the state, prints only the token', async () => {
    const short = await startIdp({ accessTokenLifespan: 2 });
    try {
      const cwd = workdir();
      const state = join(cwd, 'state.json');
      const env = { DOTSTAT_AUTHORITY: short.issuer, DOTSTAT_USERNAME: 'alice', DOTSTAT_PASSWORD: PASSWORD, DOTSTAT_STATE_FILE: state };
      expect((await cli([], env)).code).toBe(0);
      const first = JSON.parse(readFileSync(state, 'utf8')) as { accessToken: string; refreshToken: string };
      const fresh = await cli(['token'], { DOTSTAT_STATE_FILE: state });
      expect(fresh.stdout).toBe(`${first.accessToken}\n`);
      // Due 0.5 s before its end (a quarter of its life).
      await new Promise((resolve) => setTimeout(resolve, 1600));
      const renewed = await cli(['token'], { DOTSTAT_STATE_FILE: state });
      expect(renewed.code, renewed.stderr).toBe(0);
      const token = renewed.stdout.trim();
      expect(token).not.toBe(first.accessToken);
      expect(short.verifyAccessToken(token)).toMatchObject({ preferred_username: 'alice' });
      const after = JSON.parse(readFileSync(state, 'utf8')) as { accessToken: string; refreshToken: string };
      expect(after.accessToken).toBe(token);
      expect(after.refreshToken).not.toBe(first.refreshToken);
      expect((await refreshWith(short, after.refreshToken)).status).toBe(200);
      expect(renewed.stdout.split('\n').filter(Boolean)).toHaveLength(1);
      expect(renewed.stderr).not.toContain(token);
    } finally {
      await short.close();
    }
  });

  it('three `token` commands at once on a due token (a script run in parallel): one renewal, all print a valid token, the session lives', async () => {
    const short = await startIdp({ accessTokenLifespan: 2 });
    try {
      const cwd = workdir();
      const state = join(cwd, 'state.json');
      expect((await cli([], { DOTSTAT_AUTHORITY: short.issuer, DOTSTAT_USERNAME: 'alice', DOTSTAT_PASSWORD: PASSWORD, DOTSTAT_STATE_FILE: state })).code).toBe(
        0,
      );
      await new Promise((resolve) => setTimeout(resolve, 1600));
      const results = await Promise.all([1, 2, 3].map(() => cli(['token'], { DOTSTAT_STATE_FILE: state })));
      for (const result of results) expect(result.code, result.stderr).toBe(0);
      const printed = new Set(results.map((r) => r.stdout.trim()));
      expect(printed.size).toBe(1);
      const after = JSON.parse(readFileSync(state, 'utf8')) as { accessToken: string; refreshToken: string };
      expect(after.accessToken).toBe([...printed][0]);
      // Keycloak (reuse 0) ends the session when a spent refresh token is used again: it must not have been.
      expect(short.requests.filter((r) => r.method === 'POST' && r.form.grant_type === 'refresh_token')).toHaveLength(1);
      expect((await refreshWith(short, after.refreshToken)).status).toBe(200);
      expect(readdirSync(cwd).filter((name) => name.includes('lock'))).toEqual([]);
    } finally {
      await short.close();
    }
  });

  it('without a kept sign-in: fails naming --state-file, on stderr', async () => {
    const result = await cli(['token'], { DOTSTAT_STATE_FILE: join(workdir(), 'none.json') });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('No sign-in was kept for this job');
    expect(result.stderr).toContain('--state-file PATH');
  });
});

describe("exec keeps a long child's token fresh", () => {
  let short: Idp;
  let transfer: Transfer;
  beforeAll(async () => {
    short = await startIdp({ accessTokenLifespan: 3 });
    transfer = await startTransfer({ verifyToken: (t) => short.verifyAccessToken(t) });
  });
  afterAll(async () => {
    await transfer.close();
    await short.close();
  });

  it("a child running 10 s with 3 s tokens, calling the Transfer service every 100 ms with the file's token: never a 401", async () => {
    const cwd = workdir();
    writeFileSync(
      join(cwd, 'child.cjs'),
      `const fs = require('node:fs');
const [, , ms, base] = process.argv;
const end = Date.now() + Number(ms);
const seen = [];
let calls = 0, refused = 0, mode = '';
(async () => {
  while (Date.now() < end) {
    const file = process.env.DOTSTAT_ACCESS_TOKEN_FILE;
    const token = fs.readFileSync(file, 'utf8');
    mode = (fs.statSync(file).mode & 0o777).toString(8);
    if (!seen.includes(token)) seen.push(token);
    const res = await fetch(base + '/status/request', { method: 'POST', headers: { authorization: 'Bearer ' + token, 'content-type': 'application/x-www-form-urlencoded' }, body: 'dataspace=design&id=1' });
    calls++;
    if (res.status === 401) refused++;
    await new Promise((r) => setTimeout(r, 100));
  }
  fs.writeFileSync('child.json', JSON.stringify({ calls, refused, tokens: seen.length, mode, envIsFirst: process.env.DOTSTAT_ACCESS_TOKEN === seen[0], file: process.env.DOTSTAT_ACCESS_TOKEN_FILE }));
  process.exit(refused ? 3 : 0);
})();
`,
    );
    const before = transfer.requests.length;
    const result = await cli(
      ['exec', '--', process.execPath, 'child.cjs', '10000', transfer.baseUrl],
      { DOTSTAT_AUTHORITY: short.issuer, DOTSTAT_USERNAME: 'alice', DOTSTAT_PASSWORD: PASSWORD },
      { cwd, timeoutMs: 30_000 },
    );
    expect(result.code, result.stdout).toBe(0);
    const child = JSON.parse(readFileSync(join(cwd, 'child.json'), 'utf8')) as {
      calls: number;
      refused: number;
      tokens: number;
      mode: string;
      envIsFirst: boolean;
      file: string;
    };
    expect(child.refused).toBe(0);
    expect(child.calls).toBeGreaterThan(50);
    // 10 s of 3 s tokens renewed 0.75 s before their end: the first and at least three more.
    expect(child.tokens).toBeGreaterThanOrEqual(4);
    expect(child.mode).toBe('600');
    expect(child.envIsFirst).toBe(true);
    expect(existsSync(child.file), 'exec removes its own token file').toBe(false);
    const statuses = transfer.requests.slice(before).map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toEqual([]);
    expect(result.stdout).toContain('kept fresh in the file DOTSTAT_ACCESS_TOKEN_FILE');
    const tokens = [...new Set(transfer.requests.slice(before).map((r) => String(r.headers.authorization ?? '').replace(/^Bearer /, '')))];
    scan(result, tokens);
  }, 40_000);
  it('a child given a hand-off (nothing can renew it) is told in the log when its token ends; the token is never shown', async () => {
    const cwd = workdir();
    const key = randomBytes(32);
    // The hand-off of a 3 s token, as a producing job seals it.
    const token = await passwordGrant(short);
    const handoff = await sealHandoff(
      {
        accessToken: token.access_token,
        tokenType: 'Bearer',
        expiresIn: token.expires_in,
        expiresAt: new Date(Date.now() + token.expires_in * 1000),
        grant: 'password',
      },
      key,
    );
    writeFileSync(join(cwd, 'wait.cjs'), 'setTimeout(() => process.exit(0), 4500);\n');
    const result = await cli(
      ['exec', '--', process.execPath, 'wait.cjs'],
      { DOTSTAT_HANDOFF: handoff, DOTSTAT_HANDOFF_KEY: key.toString('base64') },
      { cwd, timeoutMs: 20_000 },
    );
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toContain('(a hand-off: not renewed)');
    expect(result.stdout).toMatch(/Warning \(Token expired\): The handed-off access token expired at .*a hand-off cannot be renewed/);
    scan(result, [token.access_token]);
  }, 30_000);

  it('exec killed (SIGKILL: nothing of it runs on) leaves its token file; the next exec removes it, and only files of execs that have ended', async () => {
    const cwd = workdir();
    const folder = join(cwd, 'private');
    mkdirSync(folder, { mode: 0o700 });
    const env = { DOTSTAT_AUTHORITY: short.issuer, DOTSTAT_USERNAME: 'alice', DOTSTAT_PASSWORD: PASSWORD, RUNNER_TEMP: folder };
    // The child lives on a moment after its parent is killed, as a script would.
    writeFileSync(join(cwd, 'wait.cjs'), 'setTimeout(() => process.exit(0), 1000);\n');
    const killed = await cli(['exec', '--', process.execPath, 'wait.cjs'], env, { cwd, kill: { when: 'kept fresh in the file', signal: 'SIGKILL' } });
    expect(killed.code).toBe(null);
    const left = readdirSync(folder).filter((name) => name.startsWith('dotstat-access-token-'));
    expect(left).toHaveLength(1);
    expect(short.verifyAccessToken(readFileSync(join(folder, left[0] as string), 'utf8'))).toMatchObject({ preferred_username: 'alice' });
    // A file of an exec that still runs (this test's own pid) is left alone.
    const running = `dotstat-access-token-${NAMESPACE_TAG}-${process.pid}-0123456789ab`;
    writeFileSync(join(folder, running), 'x', { mode: 0o600 });
    const next = await cli(['exec', '--', process.execPath, '-e', ''], env, { cwd });
    expect(next.code, next.stdout).toBe(0);
    expect(readdirSync(folder).filter((name) => name.startsWith('dotstat-access-token-'))).toEqual([running]);
  }, 30_000);

  it("exec w/ a private folder that is not the user's own (open to others): refused in words, before any sign-in, never a stack trace", async () => {
    const cwd = workdir();
    const open = join(cwd, `dotstat-action-${process.getuid?.() ?? 0}`);
    mkdirSync(open);
    chmodSync(open, 0o755);
    const before = short.requests.length;
    const result = await cli(
      ['exec', '--', process.execPath, '-e', ''],
      { DOTSTAT_AUTHORITY: short.issuer, DOTSTAT_USERNAME: 'alice', DOTSTAT_PASSWORD: PASSWORD, RUNNER_TEMP: '', TMPDIR: cwd },
      { cwd },
    );
    const output = result.stdout + result.stderr;
    expect(result.code).toBe(1);
    expect(output).toContain(`The folder ${open} for the job's state is not this user's own`);
    expect(output).not.toMatch(/^\s+at /m);
    expect(short.requests.length).toBe(before);
  });

  it("a `token` of the same job that is not exec's child (a script's `exec -- … &`), run while exec's renewal is in flight: the refresh token is spent once", async () => {
    const idp = await startIdp({ accessTokenLifespan: 3 });
    try {
      const cwd = workdir();
      const state = join(cwd, 'state.json');
      const given = await passwordGrant(idp);
      writeFileSync(join(cwd, 'wait.cjs'), 'setTimeout(() => process.exit(0), 6000);\n');
      const before = idp.requests.length;
      const exec = await execWithSlowRenewal(idp, cwd, 'wait.cjs', given.refresh_token, state);
      await new Promise((resolve) => setTimeout(resolve, 1600));
      // Another command of the job, not exec's child (no DOTSTAT_STATE_RENEWED_BY).
      const sibling = await cli(['token'], { DOTSTAT_STATE_FILE: state }, { cwd, timeoutMs: 15_000 });
      const result = await exec.done;
      expect(sibling.code, sibling.stderr).toBe(0);
      expect(result.code, result.stdout).toBe(0);
      expect(result.stdout).not.toContain('Could not renew');
      const spent = idp.requests
        .slice(before)
        .filter((r) => r.method === 'POST' && r.form.grant_type === 'refresh_token')
        .map((r) => r.form.refresh_token);
      expect(spent.length).toBeGreaterThanOrEqual(2);
      expect(new Set(spent).size).toBe(spent.length);
    } finally {
      await idp.close();
    }
  }, 30_000);

  it("exec's renewal fails (the provider is down a moment) and a `token` of the job renews meanwhile: exec goes on from the state's tokens, never the spent one", async () => {
    const idp = await startIdp({ accessTokenLifespan: 3 });
    try {
      const cwd = workdir();
      const state = join(cwd, 'state.json');
      const given = await passwordGrant(idp);
      writeFileSync(join(cwd, 'wait.cjs'), 'setTimeout(() => process.exit(0), 4000);\n');
      const before = idp.requests.length;
      const refreshes = () => idp.requests.slice(before).filter((r) => r.method === 'POST' && r.form.grant_type === 'refresh_token');
      const exec = cli(
        ['exec', '--', process.execPath, 'wait.cjs'],
        { DOTSTAT_AUTHORITY: idp.issuer, DOTSTAT_REFRESH_TOKEN: given.refresh_token, DOTSTAT_STATE_FILE: state },
        { cwd, timeoutMs: 20_000 },
      );
      // Signed in: exec's first renewal (2.25 s on) gets a 502, which is not retried; exec tries again a second later.
      await expect.poll(() => refreshes().length, { timeout: 10_000, interval: 20 }).toBe(1);
      idp.inject({ kind: '502', on: 'token', times: 1 });
      await expect.poll(() => refreshes().length, { timeout: 10_000, interval: 20 }).toBe(2);
      // Meanwhile another command of the job renews from the state.
      const sibling = await cli(['token'], { DOTSTAT_STATE_FILE: state }, { cwd, timeoutMs: 15_000 });
      const result = await exec;
      expect(sibling.code, sibling.stderr).toBe(0);
      expect(result.code, result.stdout).toBe(0);
      expect(result.stdout).toContain('The access token was renewed again');
      expect(result.stdout).not.toContain('invalid_grant');
      // Each refresh token spent once: the one the 502 answered was never processed, so the sibling's use of it is its first.
      const spent = refreshes()
        .filter((_, i) => i !== 1)
        .map((r) => r.form.refresh_token);
      expect(new Set(spent).size).toBe(spent.length);
      // exec's try a second later took the sibling's tokens, not yet due, and renewed nothing (the child ends before they are).
      expect(spent).toHaveLength(2);
      const kept = JSON.parse(readFileSync(state, 'utf8')) as { refreshToken: string };
      expect((await refreshWith(idp, kept.refreshToken)).status).toBe(200);
    } finally {
      await idp.close();
    }
  }, 30_000);

  it("exec whose state's lock cannot be made (a folder at its path): its child's token is renewed all the same, and the debug log says why", async () => {
    const cwd = workdir();
    const state = join(cwd, 'state.json');
    mkdirSync(`${state}.lock`);
    const given = await passwordGrant(short);
    writeFileSync(join(cwd, 'wait.cjs'), 'setTimeout(() => process.exit(0), 3500);\n');
    const before = short.requests.length;
    const result = await cli(
      ['--debug', 'exec', '--', process.execPath, 'wait.cjs'],
      { DOTSTAT_AUTHORITY: short.issuer, DOTSTAT_REFRESH_TOKEN: given.refresh_token, DOTSTAT_STATE_FILE: state },
      { cwd, timeoutMs: 20_000 },
    );
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).not.toContain('Could not renew');
    expect(result.stdout).toContain(`Renewing without the lock: Cannot lock the job's state (${state}.lock)`);
    // The sign-in's refresh, then exec's renewal 2.25 s in.
    expect(short.requests.slice(before).filter((r) => r.method === 'POST' && r.form.grant_type === 'refresh_token').length).toBeGreaterThanOrEqual(2);
  }, 30_000);

  it('a child that runs `dotstat-action token` while exec renews (a slow IdP) leaves the renewal to exec: one refresh, no spent token reused', async () => {
    const cwd = workdir();
    const state = join(cwd, 'state.json');
    const given = await passwordGrant(short);
    // At 2.6 s, while exec's renewal (due at 2.25 s) waits for the slow answer, the child asks for a token.
    writeFileSync(
      join(cwd, 'child.cjs'),
      `const { execFileSync } = require('node:child_process');
setTimeout(() => {
  const token = execFileSync(process.execPath, [${JSON.stringify(CLI)}, 'token'], { encoding: 'utf8' }).trim();
  require('node:fs').writeFileSync('token.txt', token);
  setTimeout(() => process.exit(0), 1500);
}, 2600);
`,
    );
    const before = short.requests.length;
    const result = await (await execWithSlowRenewal(short, cwd, 'child.cjs', given.refresh_token, state)).done;
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).not.toContain('Could not renew');
    const printed = readFileSync(join(cwd, 'token.txt'), 'utf8');
    expect(short.verifyAccessToken(printed)).toMatchObject({ preferred_username: 'alice' });
    const refreshes = short.requests.slice(before).filter((r) => r.method === 'POST' && r.form.grant_type === 'refresh_token');
    // The sign-in, and exec's one renewal: the child's command never spent the same refresh token again.
    expect(new Set(refreshes.map((r) => r.form.refresh_token)).size).toBe(refreshes.length);
    scan(result, [printed]);
  }, 30_000);

  it('a renewal that fails is a warning and is tried again; the child runs on', async () => {
    const cwd = workdir();
    writeFileSync(join(cwd, 'wait.cjs'), 'setTimeout(() => process.exit(0), 5000);\n');
    const run = cli(
      ['--debug', 'exec', '--', process.execPath, 'wait.cjs'],
      { DOTSTAT_AUTHORITY: short.issuer, DOTSTAT_USERNAME: 'alice', DOTSTAT_PASSWORD: PASSWORD },
      { cwd, timeoutMs: 20_000 },
    );
    // The first renewal (due 2.25 s after sign-in) meets a page that is no token answer at all.
    await new Promise((resolve) => setTimeout(resolve, 800));
    short.inject({ kind: 'html404', on: 'token', times: 1 });
    const result = await run;
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toContain('Warning (Token renewal failed): Could not renew the access token for the command (trying again)');
    expect(result.stdout).toContain('The access token was renewed again; the token file is current.');
    scan(result, []);
  }, 30_000);
});
