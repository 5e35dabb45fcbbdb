import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { contentTypeOf, resolveFiles } from '../../../src/transfer/files.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dotstat-files-'));
  for (const sub of ['data', 'data/nested', 'more', 'other', 'folder.csv']) mkdirSync(join(dir, sub));
  const files: Record<string, string> = {
    'data/b.csv': 'b,b\n1,2\n',
    'data/a.csv': 'a\n1\n',
    'data/c.xml': '<x/>',
    'data/nested/d.csv': 'd\n',
    'data/.hidden.csv': 'h\n',
    'more/e.zip': 'PK\x03\x04',
    'more/F.XML': '<f/>',
    'more/g.txt': 'g',
    'empty.csv': '',
    'other/z.csv': 'z\n',
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function inputError(patterns: string[]): Promise<InputError> {
  const error = await resolveFiles(patterns, dir).catch((e: unknown) => e);
  if (error instanceof InputError) return error;
  throw new Error(`expected an InputError, got ${String(error)}`);
}

describe('resolveFiles()', () => {
  it('a glob: its matches in name order, with size and content type', async () => {
    expect(await resolveFiles(['data/*.csv'], dir)).toEqual([
      { name: 'data/a.csv', path: join(dir, 'data/a.csv'), size: 4, contentType: 'text/csv' },
      { name: 'data/b.csv', path: join(dir, 'data/b.csv'), size: 8, contentType: 'text/csv' },
    ]);
  });

  it('** reaches nested folders; hidden files and directories are not matched', async () => {
    const names = (await resolveFiles(['data/**/*.csv'], dir)).map((f) => f.name);
    expect(names).toEqual(['data/a.csv', 'data/b.csv', 'data/nested/d.csv']);
    // folder.csv is a directory: a glob skips it, so the pattern matches nothing.
    expect((await inputError(['folder.*'])).message).toContain("the pattern 'folder.*' matches no file");
  });

  it('patterns in the order given, plain paths and globs mixed', async () => {
    const names = (await resolveFiles(['more/e.zip', 'data/{b,a}.csv', 'data/c.xml'], dir)).map((f) => f.name);
    expect(names).toEqual(['more/e.zip', 'data/a.csv', 'data/b.csv', 'data/c.xml']);
  });

  it('a file named twice (or matched by two patterns) is uploaded once', async () => {
    const files = await resolveFiles(['data/a.csv', 'data/*.csv', './data/a.csv', 'data/../data/b.csv'], dir);
    expect(files.map((f) => f.name)).toEqual(['data/a.csv', 'data/b.csv']);
  });

  it('absolute paths and paths outside the working directory', async () => {
    const [absolute] = await resolveFiles([join(dir, 'other/z.csv')], join(dir, 'data'));
    expect(absolute).toMatchObject({ name: join(dir, 'other/z.csv'), path: join(dir, 'other/z.csv'), size: 2 });
    const [parent] = await resolveFiles(['../other/*.csv'], join(dir, 'data'));
    expect(parent?.path).toBe(join(dir, 'other/z.csv'));
  });

  it('content types: csv, xml (any case), zip; anything else is sent as csv', async () => {
    const files = await resolveFiles(['data/a.csv', 'data/c.xml', 'more/F.XML', 'more/e.zip', 'more/g.txt'], dir);
    expect(files.map((f) => f.contentType)).toEqual(['text/csv', 'text/xml', 'text/xml', 'application/zip', 'text/csv']);
  });

  it('a glob matching nothing → error naming the input and the pattern', async () => {
    const error = await inputError(['data/a.csv', 'exports/*.csv']);
    expect(error.input).toBe('file');
    expect(error.message).toBe(`Input 'file': the pattern 'exports/*.csv' matches no file (in ${dir}).`);
    expect(error.hint).toContain('working directory');
  });

  it('a missing file → error naming it', async () => {
    expect((await inputError(['data/missing.csv'])).message).toBe("Input 'file': 'data/missing.csv' does not exist.");
  });

  it('a directory → error suggesting a pattern', async () => {
    const error = await inputError(['data/']);
    expect(error.message).toBe("Input 'file': 'data/' is a directory, not a file.");
    expect(error.hint).toBe('Name the files in it, e.g. data/*.csv.');
    expect((await inputError(['folder.csv'])).message).toBe("Input 'file': 'folder.csv' is a directory, not a file.");
  });

  it('a zero-byte file → error', async () => {
    const error = await inputError(['data/a.csv', 'empty.csv']);
    expect(error.message).toBe("Input 'file': 'empty.csv' is empty (0 bytes).");
  });

  it.skipIf(process.getuid?.() === 0 || process.platform === 'win32')('an unreadable file → error', async () => {
    const path = join(dir, 'secret.csv');
    writeFileSync(path, 'x\n');
    chmodSync(path, 0o000);
    try {
      expect((await inputError(['secret.csv'])).message).toBe("Input 'file': 'secret.csv' cannot be read (permission denied).");
    } finally {
      chmodSync(path, 0o600);
    }
  });
});

describe('contentTypeOf()', () => {
  it.each([
    ['a.csv', 'text/csv'],
    ['a.CSV', 'text/csv'],
    ['a.xml', 'text/xml'],
    ['dir.zip/a.xml', 'text/xml'],
    ['a.ZIP', 'application/zip'],
    ['a', 'text/csv'],
  ])('%s → %s', (path, type) => {
    expect(contentTypeOf(path)).toBe(type);
  });
});
