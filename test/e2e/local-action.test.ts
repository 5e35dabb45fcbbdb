/**
 * GitHub's own tool for running an action's source locally, `@github/local-action`, run the way
 * the README documents it (`local-action run . src/main.ts <env file>`), with the project's
 * .env.example pointed at the local identity provider. The tool imports src/main.ts and calls its
 * exported run(): the action must run exactly once (the module must not also start itself), and
 * no secret may reach its log.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIdp, type Idp } from '../fixtures/idp.mjs';
import { ROOT } from '../support/harness.js';

const run = promisify(execFile);
const LOCAL_ACTION = join(ROOT, 'node_modules/@github/local-action/bin/local-action.js');
const PASSWORD = 'alice-password';

let idp: Idp;
let dir: string;

beforeAll(async () => {
  idp = await startIdp();
  dir = mkdtempSync(join(tmpdir(), 'dotstat-local-action-'));
});
afterAll(async () => {
  await idp.close();
  rmSync(dir, { recursive: true, force: true });
});

/** .env.example as a user fills it in: the realm replaced, nothing else. */
function envFile(): string {
  const example = readFileSync(join(ROOT, '.env.example'), 'utf8');
  expect(example).toMatch(/^INPUT_AUTHORITY=.+$/m);
  const text = example.replace(/^INPUT_AUTHORITY=.*$/m, `INPUT_AUTHORITY=${idp.issuer}`);
  const path = join(dir, '.env');
  writeFileSync(path, text);
  return path;
}

describe('@github/local-action run . src/main.ts .env.example', () => {
  it('runs the action once: a token, the public outputs in its table, no secret in the log', async () => {
    const env = { PATH: process.env.PATH, HOME: process.env.HOME ?? dir, NO_COLOR: '1' };
    const { stdout, stderr } = await run(process.execPath, [LOCAL_ACTION, 'run', '.', 'src/main.ts', envFile()], { cwd: ROOT, env, timeout: 120_000 });
    const log = stdout + stderr;
    expect(log).toContain('Running Action');
    expect(log.match(/Got an access token with the password grant/g), log).toHaveLength(1);
    expect(idp.requests.filter((r) => r.path.endsWith('/token'))).toHaveLength(1);
    const outputs = log.slice(log.indexOf('Action Outputs'));
    expect(outputs).toMatch(/'grant-type'\s*│\s*'password'/);
    expect(outputs).toMatch(/'expires-in'\s*│\s*'300'/);
    // The tool gives no GITHUB_OUTPUT file: the secret outputs are left unset, and said so.
    expect(log).toContain('Step outputs not written: GITHUB_OUTPUT is not set, and the value is secret.');
    expect(outputs).not.toMatch(/'(?:access|refresh)-token'\s*│/);
    expect(log).not.toMatch(/eyJ[\w-]{10,}\.[\w-]{10,}/);
    expect(log.includes(PASSWORD), 'the password in the log').toBe(false);
  }, 150_000);
});
