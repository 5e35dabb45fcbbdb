/**
 * The hostile-world suite's row runner. Every row runs a built entry point the way its platform
 * runs it (dist/index.js as the GitHub runner does; dist/cli.js as a GitLab job does) and
 * asserts the same things: the exit status, a message naming the cause and the fix, no stack
 * trace, no unhandled rejection, a bounded run time, and no secret in any output, file or log in
 * any form (raw, URL-encoded, base64, JSON-escaped), nor anything shaped like a JWT.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect as globalExpect, type ExpectStatic } from 'vitest';
import { secretForms } from '../../src/secrets.js';
import { expectNoLeaks, expectNoWorkflowCommands, ROOT, runAction, type RunResult } from './harness.js';

export const CLI_ENTRY = join(ROOT, 'dist/cli.js');

/** Secrets every row's leak scan looks for, whatever the row. */
export const PASSWORD = 'hostile-Pa55word!';
export const CLIENT_SECRET = 'hostile-client-secret-0001';

export interface Row {
  readonly name: string;
  /** 'action': dist/index.js on GitHub; 'action-plain': the same outside GitHub; 'gitlab': the CLI with GITLAB_CI=true. */
  readonly entry: 'action' | 'action-plain' | 'gitlab';
  /** Inputs by their action names; for the CLI they become DOTSTAT_* variables (secrets) or flags. */
  readonly inputs: Record<string, string>;
  /** Extra raw CLI arguments (gitlab rows). */
  readonly args?: readonly string[];
  readonly env?: Record<string, string>;
  readonly cwd?: string;
  /** Expected exit status. */
  readonly code: number;
  /** What the log must say: the cause and the fix. */
  readonly says: readonly (string | RegExp)[];
  /** Extra secrets for the leak scan (tokens seen by the servers, for example). */
  readonly secrets?: () => readonly string[];
  /** Upper bound on the run time; default 20 s. */
  readonly withinMs?: number;
  readonly kill?: { readonly when: string | RegExp; readonly signal: NodeJS.Signals };
  /** Run as this user (the tests running as root): a permission check is then real. */
  readonly user?: { readonly uid: number; readonly gid: number };
}

const SECRET_INPUTS = new Set(['password', 'client-secret', 'refresh-token', 'username', 'store-token', 'handoff-key']);

/** The GitLab job's dotenv report: a fresh file per run (rows run side by side), scanned for leaks too. */
function cliInvocation(row: Row, dotenv: string): { args: string[]; env: Record<string, string> } {
  const env: Record<string, string> = { GITLAB_CI: 'true', DOTSTAT_DOTENV: dotenv };
  const args: string[] = [];
  for (const [name, value] of Object.entries(row.inputs)) {
    if (SECRET_INPUTS.has(name)) env[`DOTSTAT_${name.toUpperCase().replace(/-/g, '_')}`] = value;
    else args.push(`--${name}=${value}`);
  }
  return { args: [...args, ...(row.args ?? [])], env };
}

/**
 * Runs one row and asserts everything every row asserts. Rows run side by side (describe.concurrent):
 * pass the test's own `expect` (from its context), so that each assertion counts for its own test.
 */
export async function runRow(row: Row, expect: ExpectStatic = globalExpect): Promise<RunResult & { readonly dotenv?: string }> {
  const dotenvDir = row.entry === 'gitlab' ? mkdtempSync(join(tmpdir(), 'dotstat-hostile-dotenv-')) : undefined;
  const dotenvPath = dotenvDir && join(dotenvDir, 'dotstat.env');
  const cli = dotenvPath ? cliInvocation(row, dotenvPath) : undefined;
  let result: RunResult & { dotenv?: string };
  try {
    result = await runAction(cli ? {} : row.inputs, {
      entry: cli ? CLI_ENTRY : undefined,
      args: cli?.args,
      inputsAsEnv: !cli,
      github: row.entry === 'action',
      env: { ...cli?.env, ...row.env },
      cwd: row.cwd,
      timeoutMs: (row.withinMs ?? 20_000) + 5_000,
      kill: row.kill,
      user: row.user,
    });
    if (dotenvPath && existsSync(dotenvPath)) result = { ...result, dotenv: readFileSync(dotenvPath, 'utf8') };
  } finally {
    if (dotenvDir) rmSync(dotenvDir, { recursive: true, force: true });
  }
  const log = `${result.stdout}\n${result.stderr}`;
  expect(result.code, log).toBe(row.code);
  for (const expected of row.says) {
    if (typeof expected === 'string') expect(log, log).toContain(expected);
    else expect(log, log).toMatch(expected);
  }
  expect(log, 'a stack trace was printed').not.toMatch(/^\s+at .+(\(.+:\d+:\d+\)|:\d+:\d+)$/m);
  expect(log, 'an unhandled rejection or internal error').not.toMatch(/Unhandled|unhandledRejection|Unexpected internal error|node:internal/);
  expect(result.durationMs, 'the run took too long').toBeLessThan(row.withinMs ?? 20_000);
  const secrets = [
    PASSWORD,
    CLIENT_SECRET,
    ...Object.entries(row.inputs)
      .filter(([name]) => SECRET_INPUTS.has(name) && name !== 'username')
      .map(([, value]) => value),
    ...(row.secrets?.() ?? []),
  ];
  expectNoLeaks(
    result,
    secrets.filter((s) => s.trim().length >= 4),
    { outputs: ['access-token', 'refresh-token', 'id-token'], env: ['DOTSTAT_ACCESS_TOKEN'] },
    expect,
  );
  for (const secret of secrets.filter((s) => s.trim().length >= 4)) {
    for (const form of secretForms(secret)) expect(result.dotenv?.includes(form) ?? false, 'a secret in the dotenv report').toBe(false);
  }
  if (row.entry !== 'action') expectNoWorkflowCommands(result, expect);
  // Outside the files the user asked for, nothing shaped like a JWT (a token) may appear.
  const jwt = /eyJ[\w-]{10,}\.[\w-]{10,}\.[\w-]*/;
  expect(log.replace(/^::add-mask::.*$/gm, ''), 'a token-shaped value in the log').not.toMatch(jwt);
  const tokenOutputs = new Set(['access-token', 'refresh-token', 'id-token']);
  for (const [name, value] of Object.entries(result.outputs))
    if (!tokenOutputs.has(name)) expect(value, `a token-shaped value in output ${name}`).not.toMatch(jwt);
  for (const [name, value] of Object.entries(result.env))
    if (name !== 'DOTSTAT_ACCESS_TOKEN') expect(value, `a token-shaped value in exported ${name}`).not.toMatch(jwt);
  for (const [where, text] of [
    ['the job summary', result.summary],
    ['GITHUB_STATE', result.state],
    ['the dotenv report', result.dotenv ?? ''],
  ] as const) {
    expect(text, `a token-shaped value in ${where}`).not.toMatch(jwt);
  }
  return result;
}
