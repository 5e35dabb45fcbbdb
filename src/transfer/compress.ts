/**
 * Zips a CSV or XML file before it is sent: the Transfer service accepts a zip holding one file,
 * and its request-size limit (about 30 MB by default) applies to the zipped size. The zip is
 * written to a temporary file, streamed (file → deflate → disk, see ./zip.ts), so memory stays
 * flat and the upload that follows still has an exact Content-Length.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { DotstatError } from '../errors.js';
import type { UploadFile } from './files.js';
import { zipOneFile, type ZipOptions } from './zip.js';

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
export async function zipToTemp(file: UploadFile, dir: string, onProgress?: ZipOptions['onProgress']): Promise<ZippedFile> {
  const folder = await mkdtemp(join(dir, 'dotstat-zip-'));
  const path = join(folder, `${basename(file.path)}.zip`);
  const cleanup = () => rm(folder, { recursive: true, force: true });
  try {
    const { archiveSize: size } = await zipOneFile(file.path, file.size, basename(file.path), path, { onProgress });
    return { name: `${file.name}.zip`, path, size, contentType: 'application/zip', original: file, cleanup };
  } catch (error) {
    await cleanup();
    if (error instanceof DotstatError) throw new DotstatError(error.code, `Could not zip '${file.name}': ${error.message}`, error.hint, { cause: error });
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new DotstatError(
      'ZIP_FAILED',
      `Could not zip '${file.name}': ${reason}.`,
      "Check the free space in the runner's temporary folder, or set compress: none.",
      { cause: error },
    );
  }
}
