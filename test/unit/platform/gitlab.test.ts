/* eslint-disable no-control-regex -- GitLab's section markers are made of ANSI escapes. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DotenvReport } from '../../../src/platform/dotenv.js';
import { createGitlabPlatform } from '../../../src/platform/gitlab.js';
import type { Platform } from '../../../src/platform/types.js';
import { SecretRegistry } from '../../../src/secrets.js';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl';
const PASSWORD = 'p@ss word/+1';
const ESC = '\u001b';
const START = /^\u001b\[0Ksection_start:(\d+):(dotstat_\d+)\[collapsed=true\]\r\u001b\[0K(.*)$/s;
const END = /^\u001b\[0Ksection_end:(\d+):(dotstat_\d+)\r\u001b\[0K$/;

const dir = mkdtempSync(join(tmpdir(), 'dotstat-gitlab-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let out: string;
const savedExitCode = process.exitCode;
beforeEach(() => {
  out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += chunk.toString();
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = savedExitCode;
});

/** What was printed, one entry per line (the trailing newline of the last line dropped). */
const printed = () => out.replace(/\n$/, '').split('\n');

function gitlab(options: { debug?: boolean; dotenv?: DotenvReport } = {}): { platform: Platform; secrets: SecretRegistry } {
  const secrets = new SecretRegistry();
  const platform = createGitlabPlatform(secrets, { debug: options.debug ?? false, dotenv: options.dotenv });
  platform.addSecret(PASSWORD);
  platform.addSecret(TOKEN);
  return { platform, secrets };
}

describe('createGitlabPlatform()', () => {
  it('is named gitlab and registers secrets', () => {
    const { platform, secrets } = gitlab();
    expect(platform.name).toBe('gitlab');
    expect(secrets.has(TOKEN)).toBe(true);
    expect(out).toBe('');
  });

  it('group(): collapsed section_start and section_end around the lines', async () => {
    const { platform } = gitlab();
    const before = Math.floor(Date.now() / 1000);
    const value = await platform.group('Transfer log: data/a.csv (request 101, Completed/Success)', async () => {
      platform.info('inside');
      return 42;
    });
    const after = Math.floor(Date.now() / 1000);
    expect(value).toBe(42);
    const lines = printed();
    expect(lines).toHaveLength(3);
    const start = START.exec(lines[0] ?? '');
    const end = END.exec(lines[2] ?? '');
    expect(start, JSON.stringify(lines[0])).not.toBeNull();
    expect(end, JSON.stringify(lines[2])).not.toBeNull();
    expect(start?.[3]).toBe('Transfer log: data/a.csv (request 101, Completed/Success)');
    expect(lines[1]).toBe('inside');
    expect(end?.[2]).toBe(start?.[2]);
    for (const ts of [Number(start?.[1]), Number(end?.[1])]) {
      expect(ts).toBeGreaterThanOrEqual(before);
      expect(ts).toBeLessThanOrEqual(after);
    }
    expect(lines[0]).toBe(
      `${ESC}[0Ksection_start:${start?.[1]}:${start?.[2]}[collapsed=true]\r${ESC}[0KTransfer log: data/a.csv (request 101, Completed/Success)`,
    );
  });

  it('group(): each section has its own name', async () => {
    const { platform } = gitlab();
    await platform.group('one', async () => undefined);
    await platform.group('two', async () => undefined);
    const names = printed().map((line) => (START.exec(line) ?? END.exec(line))?.[2]);
    expect(names).toHaveLength(4);
    expect(names[0]).toBe(names[1]);
    expect(names[2]).toBe(names[3]);
    expect(names[0]).not.toBe(names[2]);
  });

  it('group(): the section is closed when fn throws, and the error passes through', async () => {
    const { platform } = gitlab();
    await expect(platform.group('failing', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    const lines = printed();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(START);
    expect(lines[1]).toMatch(END);
  });

  it('group(): the title is redacted and cannot break out of its line', async () => {
    const { platform } = gitlab();
    await platform.group(`log of ${TOKEN}\n::add-mask::x\r${ESC}[0Ksection_end:1:dotstat_1`, async () => undefined);
    const lines = printed();
    expect(lines).toHaveLength(2);
    const title = START.exec(lines[0] ?? '')?.[3] ?? '';
    expect(title).not.toContain(TOKEN);
    expect(title).toContain('***');
    expect(title).not.toMatch(/[\r\n\u001b]|::/);
  });

  it('no line ever starts a workflow command, and no secret is printed', async () => {
    const { platform } = gitlab({ debug: true });
    const evil = [`::add-mask::${TOKEN}`, `::set-output name=x::${PASSWORD}`, `text\n::error::${TOKEN}`, `  ::warning::x`];
    await platform.group('::group::title', async () => {
      for (const message of evil) {
        platform.info(message);
        platform.warning(message, { title: `::notice::${PASSWORD}` });
        platform.error(message, { title: message });
        platform.debug(message);
      }
    });
    platform.setOutput('access-token', TOKEN, { secret: true });
    platform.setOutput('token-type', `::stop-commands::${TOKEN}`, { secret: false });
    platform.exportVariable('DOTSTAT_ACCESS_TOKEN', TOKEN, { secret: true });
    platform.setFailed(`::error::failed with ${PASSWORD}`);
    expect(out.length).toBeGreaterThan(0);
    for (const line of out.split(/[\r\n]/)) expect(line.trimStart().startsWith('::'), JSON.stringify(line)).toBe(false);
    expect(out).not.toContain('::');
    expect(out).not.toContain(TOKEN);
    expect(out).not.toContain(PASSWORD);
    expect(out).not.toContain(encodeURIComponent(PASSWORD));
    expect(process.exitCode).toBe(1);
  });

  it('setOutput(): secrets go nowhere; non-secret outputs go to the dotenv report', () => {
    const path = join(dir, 'platform.env');
    const secrets = new SecretRegistry();
    const platform = createGitlabPlatform(secrets, { debug: false, dotenv: new DotenvReport(path, secrets) });
    platform.setOutput('access-token', TOKEN, { secret: true });
    platform.setOutput('grant-type', 'password', { secret: false });
    platform.exportVariable('DOTSTAT_ACCESS_TOKEN', TOKEN, { secret: true });
    expect(readFileSync(path, 'utf8')).toBe('DOTSTAT_GRANT_USED=password\n');
    expect(out).toBe('');
  });

  it('debug(): printed only w/ debug on', () => {
    gitlab({ debug: false }).platform.debug('hidden');
    expect(out).toBe('');
    gitlab({ debug: true }).platform.debug('shown');
    expect(out).toBe('[debug] shown\n');
  });

  it('setFailed(): Error line, exit code 1', () => {
    gitlab().platform.setFailed("Input 'authority': is required.\nSet authority.");
    expect(printed()).toEqual(["Error: Input 'authority': is required.", '  Set authority.']);
    expect(process.exitCode).toBe(1);
  });
});
