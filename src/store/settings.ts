/**
 * The write-back settings: refresh-token-store (where the rotated refresh token goes) and
 * store-token (what may write it there), checked with the rest of the settings, before any request:
 * a target that cannot be parsed, or a store that needs a token it was not given, fails here.
 */
import { InputError } from '../errors.js';
import type { RawSettings } from '../inputs.js';
import { read } from '../parse.js';
import { notAPlainFile } from '../files.js';
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { HttpSettings } from '../http/client.js';
import { openStore } from './open.js';
import { parseStoreTarget } from './target.js';
import type { SecretStore } from './types.js';

export function parseRefreshTokenStore(raw: RawSettings, http: HttpSettings, env: Readonly<Record<string, string | undefined>> = {}): SecretStore | undefined {
  const text = read(raw, 'refresh-token-store');
  const token = read(raw, 'store-token');
  if (!text) {
    if (token)
      throw new InputError('store-token', 'is set, but refresh-token-store is not: it writes nothing.', 'Set refresh-token-store too, or remove store-token.');
    return undefined;
  }
  let target;
  try {
    target = parseStoreTarget(text, 'refresh-token-store');
  } catch (error) {
    const [, why = (error as Error).message] = /^refresh-token-store: (.*)$/s.exec((error as Error).message) ?? [];
    throw new InputError(
      'refresh-token-store',
      why,
      'For example github-secret:DOTSTAT_REFRESH_TOKEN, gitlab-variable:DOTSTAT_REFRESH_TOKEN or file:.dotstat-refresh-token.',
    );
  }
  // A path that cannot take the token is refused before a refresh spends the one given.
  if (target.kind === 'file') {
    if (/^~(?:[/\\]|$)/.test(target.path))
      throw new InputError(
        'refresh-token-store',
        `file:${target.path} starts with ~, which is not expanded here.`,
        'Write the folder out: file:$HOME/… in a shell, or an absolute path.',
      );
    const path = resolve(target.path);
    const not = notAPlainFile(path);
    if (not)
      throw new InputError('refresh-token-store', `${path} is ${not}.`, 'Name a plain file, or a path that does not exist yet; a link is never followed.');
    if (!isFolder(dirname(path)))
      throw new InputError('refresh-token-store', `the folder ${dirname(path)} does not exist.`, 'Create it first, or name a file in a folder that exists.');
  }
  return openStore(target, { token, http, env, targetInput: 'refresh-token-store', tokenInput: 'store-token' });
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
