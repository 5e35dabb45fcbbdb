/**
 * Writes a zip archive that holds one file, deflated: what the Transfer service accepts in place
 * of a CSV or XML file. The layout is APPNOTE.TXT 6.3.10's, reduced to one entry at offset 0:
 *
 *   local file header | deflated data | central directory header | [zip64 end records] | end record
 *
 * The local header is written last, in the place kept for it, once the CRC and the compressed
 * size are known; so no data descriptor is needed and any reader, streaming or not, can read it.
 * Zip64 fields are written only for a file of 4 GiB or more, as zip tools do.
 *
 * The file is read into two buffers used in turn (one is deflated while the next is read), the
 * CRC is zlib's own (native), and the deflated bytes go straight to disk: nothing grows with the
 * file's size, and nothing is allocated per chunk but zlib's output. This replaced yazl, whose
 * pipeline allocated a buffer per chunk at every stage and computed the CRC in JavaScript, and
 * took more memory and time for it (`npm run bench` measures this writer: bench/RESULTS.md).
 *
 * With more than one core the file is deflated in parallel, as pigz does: it is cut into 1 MiB
 * blocks, each deflated on its own, with the last 32 KiB of the block before as its dictionary,
 * so that matches reach across the cut as in one stream. zlib's asynchronous calls run on libuv's
 * thread pool, so there is no worker script and no copy of the data: zlib reads each block where
 * it was read. Every block but the last ends with a sync flush (an empty stored block, on a byte
 * boundary) and the last with the final block, so the blocks joined in order are one valid
 * deflate stream. Up to two blocks more than the cores are in flight, no more than the pool has
 * threads, and the CRC-32 is computed over the blocks in order as they are read. Each block's output
 * comes in one 128 KiB buffer or a few and is written as it is; a collection after every 2 MiB
 * written frees those buffers (./collect.ts), where V8 on its own let about 32 MiB of them pile
 * up. With one core (a taskset or cgroup limit) the single-stream path runs, as before.
 * @see https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT
 */
import { open, type FileHandle } from 'node:fs/promises';
import { constants, crc32, createDeflateRaw, type DeflateRaw } from 'node:zlib';
import { DotstatError } from '../errors.js';
import { collectGarbage } from './collect.js';
import { deflateThreads, threadPoolSize } from './cores.js';

const CHUNK_BYTES = 1 << 20;
/**
 * The parallel path's block: each costs a sync flush (5 bytes), a fresh zlib state and its round
 * trips between zlib's thread and the main thread, and the blocks in flight are the memory. 1 MiB;
 * the first design's 512 KiB blocks (in 8 KiB buffers) left the cores idle a fifth of the time,
 * and 256 KiB would make a larger zip than the single stream's (bench/README.md).
 */
const BLOCK_BYTES = 1024 * 1024;
/**
 * zlib's output buffer for a block: most blocks' output fits in one, so zlib calls back once or
 * twice per block; with 8 KiB buffers, a dozen times, and the parallel zip was about 25% slower.
 */
const BLOCK_CHUNK_BYTES = 128 * 1024;
/** Written output between two collections (./collect.ts). */
const COLLECT_EVERY_BYTES = 2 * 1024 * 1024;
/** Deflate's window: the dictionary each block gets from the one before. */
const WINDOW_BYTES = 32 * 1024;
/**
 * zlib's memLevel for the parallel path's blocks: 9 (a larger hash and symbol buffer) costs no
 * more time than the default 8 on this data and more than makes up for the blocks' flushes, so the
 * parallel zip is no larger than the single stream's (bench/RESULTS.md).
 */
const BLOCK_MEM_LEVEL = 9;
const DEFLATED = 8;
/** General purpose flag bit 11: the name is UTF-8. */
const UTF8_NAME = 0x0800;
const MADE_BY_UNIX = 3 << 8;
/** Regular file, rw-r--r--, in the high half of the external attributes (as Info-ZIP writes it). */
const UNIX_FILE_MODE = (0o100644 << 16) >>> 0;
const U32_MAX = 0xffffffff;
/** Below this size the deflated data cannot reach 4 GiB (deflate adds at most ~0.03%). */
const ZIP64_FROM = U32_MAX - 16 * 2 ** 20;

export interface ZipOptions {
  /** zlib's level, 1 (fastest) to 9; default 6, zlib's own default. */
  readonly level?: number;
  /** For tests: write the zip64 fields whatever the size. */
  readonly forceZip64?: boolean;
  /** Called with the bytes of the file read so far (../report/progress.ts shows them). */
  readonly onProgress?: (done: number, total: number) => void;
  /** Cores to deflate on; default deflateThreads() (./cores.ts). 1 is the single-stream path. */
  readonly threads?: number;
}

export interface ZipResult {
  readonly size: number;
  readonly compressedSize: number;
  readonly crc32: number;
  readonly archiveSize: number;
}

