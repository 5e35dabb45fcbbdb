/**
 * A minimal zip reader for tests: finds each entry through the central directory (zip64 too) and
 * inflates it as a stream, so a test can prove what the simulator received without trusting the
 * code that wrote it.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createInflateRaw } from 'node:zlib';

export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly crc32: number;
  readonly dataOffset: number;
}

export async function readZipEntries(path: string): Promise<ZipEntry[]> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const tailLength = Math.min(size, 65_557 + 20 + 56);
    const tail = Buffer.alloc(tailLength);
    await handle.read(tail, 0, tailLength, size - tailLength);
    const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (eocd < 0) throw new Error('not a zip: no end of central directory');
    let count = tail.readUInt16LE(eocd + 10);
    let cdOffset = tail.readUInt32LE(eocd + 16);
    const locator = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x06, 0x07]), eocd);
    if (locator >= 0) {
      const record = Buffer.alloc(56);
      await handle.read(record, 0, 56, Number(tail.readBigUInt64LE(locator + 8)));
      count = Number(record.readBigUInt64LE(32));
      cdOffset = Number(record.readBigUInt64LE(48));
    }
    const entries: ZipEntry[] = [];
    let at = cdOffset;
    for (let i = 0; i < count; i++) {
      const header = Buffer.alloc(46);
      await handle.read(header, 0, 46, at);
      if (header.readUInt32LE(0) !== 0x02014b50) throw new Error('bad central directory entry');
      const nameLength = header.readUInt16LE(28);
      const extraLength = header.readUInt16LE(30);
      const commentLength = header.readUInt16LE(32);
      const rest = Buffer.alloc(nameLength + extraLength);
      await handle.read(rest, 0, rest.length, at + 46);
      let compressedSize = header.readUInt32LE(20);
      let uncompressedSize = header.readUInt32LE(24);
      let localOffset = header.readUInt32LE(42);
      for (let x = nameLength; x < rest.length;) {
        const id = rest.readUInt16LE(x);
        const length = rest.readUInt16LE(x + 2);
        if (id === 0x0001) {
          let p = x + 4;
          if (uncompressedSize === 0xffffffff) {
            uncompressedSize = Number(rest.readBigUInt64LE(p));
            p += 8;
          }
          if (compressedSize === 0xffffffff) {
            compressedSize = Number(rest.readBigUInt64LE(p));
            p += 8;
          }
          if (localOffset === 0xffffffff) localOffset = Number(rest.readBigUInt64LE(p));
        }
        x += 4 + length;
      }
      const local = Buffer.alloc(30);
      await handle.read(local, 0, 30, localOffset);
      if (local.readUInt32LE(0) !== 0x04034b50) throw new Error('bad local header');
      entries.push({
        name: rest.subarray(0, nameLength).toString('utf8'),
        method: header.readUInt16LE(10),
        compressedSize,
        size: uncompressedSize,
        crc32: header.readUInt32LE(16),
        dataOffset: localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28),
      });
      at += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
  } finally {
    await handle.close();
  }
}

/** sha256 and length of an entry's inflated content. */
export async function entryDigest(path: string, entry: ZipEntry): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  const source = createReadStream(path, { start: entry.dataOffset, end: entry.dataOffset + entry.compressedSize - 1 });
  const body = entry.method === 8 ? source.pipe(createInflateRaw()) : source;
  await pipeline(body, async function* (chunks) {
    for await (const chunk of chunks) {
      hash.update(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
    yield* [];
  });
  return { sha256: hash.digest('hex'), size };
}

export async function fileDigest(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}
