/**
 * Expands the `file` input (paths and glob patterns, one per line) into the files to upload, and
 * checks each one before any request: it exists, is a regular file, is readable and not empty.
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import { InputError } from '../errors.js';

export interface UploadFile {
  /** As the user named it (relative to the working directory when they wrote it so). */
  readonly name: string;
  readonly path: string;
  readonly size: number;
  readonly contentType: string;
}

const GLOB_CHARS = /[*?[\]{}]/;

export function contentTypeOf(path: string): string {
  const ext = extname(path).toLowerCase();
  if (ext === '.zip') return 'application/zip';
  if (ext === '.xml') return 'text/xml';
  return 'text/csv';
}

/** Files in the order the patterns list them; a file matched twice is uploaded once. */
export async function resolveFiles(patterns: readonly string[], cwd = process.cwd()): Promise<UploadFile[]> {
  const seen = new Map<string, UploadFile>();
  for (const pattern of patterns) {
    const names = GLOB_CHARS.test(pattern) ? await expand(pattern, cwd) : [pattern];
    if (names.length === 0) {
      throw new InputError(
        'file',
        `the pattern '${pattern}' matches no file (in ${cwd}).`,
        'Check the path and the working directory; patterns are relative to the workspace.',
      );
    }
    for (const name of names) {
      const path = resolve(cwd, name);
      if (!seen.has(path)) seen.set(path, await checkFile(name, path));
    }
  }
  return [...seen.values()];
}

async function expand(pattern: string, cwd: string): Promise<string[]> {
  // Loaded only when a pattern needs it: a token-only run never pays for it.
  const { glob } = await import('tinyglobby');
  const matches = await glob(pattern, { cwd, onlyFiles: true, dot: false, expandDirectories: false });
  return matches.sort();
}

async function checkFile(name: string, path: string): Promise<UploadFile> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new InputError('file', `'${name}' does not exist.`, 'Check the path; it is relative to the working directory of the step.');
  if (info.isDirectory()) throw new InputError('file', `'${name}' is a directory, not a file.`, `Name the files in it, e.g. ${name.replace(/\/$/, '')}/*.csv.`);
  if (!info.isFile()) throw new InputError('file', `'${name}' is not a regular file.`, 'Name the data file itself, not a device, socket or pipe.');
  if (info.size === 0)
    throw new InputError('file', `'${name}' is empty (0 bytes).`, 'An empty file would be rejected by the Transfer service; check the step that writes it.');
  await access(path, constants.R_OK).catch(() => {
    throw new InputError(
      'file',
      `'${name}' cannot be read (permission denied).`,
      'Make it readable by the user the job runs as (chmod a+r), e.g. in the step that writes it.',
    );
  });
  return { name: name || basename(path), path, size: info.size, contentType: contentTypeOf(path) };
}