/**
 * Zips `source` (which must be `size` bytes long) into a new file `target` as the entry `name`.
 * Throws when the file turns out shorter or longer than `size` (it changed while being read).
 */
export async function zipOneFile(source: string, size: number, name: string, target: string, options: ZipOptions = {}): Promise<ZipResult> {
  const input = await open(source, 'r');
  let output: FileHandle | undefined;
  try {
    const { mtime } = await input.stat();
    output = await open(target, 'wx', 0o600);
    const entry = { name: Buffer.from(name, 'utf8'), zip64: options.forceZip64 === true || size >= ZIP64_FROM, mtime };
    const dataStart = localHeader(entry, 0, 0, 0).length;
    const level = options.level ?? constants.Z_DEFAULT_COMPRESSION;
    const threads = Math.max(1, Math.floor(options.threads ?? deflateThreads()));
    // Two blocks more than the cores, so that none waits while a block is written and the next one
    // read, and no more than libuv's pool has threads: 4 for 2 cores. The file reads and writes
    // share the pool, each between two of zlib's calls; keeping a thread for them (3 blocks at once)
    // was slower: 5.6-6.0 s for 1 GiB against 5.3-5.5 s (bench/README.md).
    const blocksAtOnce = Math.min(threads + 2, threadPoolSize());
    const { crc, compressedSize } =
      threads > 1
        ? await deflateInBlocks(input, size, output, dataStart, level, blocksAtOnce, options.onProgress)
        : await deflateOneStream(input, size, output, dataStart, level, options.onProgress);
    if (!entry.zip64 && compressedSize >= U32_MAX) throw new Error('the deflated data outgrew the zip format without zip64');
    await output.write(localHeader(entry, crc, compressedSize, size), 0, dataStart, 0);
    const tail = endRecords(entry, crc, compressedSize, size, dataStart + compressedSize);
    await output.write(tail, 0, tail.length, dataStart + compressedSize);
    return { size, compressedSize, crc32: crc, archiveSize: dataStart + compressedSize + tail.length };
  } finally {
    await input.close();
    await output?.close();
  }
}

/** One deflate stream, fed from two alternating buffers (the one-core path). */
async function deflateOneStream(input: FileHandle, size: number, output: FileHandle, dataStart: number, level: number, onProgress?: ZipOptions['onProgress']) {
  // zlib allocates a fresh output buffer of chunkSize each time one fills, and each is garbage
  // once written. Small ones keep that garbage small, because V8 collects more often; larger
  // ones let tens of MiB pile up at no gain in speed, deflate being the cost (`npm run bench`).
  const deflate = createDeflateRaw({ level, chunkSize: 8 * 1024 });
  // Both sides are awaited to the end before the files are closed, whichever fails first: a
  // full disk stops drain(), and feed() must not go on reading a file closed under it.
  const [fed, drained] = await Promise.allSettled([feed(input, size, deflate, onProgress), drain(deflate, output, dataStart)]);
  // drain()'s error first: when it fails, feed() only learns that zlib was stopped.
  if (drained.status === 'rejected') throw drained.reason;
  if (fed.status === 'rejected') throw fed.reason;
  return { crc: fed.value, compressedSize: drained.value };
}

/**
 * The parallel path: `atOnce` blocks deflated at once on libuv's thread pool, written in order.
 * Block i is read into buffer i mod (atOnce + 1) only once block i - atOnce - 1, the last to use
 * that buffer, is deflated and written; so memory is atOnce + 1 blocks of input and the blocks'
 * output, whatever the file's size. Returns the CRC-32 and the deflated size.
 */
