/**
 * compress: the simulator must receive a valid zip whose single entry is byte-identical to the
 * input, for files of several sizes; and zipping must make a file that is over the service's
 * 30 MB limit fit under it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIdp } from '../fixtures/idp.mjs';
import { startTransfer } from '../fixtures/transfer.mjs';
import { expectNoLeaks, ROOT, runAction } from './harness.js';
import { entryDigest, fileDigest, readZipEntries } from './unzip.js';

let idp: Awaited<ReturnType<typeof startIdp>>;
let transfer: Awaited<ReturnType<typeof startTransfer>>;
let dir: string;

/** Deterministic SDMX-CSV of about `mb` megabytes, written by the project's generator. */
function generate(name: string, mb: number): string {
  const out = join(dir, name);
  const result = spawnSync(process.execPath, [join(ROOT, 'scripts/make-sdmx-csv.mjs'), '--mb', String(mb), '--out', out]);
  expect(result.status, result.stderr.toString()).toBe(0);
  return out;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dotstat-compress-'));
  idp = await startIdp();
  transfer = await startTransfer({ verifyToken: (token: string) => idp.verifyAccessToken(token), scenario: () => ({ durationMs: 100 }) });
});
afterAll(async () => {
  await transfer.close();
  await idp.close();
  rmSync(dir, { recursive: true, force: true });
});

const inputs = () => ({
  authority: idp.issuer,
  username: 'alice',
  password: 'alice-password',
  'transfer-url': transfer.baseUrl,
  dataspace: 'design',
  'poll-interval': '0.1',
});

describe('compress', () => {
  it.each([
    ['a small file w/ compress: zip', 0.01, { compress: 'zip' }],
    ['a 12 MB file w/ compress: auto (over the 10 MB threshold)', 12, {}],
    ['a 40 MB file, over the 30 MB limit, w/ auto', 40, {}],
  ])(
    '%s: the service gets a zip whose one entry is the file, byte for byte',
    async (_title, mb, extra) => {
      const path = generate(`data-${mb}.csv`, mb);
      const before = transfer.uploads.length;
      const result = await runAction({ ...inputs(), file: path, ...extra }, { cwd: dir, timeoutMs: 60_000 });
      expect(result.code, result.stdout).toBe(0);
      const upload = transfer.uploads[before]!;
      expect(upload.file).toMatchObject({ contentType: 'application/zip', filename: `data-${mb}.csv.zip` });
      const entries = await readZipEntries(upload.file!.path);
      expect(entries.map((e) => e.name)).toEqual([`data-${mb}.csv`]);
      expect(await entryDigest(upload.file!.path, entries[0]!)).toEqual({ sha256: await fileDigest(path), size: entries[0]!.size });
      const [row] = JSON.parse(result.outputs.results!) as Array<{ size: number; sentSize: number }>;
      expect(row!.sentSize).toBe(upload.file!.size);
      expect(row!.sentSize).toBeLessThan(row!.size);
      expect(result.stdout).toMatch(/Zipped .*data-.*\.csv: .* → .*×\)/);
      expectNoLeaks(result, ['alice-password']);
    },
    90_000,
  );

  it('compress: none sends a 40 MB file as is, and the service refuses it (413)', async () => {
    const path = generate('plain-40.csv', 40);
    const result = await runAction({ ...inputs(), file: path, compress: 'none' }, { cwd: dir, timeoutMs: 60_000 });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('HTTP 413');
    expect(result.stdout).toContain('Zip the file');
  }, 90_000);

  it('auto leaves a small file alone, and never zips a zip', async () => {
    const before = transfer.uploads.length;
    const result = await runAction({ ...inputs(), file: join(ROOT, 'test/data/sample-sdmx-csv-1.0.csv') }, { cwd: dir });
    expect(result.code, result.stdout).toBe(0);
    expect(transfer.uploads[before]!.file).toMatchObject({ contentType: 'text/csv' });
    expect(result.stdout).not.toContain('Zipped');
  });
});
