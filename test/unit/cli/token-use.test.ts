import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { execWith, writeTokenFile } from '../../../src/cli/token-use.js';
import { DotstatError } from '../../../src/errors.js';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXRva2Vu';
const dir = mkdtempSync(join(tmpdir(), 'dotstat-token-use-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('writeTokenFile()', () => {
  it('creates the file w/ mode 0600', () => {
    const path = join(dir, 'new.token');
    writeTokenFile(path, TOKEN);
    expect(modeOf(path)).toBe(0o600);
    expect(readFileSync(path, 'utf8')).toBe(TOKEN);
  });

  it('tightens an existing 0644 file and replaces its content', () => {
    const path = join(dir, 'existing.token');
    writeFileSync(path, 'an older and much longer content than the token itself, which must not survive');
    chmodSync(path, 0o644);
    writeTokenFile(path, TOKEN);
    expect(modeOf(path)).toBe(0o600);
    expect(readFileSync(path, 'utf8')).toBe(TOKEN);
  });

  it('rewrites w/ a renewed token', () => {
    const path = join(dir, 'renewed.token');
    writeTokenFile(path, TOKEN);
    writeTokenFile(path, 'renewed-token');
    expect(readFileSync(path, 'utf8')).toBe('renewed-token');
    expect(modeOf(path)).toBe(0o600);
  });

  // Regression: a symbolic link at the path was followed: its target was overwritten and re-moded.
  it('a symbolic link at the path is refused; its target keeps its content and mode', () => {
    const target = join(dir, 'precious.txt');
    writeFileSync(target, 'precious');
    chmodSync(target, 0o644);
    const link = join(dir, 'link.token');
    symlinkSync(target, link);
    expect(() => writeTokenFile(link, TOKEN)).toThrow(`Cannot write the token file '${link}': it is a symbolic link, not a regular file.`);
    expect(readFileSync(target, 'utf8')).toBe('precious');
    expect(modeOf(target)).toBe(0o644);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
  });

  it('a directory at the path is refused', () => {
    const folder = join(dir, 'folder.token');
    mkdirSync(folder);
    expect(() => writeTokenFile(folder, TOKEN)).toThrow(`Cannot write the token file '${folder}': it is a directory, not a regular file.`);
  });

  it('leaves no temporary file behind, on success or failure', () => {
    const folder = mkdtempSync(join(dir, 'clean-'));
    writeTokenFile(join(folder, 't'), TOKEN);
    expect(() => writeTokenFile(join(folder, 'missing/t'), TOKEN)).toThrow(/ENOENT/);
    expect(readdirSync(folder)).toEqual(['t']);
  });

  it('missing folder: TOKEN_FILE error naming the path, never the token', () => {
    const path = join(dir, 'no/such/folder/t');
    let error: unknown;
    try {
      writeTokenFile(path, TOKEN);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DotstatError);
    const e = error as DotstatError;
    expect(e.code).toBe('TOKEN_FILE');
    expect(e.message).toBe(`Cannot write the token file '${path}': ENOENT.`);
    expect(e.hint).toBe('Check that its folder exists and is writable.');
    expect(e.describe()).not.toContain(TOKEN);
  });
});

describe('execWith()', () => {
  it.each([0, 3, 42])('passes exit code %i through', async (code) => {
    await expect(execWith(['sh', '-c', `exit ${code}`], {})).resolves.toBe(code);
  });

  it('passes the extra environment, on top of the own', async () => {
    const check = 'test "$DOTSTAT_ACCESS_TOKEN" = "$EXPECTED" && test "$DOTSTAT_REFRESH_TOKEN" = refresh && test -n "$PATH"';
    process.env.EXPECTED = TOKEN;
    try {
      await expect(execWith(['sh', '-c', check], { DOTSTAT_ACCESS_TOKEN: TOKEN, DOTSTAT_REFRESH_TOKEN: 'refresh' })).resolves.toBe(0);
      await expect(execWith(['sh', '-c', check], { DOTSTAT_ACCESS_TOKEN: 'other', DOTSTAT_REFRESH_TOKEN: 'refresh' })).resolves.toBe(1);
    } finally {
      delete process.env.EXPECTED;
    }
  });

  it('passes the arguments as they are, w/o a shell', async () => {
    await expect(execWith([process.execPath, '-e', 'process.exit(process.argv[1] === "a b; exit 9" ? 5 : 6)', 'a b; exit 9'], {})).resolves.toBe(5);
  });

  it('killed by a signal: 128 + its number', async () => {
    await expect(execWith(['sh', '-c', 'kill -TERM $$'], {})).resolves.toBe(143);
  });

  it('command not found: EXEC_FAILED', async () => {
    const error = await execWith(['dotstat-no-such-command', '--x'], { DOTSTAT_ACCESS_TOKEN: TOKEN }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DotstatError);
    expect(error).toMatchObject({
      code: 'EXEC_FAILED',
      message: "Cannot run 'dotstat-no-such-command': command not found.",
      hint: 'Check the command after exec --, and that it is on PATH.',
    });
    expect((error as DotstatError).describe()).not.toContain(TOKEN);
  });
});
