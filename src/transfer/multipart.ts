/**
 * The upload body: form-data writes the multipart envelope (every field, the file part's headers
 * with its name and type, the closing boundary), and the file's bytes are read from disk into a
 * few reused buffers and streamed between the two. Reusing buffers keeps memory flat and spares
 * the garbage collector a fresh megabyte per chunk (see bench/RESULTS.md); it is safe because the
 * HTTP client asks for the next chunk only once the socket has taken the previous one.
 */
import { open } from 'node:fs/promises';
import FormData from 'form-data';
import { DotstatError } from '../errors.js';
import type { UploadFile } from './files.js';

const CHUNK_BYTES = 1 << 20;
const POOL = 4;

export interface MultipartBody {
  readonly contentType: string;
  readonly length: number;
  /** A fresh iterable for each attempt. */
  readonly chunks: () => AsyncIterable<Buffer>;
}

/**
 * `fields` in order, then the file part (or none, when the service fetches a URL itself).
 * @see https://www.rfc-editor.org/rfc/rfc7578
 */
export function multipartBody(fields: ReadonlyArray<readonly [string, string]>, file?: UploadFile): MultipartBody {
  const form = new FormData();
  for (const [name, value] of fields) form.append(name, value);
  // An empty file part: form-data writes its headers; the bytes go in where its value would be.
  if (file) form.append('file', Buffer.alloc(0), { filename: file.name.split(/[\\/]/).pop(), contentType: file.contentType });
  const envelope = form.getBuffer();
  const contentType = form.getHeaders()['content-type'] as string;
  if (!file)
    return {
      contentType,
      length: envelope.length,
      chunks: async function* () {
        yield envelope;
      },
    };
  const closing = Buffer.from(`\r\n--${form.getBoundary()}--\r\n`);
  const head = envelope.subarray(0, envelope.length - closing.length);
  return { contentType, length: envelope.length + file.size, chunks: () => withFile(head, file, closing) };
}

async function* withFile(head: Buffer, file: UploadFile, closing: Buffer): AsyncGenerator<Buffer> {
  yield head;
  const handle = await open(file.path, 'r');
  try {
    const pool = Array.from({ length: POOL }, () => Buffer.allocUnsafe(CHUNK_BYTES));
    for (let position = 0, turn = 0; position < file.size; turn++) {
      const buffer = pool[turn % POOL] as Buffer;
      const { bytesRead } = await handle.read(buffer, 0, Math.min(CHUNK_BYTES, file.size - position), position);
      if (bytesRead === 0) {
        throw new DotstatError(
          'FILE_CHANGED',
          `'${file.name}' became shorter while it was being uploaded.`,
          'Make sure nothing writes the file while the action uploads it.',
        );
      }
      position += bytesRead;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
  yield closing;
}
