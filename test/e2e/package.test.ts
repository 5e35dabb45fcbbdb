/**
 * The npm package as a user gets it: `npm pack`, then the tarball installed into an empty prefix
 * with an empty cache and --offline, so that any runtime dependency would fail the install. The
 * installed `dotstat-action` bin prints its help and gets a token from the local identity provider,
 * with nothing but the tarball's own files to load (the prefix is outside this repository, so
 * node cannot fall back on its node_modules).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIdp, type Idp } from '../fixtures/idp.mjs';
import { ROOT, expectNoLeaks, expectNoWorkflowCommands } from './harness.js';

const run = promisify(execFile);
const PASSWORD = 'alice-password';
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

let idp: Idp;
let work: string;
let prefix: string;
let packed: { filename: string; files: Array<{ path: string }> };

/** The environment of a terminal, without this test runner's CI or npm variables. */
function plainEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: work, LANG: 'C' };
  return { ...env, ...extra };
}

beforeAll(async () => {
  idp = await startIdp();
  work = mkdtempSync(join(tmpdir(), 'dotstat-pack-'));
  prefix = join(work, 'prefix');
  const cache = join(work, 'npm-cache');
  const npmEnv = plainEnv({ npm_config_cache: cache, npm_config_update_notifier: 'false' });
  const { stdout } = await run(NPM, ['pack', '--json', '--pack-destination', work], { cwd: ROOT, env: npmEnv });
  packed = (JSON.parse(stdout) as Array<typeof packed>)[0]!;
  await run(NPM, ['install', '--global', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', join(work, packed.filename)], { cwd: work, env: npmEnv });
}, 120_000);

afterAll(async () => {
  await idp.close();
  rmSync(work, { recursive: true, force: true });
});

const installed = () => join(prefix, 'lib/node_modules/dotstat-action');
const bin = () => join(prefix, 'bin/dotstat-action');

describe('npm pack: the published package', () => {
  it('holds dist/, the licence, the changelog and the interface files, and nothing of the development tree', () => {
    const paths = packed.files.map((f) => f.path).sort();
    for (const path of ['LICENSE', 'README.md', 'CHANGELOG.md', 'action.yml', 'templates/dotstat.yml', 'dist/cli.js', 'dist/index.js', 'package.json'])
      expect(paths).toContain(path);
    const outside = paths.filter(
      (p) => !/^(dist\/[^/]+|templates\/[^/]+\.yml|LICENSE|README\.md|CHANGELOG\.md|SECURITY\.md|action\.yml|package\.json)$/.test(p),
    );
    expect(outside).toEqual([]);
    // Every chunk the bundles load is in the package.
    const chunks = readdirSync(join(ROOT, 'dist')).map((name) => `dist/${name}`);
    expect(paths.filter((p) => p.startsWith('dist/'))).toEqual(chunks.sort());
  });

  it('declares no runtime dependency, and the offline install into an empty prefix brought none', () => {
    const manifest = JSON.parse(readFileSync(join(installed(), 'package.json'), 'utf8')) as Record<string, unknown>;
    for (const field of ['dependencies', 'optionalDependencies', 'peerDependencies', 'bundleDependencies']) expect(manifest[field], field).toBeUndefined();
    expect(manifest.private).toBeUndefined();
    expect(existsSync(join(installed(), 'node_modules'))).toBe(false);
    expect(readFileSync(join(installed(), 'LICENSE'), 'utf8')).toContain('MIT License');
    expect(statSync(bin()).isFile()).toBe(true);
  });

  it('dotstat-action --help, from the installed bin', async () => {
    const { stdout } = await run(bin(), ['--help'], { cwd: work, env: plainEnv() });
    for (const text of ['--authority', 'DOTSTAT_PASSWORD', '--token-file', 'exec -- CMD']) expect(stdout).toContain(text);
  });

  it('the installed bin gets a token from the identity provider (password grant, --token-file)', async () => {
    const env = plainEnv({ DOTSTAT_USERNAME: 'alice', DOTSTAT_PASSWORD: PASSWORD });
    const { stdout, stderr } = await run(bin(), ['--authority', idp.issuer, '--token-file', 'token'], { cwd: work, env });
    expect(stdout).toContain('Got an access token with the password grant');
    const token = readFileSync(join(work, 'token'), 'utf8');
    expect(idp.verifyAccessToken(token)).toMatchObject({ preferred_username: 'alice', azp: 'app' });
    const result = { code: 0, stdout, stderr, outputs: {}, env: {}, summary: '', state: '', durationMs: 0 };
    expectNoLeaks(result, [PASSWORD, token]);
    expectNoWorkflowCommands(result);
  });
});
