/**
 * dist/cli.js (the `dotstat-action` bin) run the way a GitLab job or a terminal runs it:
 * settings from flags and DOTSTAT_* variables, no INPUT_ variables, no GITHUB_* files, against the
 * Keycloak-faithful identity provider and the Transfer simulator. Every run is leak-scanned for the
 * password, every token the test can get hold of, and anything that looks like a JWT.
 */
/* eslint-disable no-control-regex -- GitLab's section markers are made of ANSI escapes. */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startIdp, type Idp } from '../fixtures/idp.mjs';
import { startTransfer, type Transfer } from '../fixtures/transfer.mjs';
import { ROOT, expectNoLeaks, expectNoWorkflowCommands, runAction, type RunOptions, type RunResult } from '../support/harness.js';

const CLI = join(ROOT, 'dist/cli.js');
const PASSWORD = 'alice-password';
const JWT = /eyJ[\w-]{10,}\.[\w-]{10,}/;
const SECTION_START = /\u001b\[0Ksection_start:\d+:(dotstat_\d+)\[collapsed=true\]\r\u001b\[0K/;
const PUBLIC = ['GRANT_USED', 'TOKEN_TYPE', 'EXPIRES_IN', 'EXPIRES_AT', 'REFRESH_EXPIRES_AT', 'REQUEST_ID', 'EXECUTION_STATUS', 'OUTCOME'].map(
  (n) => `DOTSTAT_${n}`,
);
const ERROR_LINE = 'Dataflow OECD:DF_MISSING(1.0) not found in dataspace design.';

let idp: Idp;
let transfer: Transfer;
const folders: string[] = [];

beforeAll(async () => {
  idp = await startIdp();
  transfer = await startTransfer({ verifyToken: (t) => idp.verifyAccessToken(t) });
});
afterEach(() => transfer.setScenario(() => ({})));
afterAll(async () => {
  await transfer.close();
  await idp.close();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** A working directory for one run, with test/data/*.csv copied in. */
function workdir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dotstat-e2e-cli-'));
  folders.push(dir);
  mkdirSync(join(dir, 'test'));
  cpSync(join(ROOT, 'test/data'), join(dir, 'test/data'), { recursive: true });
  return dir;
}

const credentials = (): Record<string, string> => ({ DOTSTAT_AUTHORITY: idp.issuer, DOTSTAT_USERNAME: 'alice', DOTSTAT_PASSWORD: PASSWORD });

function cli(args: readonly string[], env: Record<string, string> = {}, options: RunOptions = {}): Promise<RunResult> {
  return runAction({}, { entry: CLI, args, env, github: false, inputsAsEnv: false, ...options });
}

/** The leak scan every run goes through: no secret in any form, no `::` line, nothing like a JWT. */
function scan(result: RunResult, secrets: readonly string[] = []): void {
  expectNoLeaks(result, [PASSWORD, ...secrets]);
  expectNoWorkflowCommands(result);
  expect(result.stdout).not.toMatch(JWT);
  expect(result.stderr).not.toMatch(JWT);
}

/** Token requests the identity provider received since `mark`. */
const tokenRequestsSince = (mark: number) => idp.requests.slice(mark).filter((r) => r.path.endsWith('/protocol/openid-connect/token'));

/** Access tokens the Transfer simulator received since `mark` (the CLI's own, in Authorization). */
function bearerTokensSince(mark: number): string[] {
  const tokens = transfer.requests.slice(mark).map((r) => String(r.headers.authorization ?? '').replace(/^Bearer /, ''));
  return [...new Set(tokens.filter(Boolean))];
}

const dotenvOf = (path: string): Record<string, string> =>
  Object.fromEntries(
    readFileSync(path, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );

const payloadOf = (jwt: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;

describe('dist/cli.js: settings', () => {
  it('token only, all from the environment: exit 0, nothing secret printed', async () => {
    const mark = idp.requests.length;
    const result = await cli([], credentials());
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toContain('Got an access token with the password grant');
    expect(tokenRequestsSince(mark).map((r) => r.form.grant_type)).toEqual(['password']);
    expect(result.stderr).toBe('');
    scan(result);
  });

  it('flags: --authority and --client-id, the secret from DOTSTAT_CLIENT_SECRET → client_credentials', async () => {
    const mark = idp.requests.length;
    const result = await cli(['--authority', idp.issuer, '--client-id', 'svc'], { DOTSTAT_CLIENT_SECRET: 'svc-secret' });
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toContain('Got an access token with the client_credentials grant');
    const requests = tokenRequestsSince(mark);
    expect(requests.map((r) => r.form.grant_type)).toEqual(['client_credentials']);
    const basic = Buffer.from(String(requests[0]?.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString();
    expect(requests[0]?.form.client_id ?? basic.split(':')[0]).toBe('svc');
    scan(result, ['svc-secret']);
  });

  it('precedence: --client-id app wins over DOTSTAT_CLIENT_ID=wrong', async () => {
    const mark = idp.requests.length;
    const result = await cli(['--client-id', 'app'], { ...credentials(), DOTSTAT_CLIENT_ID: 'wrong' });
    expect(result.code, result.stdout).toBe(0);
    expect(tokenRequestsSince(mark).map((r) => r.form.client_id)).toEqual(['app']);
    scan(result);
  });

  it('…and without the flag, DOTSTAT_CLIENT_ID is used', async () => {
    const mark = idp.requests.length;
    const result = await cli([], { ...credentials(), DOTSTAT_CLIENT_ID: 'wrong' });
    expect(result.code, result.stdout).toBe(1);
    expect(tokenRequestsSince(mark).map((r) => r.form.client_id)).toEqual(['wrong']);
    expect(result.stdout).toContain('invalid_client');
    scan(result);
  });

  it('--password on the command line: refused before any request, the value never echoed', async () => {
    const value = 'cmdline-pw-4d1c8e';
    const mark = idp.requests.length;
    const result = await cli(['--password', value], credentials());
    expect(result.code, result.stdout).toBe(1);
    expect(result.stdout).toContain("Error: Input '--password': a secret is never taken from the command line");
    expect(result.stdout).toContain('Set the environment variable DOTSTAT_PASSWORD instead');
    expect(idp.requests.length).toBe(mark);
    expect(`${result.stdout}${result.stderr}`).not.toContain(value);
    scan(result, [value]);
  });

  it('a mistyped flag w/ a secret value: refused, the value never echoed', async () => {
    const value = 'typo-secret-9e2b71';
    const mark = idp.requests.length;
    const result = await cli([`--pasword=${value}`], credentials());
    expect(result.code, result.stdout).toBe(1);
    expect(result.stdout).toContain("Error: Input '--pasword': is not a known option.");
    expect(result.stdout).toContain('Did you mean DOTSTAT_PASSWORD?');
    expect(idp.requests.length).toBe(mark);
    scan(result, [value]);
  });

  it('--help: exit 0, every setting listed, no request', async () => {
    const mark = idp.requests.length;
    const result = await cli(['--help'], credentials());
    expect(result.code, result.stderr).toBe(0);
    for (const text of [
      '--authority',
      'DOTSTAT_AUTHORITY',
      '--client-id',
      'DOTSTAT_CLIENT_ID',
      '(secret: environment only)',
      'DOTSTAT_PASSWORD',
      '--transfer-url',
      '--token-file',
      '--dotenv',
      'exec -- CMD',
    ]) {
      expect(result.stdout).toContain(text);
    }
    expect(idp.requests.length).toBe(mark);
    scan(result);
  });

  it('--version: the package version', async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const result = await cli(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${pkg.version}\n`);
  });
});

describe('dist/cli.js: exec and --token-file', () => {
  it('exec -- sh -c "exit 7": exits 7', async () => {
    const result = await cli(['exec', '--', 'sh', '-c', 'exit 7'], credentials());
    expect(result.code, result.stdout).toBe(7);
    expect(result.stdout).toContain(
      'Running sh with the access token in DOTSTAT_ACCESS_TOKEN and DOTSTAT_REFRESH_TOKEN, and kept fresh in the file DOTSTAT_ACCESS_TOKEN_FILE.',
    );
    scan(result);
  });

  it('--token-file + exec: the file (0600) holds the token the command gets; refresh token in its environment', async () => {
    const cwd = workdir();
    const check = 'test "$DOTSTAT_ACCESS_TOKEN" = "$(cat tokfile)" && test -n "$DOTSTAT_REFRESH_TOKEN" && printf %s "$DOTSTAT_REFRESH_TOKEN" > refresh.out';
    const result = await cli(['--token-file', 'tokfile', 'exec', '--', 'sh', '-c', check], credentials(), { cwd });
    expect(result.code, result.stdout).toBe(0);
    const token = readFileSync(join(cwd, 'tokfile'), 'utf8');
    expect(statSync(join(cwd, 'tokfile')).mode & 0o777).toBe(0o600);
    expect(idp.verifyAccessToken(token)).toMatchObject({ preferred_username: 'alice', azp: 'app' });
    const refresh = readFileSync(join(cwd, 'refresh.out'), 'utf8');
    expect(payloadOf(refresh)).toMatchObject({ typ: 'Refresh', azp: 'app' });
    scan(result, [token, refresh]);
  });

  it('--token-file alone (DOTSTAT_TOKEN_FILE): written, never printed', async () => {
    const cwd = workdir();
    const result = await cli([], { ...credentials(), DOTSTAT_TOKEN_FILE: 'env.token' }, { cwd });
    expect(result.code, result.stdout).toBe(0);
    const token = readFileSync(join(cwd, 'env.token'), 'utf8');
    expect(idp.verifyAccessToken(token)).not.toBeNull();
    expect(statSync(join(cwd, 'env.token')).mode & 0o777).toBe(0o600);
    scan(result, [token]);
  });

  it('a failing job (wrong password) does not run the command, and exits 1', async () => {
    const cwd = workdir();
    const wrong = 'wrong-password-6b0d';
    const result = await cli(['--token-file', 'tokfile', 'exec', '--', 'sh', '-c', 'touch ran.marker'], { ...credentials(), DOTSTAT_PASSWORD: wrong }, { cwd });
    expect(result.code, result.stdout).toBe(1);
    expect(result.stdout).toContain('Invalid user credentials');
    expect(existsSync(join(cwd, 'ran.marker'))).toBe(false);
    expect(existsSync(join(cwd, 'tokfile'))).toBe(false);
    scan(result, [wrong]);
  });

  // Regression (mutation pass): exec could be handed the stored refresh token, long spent by then.
  it('exec after renewals (1 s tokens, a 2.5 s import): the command gets the newest refresh token, not the stored one', async () => {
    const shortIdp = await startIdp({ accessTokenLifespan: 1 });
    const slow = await startTransfer({ verifyToken: (t) => shortIdp.verifyAccessToken(t), scenario: () => ({ durationMs: 2500 }) });
    try {
      const cwd = workdir();
      const stored = shortIdp.issueRefreshToken({ clientId: 'app', username: 'alice' });
      const args = [
        '--transfer-url',
        slow.baseUrl,
        '--dataspace',
        'design',
        '--file',
        'test/data/sample-sdmx-csv-1.0.csv',
        '--poll-interval',
        '0.2',
        'exec',
        '--',
        'sh',
        '-c',
        'printf %s "$DOTSTAT_REFRESH_TOKEN" > refresh.out',
      ];
      const result = await cli(args, { DOTSTAT_AUTHORITY: shortIdp.issuer, DOTSTAT_REFRESH_TOKEN: stored }, { cwd });
      expect(result.code, result.stdout).toBe(0);
      const refreshes = shortIdp.requests.filter((r) => r.form.grant_type === 'refresh_token');
      expect(refreshes.length, 'renewed during the import').toBeGreaterThanOrEqual(2);
      const handed = readFileSync(join(cwd, 'refresh.out'), 'utf8');
      expect(handed).not.toBe(stored);
      // The newest of the chain is the only one that still works.
      const use = (refreshToken: string) =>
        fetch(shortIdp.tokenEndpoint, {
          method: 'POST',
          body: new URLSearchParams({ grant_type: 'refresh_token', client_id: 'app', refresh_token: refreshToken }),
        });
      expect((await use(handed)).status).toBe(200);
      scan(result, [stored, handed]);
    } finally {
      await slow.close();
      await shortIdp.close();
    }
  });

  it('exec of a command that does not exist: exits 1 naming it', async () => {
    const result = await cli(['exec', '--', 'dotstat-no-such-command'], credentials());
    expect(result.code, result.stdout).toBe(1);
    expect(result.stdout).toContain("Error: Cannot run 'dotstat-no-such-command': command not found.");
    scan(result);
  });
});

describe('dist/cli.js on GitLab (GITLAB_CI=true)', () => {
  const gitlab = (): Record<string, string> => ({ ...credentials(), GITLAB_CI: 'true' });
  const upload = (file = 'test/data/*.csv') => ['--file', file, '--poll-interval', '0.2', '--transfer-url', transfer.baseUrl, '--dataspace', 'design'];

  it('uploads and waits: dotstat.env w/ the public results only, collapsible sections, no secret', async () => {
    const cwd = workdir();
    const uploads = transfer.uploads.length;
    const requests = transfer.requests.length;
    const result = await cli(upload(), gitlab(), { cwd });
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toContain('All 2 requests finished.');
    const ids = transfer.uploads.slice(uploads).map((u) => String(u.id));
    expect(ids).toHaveLength(2);

    const dotenv = dotenvOf(join(cwd, 'dotstat.env'));
    expect(Object.keys(dotenv).sort()).toEqual([...PUBLIC].sort());
    expect(dotenv).toMatchObject({
      DOTSTAT_GRANT_USED: 'password',
      DOTSTAT_TOKEN_TYPE: 'Bearer',
      DOTSTAT_EXECUTION_STATUS: 'Completed',
      DOTSTAT_OUTCOME: 'Success',
    });
    expect(dotenv.DOTSTAT_REQUEST_ID?.split(',').sort()).toEqual([...ids].sort());
    expect(dotenv.DOTSTAT_REQUEST_ID).toMatch(/^\d+,\d+$/);
    const text = readFileSync(join(cwd, 'dotstat.env'), 'utf8');
    expect(text).not.toMatch(/eyJ/);
    expect(text).not.toContain(PASSWORD);

    const starts = [...result.stdout.matchAll(new RegExp(SECTION_START, 'g'))].map((m) => m[1]);
    expect(starts.length).toBeGreaterThanOrEqual(1);
    expect(result.stdout).toMatch(
      /\u001b\[0Ksection_start:\d+:dotstat_\d+\[collapsed=true\]\r\u001b\[0KTransfer log: test\/data\/sample-sdmx-csv-1\.0\.csv \(request \d+, Completed\/Success\)/,
    );
    for (const name of starts) expect(result.stdout).toMatch(new RegExp(`\\u001b\\[0Ksection_end:\\d+:${name}\\r\\u001b\\[0K`));

    const tokens = bearerTokensSince(requests);
    expect(tokens.length).toBeGreaterThan(0);
    scan(result, tokens);
  });

  it('--dotenv custom.env is honoured (and dotstat.env not written)', async () => {
    const cwd = workdir();
    const result = await cli(['--dotenv', 'custom.env'], gitlab(), { cwd });
    expect(result.code, result.stdout).toBe(0);
    expect(dotenvOf(join(cwd, 'custom.env'))).toMatchObject({ DOTSTAT_GRANT_USED: 'password', DOTSTAT_TOKEN_TYPE: 'Bearer', DOTSTAT_EXPIRES_IN: '300' });
    expect(existsSync(join(cwd, 'dotstat.env'))).toBe(false);
    scan(result);
  });

  it('outside GitLab no dotenv report is written by default', async () => {
    const cwd = workdir();
    const result = await cli([], credentials(), { cwd });
    expect(result.code, result.stdout).toBe(0);
    expect(existsSync(join(cwd, 'dotstat.env'))).toBe(false);
    scan(result);
  });

  it('DOTSTAT_EXPORT_ENV w/o exec or --token-file: refused, saying why and what to do, before any request', async () => {
    const mark = idp.requests.length;
    const result = await cli([], { ...gitlab(), DOTSTAT_EXPORT_ENV: 'SOMETHING' }, { cwd: workdir() });
    expect(result.code, result.stdout).toBe(1);
    expect(result.stdout).toContain("Error: Input 'export-env': cannot hand the token to later jobs here: a dotenv report or job variable is never masked");
    expect(result.stdout).toContain('dotstat-action exec -- YOUR COMMAND, or --token-file PATH; or get a token in each job that needs one');
    expect(idp.requests.length).toBe(mark);
    scan(result);
  });

  it('DOTSTAT_EXPORT_ENV w/ exec: the command gets the token under that name', async () => {
    const check = 'test -n "$SOMETHING" && test -z "$DOTSTAT_ACCESS_TOKEN"';
    const result = await cli(['exec', '--', 'sh', '-c', check], { ...gitlab(), DOTSTAT_EXPORT_ENV: 'SOMETHING' }, { cwd: workdir() });
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toContain(
      'Running sh with the access token in SOMETHING and DOTSTAT_REFRESH_TOKEN, and kept fresh in the file DOTSTAT_ACCESS_TOKEN_FILE.',
    );
    scan(result);
  });

  // Regression: an explicitly empty export-env (no export at all) was refused as an export.
  it('--export-env= (none) is not refused', async () => {
    const result = await cli(['--export-env='], gitlab(), { cwd: workdir() });
    expect(result.code, result.stdout).toBe(0);
    scan(result);
  });

  it('a failing import: exit 1, the Transfer ERROR line in the log, DOTSTAT_OUTCOME=Error', async () => {
    transfer.setScenario(() => ({ durationMs: 300, outcome: 'Error', executionStatus: 'Completed', logs: [{ level: 'ERROR', message: ERROR_LINE }] }));
    const cwd = workdir();
    const requests = transfer.requests.length;
    const result = await cli(upload('test/data/sample-sdmx-csv-1.0.csv'), gitlab(), { cwd });
    expect(result.code, result.stdout).toBe(1);
    expect(result.stdout).toContain(`[ERROR] ${ERROR_LINE}`);
    expect(result.stdout).toContain(`Error (Transfer error: test/data/sample-sdmx-csv-1.0.csv): ${ERROR_LINE}`);
    expect(result.stdout).toContain('the import ended with outcome Error');
    expect(result.stdout).toMatch(SECTION_START);
    expect(dotenvOf(join(cwd, 'dotstat.env'))).toMatchObject({ DOTSTAT_EXECUTION_STATUS: 'Completed', DOTSTAT_OUTCOME: 'Error' });
    scan(result, bearerTokensSince(requests));
  });
});

describe('dist/cli.js on GitHub (a run: step)', () => {
  // Regression (mutation pass): nothing held that a command line refused for its arguments masks first.
  it('a refused command line: every secret is masked before the error is printed', async () => {
    const result = await runAction(
      {},
      { entry: CLI, args: ['--no-such-flag'], env: { ...credentials(), DOTSTAT_CLIENT_SECRET: 'cli-client-secret-0001' }, github: true, inputsAsEnv: false },
    );
    expect(result.code, result.stdout).toBe(1);
    const lines = result.stdout.split('\n');
    const error = lines.findIndex((l) => l.startsWith('::error::'));
    expect(lines[error]).toContain("Input 'argument 1': is not a known option (it is not shown, in case it is a secret).");
    for (const secret of ['alice', PASSWORD, 'cli-client-secret-0001']) {
      expect(lines.indexOf(`::add-mask::${secret}`), secret).toBeGreaterThanOrEqual(0);
      expect(lines.indexOf(`::add-mask::${secret}`), secret).toBeLessThan(error);
    }
  });

  it('exec: masks every secret and token first, runs the command with the token, passes its status', async () => {
    const dir = workdir();
    const result = await runAction(
      {},
      {
        entry: CLI,
        args: ['exec', '--', 'sh', '-c', 'test -n "$DOTSTAT_ACCESS_TOKEN" && test -n "$DOTSTAT_REFRESH_TOKEN" && exit 5'],
        env: credentials(),
        github: true,
        inputsAsEnv: false,
        cwd: dir,
      },
    );
    expect(result.code, result.stdout).toBe(5);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('::add-mask::alice');
    expect(lines).toContain(`::add-mask::${PASSWORD}`);
    const masked = lines.filter((l) => l.startsWith('::add-mask::eyJ')).map((l) => l.slice('::add-mask::'.length));
    expect(masked.length).toBeGreaterThanOrEqual(2);
    expect(result.outputs['grant-type']).toBe('password');
    expectNoLeaks(result, [PASSWORD, ...masked], { outputs: ['access-token', 'refresh-token'], env: ['DOTSTAT_ACCESS_TOKEN'] });
  });
});
