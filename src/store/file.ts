/** A refresh token kept in a local file: mode 0600, replaced atomically, no link followed (../files.ts). */
import { resolve } from 'node:path';
import { notAPlainFile, replaceFile } from '../files.js';
import type { SecretStore, StoreReceipt } from './types.js';

export function fileStore(path: string): SecretStore {
  const absolute = resolve(path);
  const where = `the file ${absolute}`;
  return {
    target: { kind: 'file', path },
    where,
    async write(value: string): Promise<StoreReceipt> {
      const not = notAPlainFile(absolute);
      if (not) throw new Error(`Cannot keep the token in ${absolute}: it is ${not}. Name a plain file, or a path that does not exist yet.`);
      try {
        replaceFile(absolute, `${value}\n`, 0o600);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? 'an error';
        throw new Error(`Cannot keep the token in ${absolute} (${code}): check that its folder exists and is writable.`, { cause: error });
      }
      return { where, confirmed: 'mode 0600' };
    },
  };
}
