/**
 * Zips a CSV or XML file before it is sent: the Transfer service accepts a zip holding one file,
 * and its request-size limit (about 30 MB by default) applies to the zipped size. The zip is
 * written to a temporary file, streamed (file → deflate → disk), so memory stays flat and the
 * upload that follows still has an exact Content-Length. yazl writes the container (zip64 when
 * needed); it is loaded only when a file is zipped.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { DotstatError } from '../errors.js';
import type { UploadFile } from './files.js';

export type CompressMode = 'auto' | 'zip' | 'none';

/** Whether this file is zipped before sending, under the `compress` setting. */
export function shouldZip(file: UploadFile, mode: CompressMode, thresholdBytes: number): boolean {
  if (mode === 'none' || file.contentType === 'application/zip') return false;
  return mode === 'zip' || file.size > thresholdBytes;
}

export interface ZippedFile extends UploadFile {
  /** The file as the user named it, before zipping. */
  readonly original: UploadFile;
  /** Removes the temporary zip. */
  readonly cleanup: () => Promise<void>;
}

/** Deflates `file` into a temporary single-entry zip (the entry keeps the file's name). */
export async function zipToTemp(file: UploadFile, dir = process.env.RUNNER_TEMP || tmpdir()): Promise<ZippedFile> {
  const { ZipFile } = await import('yazl');
  const folder = await mkdtemp(join(dir, 'dotstat-zip-'));
  const path = join(folder, `${basename(file.path)}.zip`);
  const cleanup = () => rm(folder, { recursive: true, force: true });
  try {
    const zip = new ZipFile();
    zip.addReadStream(createReadStream(file.path, { highWaterMark: 1 << 20 }), basename(file.path), { size: file.size, compressionLevel: 6 });
    zip.end();
    await pipeline(zip.outputStream, createWriteStream(path, { mode: 0o600 }));
    const { size } = await stat(path);
    return { name: `${file.name}.zip`, path, size, contentType: 'application/zip', original: file, cleanup };
  } catch (error) {
    await cleanup();
    throw new DotstatError('ZIP_FAILED', `Could not zip '${file.name}': ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`, 'Check the free space in the runner\'s temporary folder, or set compress: none.', { cause: error });
  }
}