async function deflateInBlocks(
  input: FileHandle,
  size: number,
  output: FileHandle,
  dataStart: number,
  level: number,
  atOnce: number,
  onProgress?: ZipOptions['onProgress'],
) {
  const blocks = Math.max(1, Math.ceil(size / BLOCK_BYTES));
  const buffers = Array.from({ length: Math.min(blocks, atOnce + 1) }, () => Buffer.allocUnsafe(Math.max(1, Math.min(BLOCK_BYTES, size))));
  /** Per block in flight: deflated and written. */
  const inFlight: Promise<void>[] = [];
  let writing: Promise<void> = Promise.resolve();
  let written = 0;
  let uncollected = 0;
  let crc = 0;
  let dictionary: Buffer | undefined;
  try {
    for (let index = 0; index < blocks; index++) {
      if (inFlight.length >= atOnce) await inFlight.shift();
      const start = index * BLOCK_BYTES;
      const block = await readFully(input, buffers[index % buffers.length] as Buffer, Math.min(BLOCK_BYTES, size - start), start, size);
      crc = crc32(block, crc);
      const deflated = deflateBlock(block, dictionary, level, index === blocks - 1);
      // Consumed in order below; marked now so that it is never an unhandled rejection when a write fails first.
      deflated.catch(() => undefined);
      // zlib copies the dictionary when the block's stream is made, so this buffer may be read into again later.
      dictionary = block.length >= WINDOW_BYTES ? block.subarray(block.length - WINDOW_BYTES) : undefined;
      const done = start + block.length;
      writing = writing.then(async () => {
        const { bytesWritten } = await output.writev(await deflated, dataStart + written);
        written += bytesWritten;
        uncollected += bytesWritten;
        // Once this write's buffers are no longer referenced (the next turn).
        if (uncollected >= COLLECT_EVERY_BYTES) {
          uncollected = 0;
          setImmediate(collectGarbage);
        }
        // The bytes of the file zipped so far, as the one-stream path counts those read.
        onProgress?.(done, size);
      });
      // Awaited in turn below; a later block's failure (it follows the first) must not be unhandled meanwhile.
      writing.catch(() => undefined);
      inFlight.push(writing);
    }
    await writing;
    // The read past the announced end must find nothing: a file that grew is refused too.
    if ((await input.read(Buffer.alloc(1), 0, 1, size)).bytesRead !== 0) throw changed(`grew beyond the ${size} bytes it had`);
    return { crc, compressedSize: written };
  } finally {
    // Nothing is left running on the files once this returns or throws: they are closed next.
    await Promise.allSettled([writing, ...inFlight]);
  }
}

/** Reads `length` bytes at `position` into `buffer` (a short read is read on; the end of the file before it is a change). */
async function readFully(input: FileHandle, buffer: Buffer, length: number, position: number, size: number): Promise<Buffer> {
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await input.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) throw changed(`became shorter (${position + filled} of ${size} bytes)`);
    filled += bytesRead;
  }
  return buffer.subarray(0, length);
}

/**
 * One block as raw deflate, ending on a byte boundary with a sync flush, or with the final block;
 * returns zlib's output chunks, written as they are (no copy to join them).
 */
function deflateBlock(block: Buffer, dictionary: Buffer | undefined, level: number, last: boolean): Promise<Buffer[]> {
  const finishFlush = last ? constants.Z_FINISH : constants.Z_SYNC_FLUSH;
  return new Promise((resolve, reject) => {
    const deflate = createDeflateRaw({ level, memLevel: BLOCK_MEM_LEVEL, chunkSize: BLOCK_CHUNK_BYTES, finishFlush, dictionary });
    const chunks: Buffer[] = [];
    deflate.on('data', (chunk: Buffer) => chunks.push(chunk));
    deflate.once('end', () => resolve(chunks));
    deflate.once('error', reject);
    deflate.end(block);
  });
}

/** Writes what zlib puts out to `output` from `position` on; returns how many bytes that was. */
async function drain(deflate: DeflateRaw, output: FileHandle, position: number): Promise<number> {
  let written = 0;
  try {
    for await (const chunk of deflate) {
      const { bytesWritten } = await output.write(chunk as Buffer, 0, (chunk as Buffer).length, position + written);
      written += bytesWritten;
    }
  } catch (error) {
    // Stops feed() at its next chunk.
    deflate.destroy(error as Error);
    throw error;
  }
  return written;
}

/** Reads the file into two alternating buffers and deflates it; returns its CRC-32. */
async function feed(input: FileHandle, size: number, deflate: DeflateRaw, onProgress?: ZipOptions['onProgress']): Promise<number> {
  try {
    const buffers = [Buffer.allocUnsafe(CHUNK_BYTES), Buffer.allocUnsafe(CHUNK_BYTES)];
    let crc = 0;
    let position = 0;
    let reading = input.read(buffers[0] as Buffer, 0, Math.max(1, Math.min(CHUNK_BYTES, size)), 0);
    for (let turn = 0; position < size; turn++) {
      const { bytesRead, buffer } = await reading;
      if (bytesRead === 0) throw changed(`became shorter (${position} of ${size} bytes)`);
      const chunk = buffer.subarray(0, bytesRead);
      position += bytesRead;
      onProgress?.(position, size);
      crc = crc32(chunk, crc);
      const next = buffers[(turn + 1) % 2] as Buffer;
      reading = input.read(next, 0, Math.max(1, Math.min(CHUNK_BYTES, size - position)), position);
      // Handled where it is awaited; marked now so that it is never an unhandled rejection if
      // this loop stops first.
      reading.catch(() => undefined);
      // zlib calls back once it has taken the chunk in: only then may its buffer be read into again.
      await new Promise<void>((resolve, reject) => deflate.write(chunk, (error) => (error ? reject(error) : resolve())));
      if (deflate.destroyed) throw new Error('zipping stopped: the zip could not be written');
    }
    // The read past the announced end must find nothing: a file that grew is refused too.
    if ((await reading).bytesRead !== 0) throw changed(`grew beyond the ${size} bytes it had`);
    deflate.end();
    return crc;
  } catch (error) {
    deflate.destroy(error as Error);
    throw error;
  }
}

