/**
 * The zip writer when the disk fills up part-way: the error is the disk's, both files are closed
 * after both sides have stopped, and nothing is left to fail later (an unhandled rejection here
 * fails the test run).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';
import { zipToTemp } from '../../../src/transfer/compress.js';
import { zipOneFile } from '../../../src/transfer/zip.js';

const failing = vi.hoisted(() => ({ afterWrites: Infinity, closed: [] as string[] }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  const open = (async (path: string, flags?: string, mode?: number) => {
    const handle = await actual.open(path, flags, mode);
    if (flags !== 'wx') return handle;
    let writes = 0;
    return new Proxy(handle, {
      get(target, property) {
        // write() (one stream) and writev() (blocks, ../../../src/transfer/zip.ts) alike.
        if (property === 'write' || property === 'writev') {
          return (...args: unknown[]) => {
            if (++writes > failing.afterWrites) return Promise.reject(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
            return (target[property] as (...a: unknown[]) => Promise<unknown>)(...args);
          };
        }
        if (property === 'close') {
          return async () => {
            failing.closed.push(path);
            await target.close();
          };
        }
        const value = Reflect.get(target, property, target) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  }) as typeof actual.open;
  return { ...actual, open, default: { ...actual, open } };
});

const dir = mkdtempSync(join(tmpdir(), 'dotstat-zip-failure-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 6 MB that deflate cannot shrink much, so that the output takes many writes. */
function incompressible(name: string): { path: string; size: number } {
  const path = join(dir, name);
  const content = Buffer.alloc(6_000_000);
  for (let i = 0, x = 12345; i < content.length; i++) content[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  writeFileSync(path, content);
  return { path, size: content.length };
}

it.each([1, 2, 3])('a full disk part-way (threads %i): ENOSPC, after both sides have stopped and the zip is closed', async (threads) => {
  failing.afterWrites = 3;
  failing.closed.length = 0;
  const { path, size } = incompressible(`a${threads}.csv`);
  const target = join(dir, `a${threads}.zip`);
  await expect(zipOneFile(path, size, 'a.csv', target, { threads })).rejects.toMatchObject({ code: 'ENOSPC' });
  expect(failing.closed).toEqual([target]);
  // Give any stray read or write a chance to fail where the test run would see it.
  await new Promise((resolve) => setTimeout(resolve, 200));
});

it('through zipToTemp: ZIP_FAILED naming the file and the free space, and the temporary folder is gone', async () => {
  failing.afterWrites = 2;
  const { path, size } = incompressible('b.csv');
  const error = await zipToTemp({ name: 'b.csv', path, size, contentType: 'text/csv' }, dir).catch((e: unknown) => e);
  expect(error).toMatchObject({ code: 'ZIP_FAILED', message: "Could not zip 'b.csv': ENOSPC." });
  expect((error as { hint: string }).hint).toContain('free space');
  const { readdirSync } = await import('node:fs');
  expect(readdirSync(dir).filter((name) => name.startsWith('dotstat-zip-'))).toEqual([]);
});
