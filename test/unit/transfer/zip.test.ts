/**
 * The zip writer, read back by two readers that share no code with it: the tests' own
 * (test/support/unzip.ts, which inflates with zlib) and Python's zipfile module, which checks every
 * header field it reads and the CRC of the whole entry.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { DotstatError } from '../../../src/errors.js';
import { zipOneFile } from '../../../src/transfer/zip.js';
import { entryDigest, fileDigest, readZipEntries } from '../../support/unzip.js';

const dir = mkdtempSync(join(tmpdir(), 'dotstat-zip-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let serial = 0;

function file(content: Buffer | string, name = `in-${serial++}.csv`): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** What Python's zipfile makes of the archive: it raises on a bad header, size or CRC. */
function python(archive: string): {
  name: string;
  size: number;
  compressedSize: number;
  crc: number;
  method: number;
  time: number[];
  bad: string | null;
  flag: number;
} {
  const script = `
import json, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    [info] = z.infolist()
    bad = z.testzip()
    print(json.dumps({"name": info.filename, "size": info.file_size, "compressedSize": info.compress_size, "crc": info.CRC, "method": info.compress_type, "time": list(info.date_time), "bad": bad, "flag": info.flag_bits}))
`;
  return JSON.parse(execFileSync('python3', ['-c', script, archive], { encoding: 'utf8' })) as ReturnType<typeof python>;
}

const csv = (rows: number) =>
  'DATAFLOW,REF_AREA,TIME_PERIOD,OBS_VALUE\n' +
  Array.from({ length: rows }, (_, i) => `OECD:DF_X(1.0),A${i % 97},${2000 + (i % 25)},${(i * 7.31) % 1000}\n`).join('');

/** Exactly `bytes` of CSV-like text. */
const csvOfSize = (bytes: number) => Buffer.from(csv(Math.ceil(bytes / 30) + 10)).subarray(0, bytes);
const MiB = 2 ** 20;

// threads 1 is the single-stream path (one core); more cut the file into 1 MiB blocks deflated at once.
describe.each([
  ['one stream', 1],
  ['blocks, 2 threads', 2],
  ['blocks, 3 threads', 3],
])('zipOneFile(), %s', (_path, threads) => {
  it.each([
    ['empty', Buffer.alloc(0)],
    ['one line', 'DATAFLOW,OBS_VALUE\n'],
    ['3 MB of CSV (several chunks)', csv(60_000)],
    ['exactly 2 MiB of CSV (the last block full)', csvOfSize(2 * MiB)],
    ['1 MiB and one byte (a last block of one byte)', csvOfSize(MiB + 1)],
    ['256 KiB (one block, shorter than a block)', csvOfSize(MiB / 4)],
    ['2.5 MB of random bytes (deflate gains nothing)', randomBytes(2_500_000)],
  ])('%s: one deflated entry, byte-identical, that Python reads too', async (_title, content) => {
    const source = file(content);
    const size = statSync(source).size;
    const archive = join(dir, `out-${serial++}.zip`);
    const result = await zipOneFile(source, size, 'data.csv', archive, { threads });
    expect(result.archiveSize).toBe(statSync(archive).size);
    const [entry, ...others] = await readZipEntries(archive);
    expect(others).toEqual([]);
    expect(entry).toMatchObject({ name: 'data.csv', method: 8, size, compressedSize: result.compressedSize, crc32: crc32(Buffer.from(content)) });
    expect(await entryDigest(archive, entry!)).toEqual({ sha256: await fileDigest(source), size });
    expect(python(archive)).toMatchObject({ name: 'data.csv', size, compressedSize: result.compressedSize, crc: result.crc32, method: 8, bad: null });
  });

  it('CSV shrinks the way deflate does (a 3 MB file to well under a fifth)', async () => {
    const source = file(csv(60_000));
    const result = await zipOneFile(source, statSync(source).size, 'data.csv', join(dir, `out-${serial++}.zip`), { threads });
    expect(result.compressedSize).toBeLessThan(result.size / 5);
  });

  it('no larger than one stream: each block has the one before as its dictionary', async () => {
    const source = file(csv(200_000));
    const size = statSync(source).size;
    const one = await zipOneFile(source, size, 'data.csv', join(dir, `out-${serial++}.zip`), { threads: 1 });
    const these = await zipOneFile(source, size, 'data.csv', join(dir, `out-${serial++}.zip`), { threads });
    expect(size).toBeGreaterThan(5 * MiB);
    expect(these.compressedSize).toBeLessThanOrEqual(one.compressedSize);
    expect(these.crc32).toBe(one.crc32);
  });

  it('zip64 fields (forced on a small file, as a file of 4 GiB or more gets them): both readers follow them', async () => {
    const content = csv(20_000);
    const source = file(content);
    const size = statSync(source).size;
    const archive = join(dir, `out-${serial++}.zip`);
    const result = await zipOneFile(source, size, 'data.csv', archive, { forceZip64: true, threads });
    const [entry] = await readZipEntries(archive);
    expect(entry).toMatchObject({ size, compressedSize: result.compressedSize });
    expect(await entryDigest(archive, entry!)).toEqual({ sha256: await fileDigest(source), size });
    expect(python(archive)).toMatchObject({ size, compressedSize: result.compressedSize, crc: result.crc32, bad: null });
  });

  it('a UTF-8 name is kept, flagged as UTF-8', async () => {
    const source = file('a,b\n');
    const archive = join(dir, `out-${serial++}.zip`);
    await zipOneFile(source, 4, 'données-été.csv', archive, { threads });
    const read = python(archive);
    expect(read.name).toBe('données-été.csv');
    expect(read.flag & 0x0800).toBe(0x0800);
  });

  it("the entry's time is the file's modification time", async () => {
    const source = file('a,b\n');
    utimesSync(source, new Date(2024, 2, 15, 13, 45, 30), new Date(2024, 2, 15, 13, 45, 30));
    const archive = join(dir, `out-${serial++}.zip`);
    await zipOneFile(source, 4, 'data.csv', archive, { threads });
    expect(python(archive).time).toEqual([2024, 3, 15, 13, 45, 30]);
  });

  it('a file shorter than announced (it changed since it was listed) → FILE_CHANGED, naming what happened', async () => {
    for (const rows of [1_000, 100_000]) {
      const source = file(csv(rows));
      const size = statSync(source).size;
      truncateSync(source, size - 10);
      const error = await zipOneFile(source, size, 'data.csv', join(dir, `out-${serial++}.zip`), { threads }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DotstatError);
      expect(error).toMatchObject({ code: 'FILE_CHANGED', message: `The file became shorter (${size - 10} of ${size} bytes) while it was being zipped.` });
    }
  });

  it('a file longer than announced → FILE_CHANGED too', async () => {
    const source = file(csv(1_000));
    const size = statSync(source).size;
    const error = await zipOneFile(source, size - 1, 'data.csv', join(dir, `out-${serial++}.zip`), { threads }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'FILE_CHANGED', message: `The file grew beyond the ${size - 1} bytes it had while it was being zipped.` });
  });

  it('never overwrites an existing file', async () => {
    const source = file('a,b\n');
    const archive = file('already here', `taken-${serial++}.zip`);
    await expect(zipOneFile(source, 4, 'data.csv', archive, { threads })).rejects.toMatchObject({ code: 'EEXIST' });
  });
});