function changed(how: string): DotstatError {
  return new DotstatError('FILE_CHANGED', `The file ${how} while it was being zipped.`, 'Make sure nothing writes the file while the action uploads it.');
}

function localHeader(entry: ZipEntry, crc: number, compressedSize: number, size: number): Buffer {
  const extra = entry.zip64 ? zip64Extra(size, compressedSize) : Buffer.alloc(0);
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(versionNeeded(entry), 4);
  header.writeUInt16LE(UTF8_NAME, 6);
  header.writeUInt16LE(DEFLATED, 8);
  writeDosTime(header, 10, entry.mtime);
  header.writeUInt32LE(crc, 14);
  header.writeUInt32LE(entry.zip64 ? U32_MAX : compressedSize, 18);
  header.writeUInt32LE(entry.zip64 ? U32_MAX : size, 22);
  header.writeUInt16LE(entry.name.length, 26);
  header.writeUInt16LE(extra.length, 28);
  return Buffer.concat([header, entry.name, extra]);
}

/** Central directory header, then (zip64) the zip64 end record and its locator, then the end record. */
function endRecords(entry: ZipEntry, crc: number, compressedSize: number, size: number, directoryOffset: number): Buffer {
  const extra = entry.zip64 ? zip64Extra(size, compressedSize) : Buffer.alloc(0);
  const header = Buffer.alloc(46);
  header.writeUInt32LE(0x02014b50, 0);
  header.writeUInt16LE(MADE_BY_UNIX | versionNeeded(entry), 4);
  header.writeUInt16LE(versionNeeded(entry), 6);
  header.writeUInt16LE(UTF8_NAME, 8);
  header.writeUInt16LE(DEFLATED, 10);
  writeDosTime(header, 12, entry.mtime);
  header.writeUInt32LE(crc, 16);
  header.writeUInt32LE(entry.zip64 ? U32_MAX : compressedSize, 20);
  header.writeUInt32LE(entry.zip64 ? U32_MAX : size, 24);
  header.writeUInt16LE(entry.name.length, 28);
  header.writeUInt16LE(extra.length, 30);
  // comment length, disk number start and internal attributes stay 0
  header.writeUInt32LE(UNIX_FILE_MODE, 38);
  header.writeUInt32LE(0, 42); // the local header is at offset 0
  const directory = Buffer.concat([header, entry.name, extra]);
  const records = [directory];
  const zip64End = entry.zip64 || directoryOffset >= U32_MAX;
  if (zip64End) {
    const record = Buffer.alloc(56);
    record.writeUInt32LE(0x06064b50, 0);
    record.writeBigUInt64LE(44n, 4); // the size of what follows this field
    record.writeUInt16LE(MADE_BY_UNIX | 45, 12);
    record.writeUInt16LE(45, 14);
    // this disk and the directory's disk stay 0
    record.writeBigUInt64LE(1n, 24);
    record.writeBigUInt64LE(1n, 32);
    record.writeBigUInt64LE(BigInt(directory.length), 40);
    record.writeBigUInt64LE(BigInt(directoryOffset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(directoryOffset + directory.length), 8);
    locator.writeUInt32LE(1, 16);
    records.push(record, locator);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(zip64End ? U32_MAX : directoryOffset, 16);
  records.push(end);
  return Buffer.concat(records);
}

interface ZipEntry {
  readonly name: Buffer;
  readonly zip64: boolean;
  readonly mtime: Date;
}

function versionNeeded(entry: ZipEntry): number {
  return entry.zip64 ? 45 : 20;
}

/** The zip64 extended information extra field (0x0001): original size, then compressed size. */
function zip64Extra(size: number, compressedSize: number): Buffer {
  const extra = Buffer.alloc(20);
  extra.writeUInt16LE(0x0001, 0);
  extra.writeUInt16LE(16, 2);
  extra.writeBigUInt64LE(BigInt(size), 4);
  extra.writeBigUInt64LE(BigInt(compressedSize), 12);
  return extra;
}

/** MS-DOS date and time, local time, two-second precision, within the years it can hold (1980–2107). */
function writeDosTime(buffer: Buffer, offset: number, mtime: Date): void {
  const year = mtime.getFullYear();
  const date = year < 1980 ? new Date(1980, 0, 1) : year > 2107 ? new Date(2107, 11, 31, 23, 59, 58) : mtime;
  buffer.writeUInt16LE((date.getHours() << 11) | (date.getMinutes() << 5) | (date.getSeconds() >> 1), offset);
  buffer.writeUInt16LE(((date.getFullYear() - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(), offset + 2);
}
