/**
 * The lock when the file system fails under it, which no real folder here can be made to do on
 * demand: a write that fails as a full disk does (ENOSPC) and a touch that fails. node:fs is the
 * real one but for the one call each test makes fail.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { DotstatError } from '../../../src/errors.js';

const fail: { write?: boolean; touch?: boolean } = {};
const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  return {
    ...real,
    writeSync: (...args: Parameters<typeof real.writeSync>) => {
      if (fail.write) throw enospc();
      return real.writeSync(...args);
    },
    futimesSync: (...args: Parameters<typeof real.futimesSync>) => {
      if (fail.touch) throw enospc();
      return real.futimesSync(...args);
    },
  };
});
const { acquireLock } = await import('../../../src/lifecycle/lock.js');

const dir = mkdtempSync(join(tmpdir(), 'dotstat-lock-faults-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the lock on a failing file system', () => {
  it('a full disk as the lock is written: an error naming the lock, and no empty lock left behind for others to wait on', async () => {
    const lock = join(dir, 'full.json.lock');
    fail.write = true;
    const error = await acquireLock(lock)
      .catch((e: unknown) => e)
      .finally(() => (fail.write = false));
    expect(error).toBeInstanceOf(DotstatError);
    expect((error as DotstatError).message).toBe(`Cannot lock the job's state (${lock}): ENOSPC.`);
    expect(existsSync(lock)).toBe(false);
    expect(existsSync(`${lock}.takeover`)).toBe(false);
  });

  it('a touch that fails (in a timer): no uncaught error, and the holder releases as usual', async () => {
    const lock = join(dir, 'touch.json.lock');
    const uncaught: unknown[] = [];
    const onUncaught = (e: unknown) => uncaught.push(e);
    process.prependListener('uncaughtException', onUncaught);
    try {
      const release = await acquireLock(lock, { heartbeatMs: 20 });
      fail.touch = true;
      await new Promise((resolve) => setTimeout(resolve, 150));
      fail.touch = false;
      await release();
      expect(uncaught).toEqual([]);
      expect(readdirSync(dir).filter((name) => name.startsWith('touch'))).toEqual([]);
    } finally {
      process.removeListener('uncaughtException', onUncaught);
    }
  });
});
