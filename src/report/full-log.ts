/**
 * The full Transfer log of each request, kept as a file a workflow can upload as an artifact: one
 * JSON object a line (`{"line":1,"date":…,"level":…,"message":…}`), every text redacted. It is
 * written while the status answer is read, through a 64 KiB byte buffer, so a log of any length never
 * sits in memory. Each answer goes to a `.part` file that is renamed over the request's file once
 * the answer was read whole: the file always holds the last complete answer, never half of one.
 * A file that cannot be written costs a warning, never the verdict.
 */
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { LogSink, TransferLog } from '../transfer/status.js';

const BUFFER_BYTES = 64 * 1024;

export interface FullLogOptions {
  /** The folder the files go in (created when needed). */
  readonly dir: string;
  /** Redaction of every registered secret: see redactedLine(). */
  readonly redact: (text: string) => string;
  /** Told once per file that could not be written. */
  readonly warn: (message: string) => void;
}

export function fullLogPath(dir: string, requestId: number): string {
  return join(dir, `transfer-log-${requestId}.jsonl`);
}

/**
 * One line of the file. The only place its text is redacted: every field is server text, and is
 * redacted raw, before JSON escapes it (a secret with a quote in it would no longer match).
 */
export function redactedLine(entry: TransferLog, redact: (text: string) => string): string {
  const optional = (value: string | undefined) => (value === undefined ? null : redact(value));
  return JSON.stringify({ line: entry.line ?? null, date: optional(entry.date), level: optional(entry.level), message: redact(entry.message) });
}

/** A sink per status answer, writing the request's full-log file. */
export function fullLogs(options: FullLogOptions): (requestId: number) => LogSink {
  return (requestId) => new FileSink(fullLogPath(options.dir, requestId), options);
}

class FileSink implements LogSink {
  #fd: number | undefined;
  /** Lines as UTF-8 outside V8's heap: a string here would live through collections (see write()). */
  readonly #buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  #used = 0;
  #failed = false;

  constructor(
    private readonly path: string,
    private readonly options: FullLogOptions,
  ) {}

  /**
   * Each line is copied into the byte buffer at once, so its string dies young. Kept as one
   * growing string, up to 64 KiB of lines outlived every young-generation collection, and about
   * one run in three V8 doubled the young generation over it: 18 MiB more at the peak of a
   * 200,000-line log (npm run bench, part 5).
   */
  write(entry: TransferLog): void {
    if (this.#failed) return;
    const line = `${redactedLine(entry, this.options.redact)}\n`;
    const bytes = Buffer.byteLength(line);
    if (this.#used + bytes > BUFFER_BYTES) this.#flush();
    if (bytes > BUFFER_BYTES) this.#try(() => writeAll(this.#open(), Buffer.from(line)));
    else this.#used += this.#buffer.write(line, this.#used);
  }

  close(): string | undefined {
    this.#flush();
    if (this.#failed) return undefined;
    return this.#try(() => {
      closeSync(this.#open());
      this.#fd = undefined;
      renameSync(`${this.path}.part`, this.path);
      return this.path;
    });
  }

  discard(): void {
    this.#used = 0;
    try {
      if (this.#fd !== undefined) closeSync(this.#fd);
      rmSync(`${this.path}.part`, { force: true });
    } catch {
      // Nothing more can be done about a file that cannot even be removed; the warning was given.
    }
    this.#fd = undefined;
  }

  #open(): number {
    if (this.#fd === undefined) {
      mkdirSync(this.options.dir, { recursive: true });
      this.#fd = openSync(`${this.path}.part`, 'w', 0o644);
    }
    return this.#fd;
  }

  #flush(): void {
    if (this.#failed) return;
    const used = this.#used;
    this.#used = 0;
    this.#try(() => writeAll(this.#open(), this.#buffer.subarray(0, used)));
  }

  #try<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (error) {
      this.#failed = true;
      this.discard();
      this.options.warn(
        `The full Transfer log could not be written to ${this.path} (${(error as NodeJS.ErrnoException).code ?? 'error'}); the reports still show its first lines.`,
      );
      return undefined;
    }
  }
}

/** writeSync until every byte is written: it may write fewer than asked. */
function writeAll(fd: number, bytes: Uint8Array): void {
  for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done, bytes.length - done);
}
