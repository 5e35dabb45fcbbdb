import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { summary } from '@actions/core';
import { createGithubPlatform } from '../../../src/platform/github.js';
import type { Platform } from '../../../src/platform/types.js';
import { SecretRegistry } from '../../../src/secrets.js';

const TOKEN = 'github-adapter-access-token-0001';
const dir = mkdtempSync(join(tmpdir(), 'dotstat-github-adapter-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FILES = ['GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_STEP_SUMMARY'] as const;
let saved: Record<string, string | undefined>;
let stdout: string[];
let platform: Platform;

beforeEach(() => {
  saved = Object.fromEntries(FILES.map((name) => [name, process.env[name]]));
  for (const name of FILES) delete process.env[name];
  stdout = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout.push(String(chunk));
    return true;
  });
  platform = createGithubPlatform(new SecretRegistry());
  platform.addSecret(TOKEN);
});

afterEach(() => {
  vi.restoreAllMocks();
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

/** A fresh, empty runner file, its path set in the variable. */
function runnerFile(name: (typeof FILES)[number]): string {
  const path = join(mkdtempSync(join(dir, 'f-')), name);
  writeFileSync(path, '');
  process.env[name] = path;
  return path;
}

const printed = () =>
  stdout
    .join('')
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');

describe('createGithubPlatform() outputs', () => {
  it('a secret output is written as it is, to GITHUB_OUTPUT only', () => {
    const path = runnerFile('GITHUB_OUTPUT');
    platform.setOutput('access-token', TOKEN, { secret: true });
    expect(readFileSync(path, 'utf8')).toContain(`\n${TOKEN}\n`);
    expect(printed()).not.toContain(TOKEN);
  });

  // A report (results, outcome) may quote a server that echoed a secret back.
  it('a non-secret output holding a secret is redacted in the file', () => {
    const path = runnerFile('GITHUB_OUTPUT');
    platform.setOutput('results', JSON.stringify([{ message: `echoed ${TOKEN} back` }]), { secret: false });
    const written = readFileSync(path, 'utf8');
    expect(written).toContain('echoed *** back');
    expect(written).not.toContain(TOKEN);
  });

  it('an exported variable that is not secret is redacted too; the secret one is not', () => {
    const path = runnerFile('GITHUB_ENV');
    platform.exportVariable('DOTSTAT_NOTE', `x ${TOKEN} y`, { secret: false });
    platform.exportVariable('DOTSTAT_ACCESS_TOKEN', TOKEN, { secret: true });
    const written = readFileSync(path, 'utf8');
    expect(written).toContain('x *** y');
    expect(written).toContain(`\n${TOKEN}\n`);
  });

  // Without the file, @actions/core prints `::set-output name=…::value` in clear on stdout.
  it('w/o GITHUB_OUTPUT a secret output is not printed as a command, w/ one warning; a public one goes as core prints it, redacted', () => {
    platform.setOutput('access-token', TOKEN, { secret: true });
    platform.setOutput('refresh-token', `${TOKEN}-2`, { secret: true });
    platform.setOutput('results', `echoed ${TOKEN} back`, { secret: false });
    expect(printed()).not.toContain(TOKEN);
    expect(printed()).not.toContain('::set-output name=access-token');
    expect(printed()).toContain('::set-output name=results::echoed *** back');
    expect(printed().match(/::warning::Step outputs not written: GITHUB_OUTPUT is not set, and the value is secret/g)).toHaveLength(1);
  });

  it('w/o GITHUB_ENV the token is not printed as ::set-env', () => {
    platform.exportVariable('DOTSTAT_ACCESS_TOKEN', TOKEN, { secret: true });
    expect(printed()).not.toContain(TOKEN);
    expect(printed()).toContain('::warning::Variables for later steps not written: GITHUB_ENV is not set, and the value is secret');
  });

  it('GITHUB_OUTPUT that cannot be written: one warning naming it, no throw', () => {
    const folder = join(dir, 'output-folder');
    mkdirSync(folder, { recursive: true });
    process.env.GITHUB_OUTPUT = folder;
    expect(() => {
      platform.setOutput('access-token', TOKEN, { secret: true });
      platform.setOutput('grant-type', 'password', { secret: false });
    }).not.toThrow();
    expect(printed().match(/::warning::Step outputs not written: GITHUB_OUTPUT \(.*output-folder\) could not be written: EISDIR/g)).toHaveLength(1);
  });
});

describe('createGithubPlatform() summary', () => {
  // @actions/core's summary keeps the first path it was given for the rest of the process (one
  // step, one file): each test starts it afresh.
  beforeEach(() => {
    (summary as unknown as { _filePath?: string })._filePath = undefined;
  });

  it('is redacted', async () => {
    const path = runnerFile('GITHUB_STEP_SUMMARY');
    await platform.appendSummary(`| ${TOKEN} |`);
    expect(readFileSync(path, 'utf8')).toBe('| *** |\n');
  });

  it('a summary that cannot be written is a warning naming the file, never an error', async () => {
    const folder = join(dir, 'summary-folder');
    mkdirSync(folder, { recursive: true });
    process.env.GITHUB_STEP_SUMMARY = folder;
    await expect(platform.appendSummary('| table |\n')).resolves.toBeUndefined();
    expect(printed()).toMatch(
      /::warning::The job summary not written: GITHUB_STEP_SUMMARY \(.*summary-folder\) could not be written: EISDIR\. The step's result does not depend on it\./,
    );
  });
});

describe('createGithubPlatform() masks', () => {
  it('a multi-line secret whole and line by line, before anything else', () => {
    stdout.length = 0;
    const fresh = createGithubPlatform(new SecretRegistry());
    fresh.addSecret('first-line-secret\nsecond-line-secret');
    expect(stdout.join('')).toBe('::add-mask::first-line-secret%0Asecond-line-secret\n::add-mask::first-line-secret\n::add-mask::second-line-secret\n');
  });
});
