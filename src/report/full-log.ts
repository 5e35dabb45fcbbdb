/**
 * The full Transfer log of each request, kept as a file a workflow can upload as an artifact: one
 * JSON object a line (`{"line":1,"date":…,"level":…,"message":…}`), every text redacted. It is
 * written while the status answer is read, through a 64 KiB buffer, so a log of any length never
 * sits in memory. Each answer goes to a `.part` file that is renamed over the request's file once
 * the answer was read whole: the file always holds the last complete answer, never half of one.
 * A file that cannot be written costs a warning, never the verdict.
 */
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { LogSink, TransferLog } from '../transfer/status.js';

const FLUSH_CHARS = 64 * 1024;

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
  #buffer = '';
  #failed = false;

  constructor(
    private readonly path: string,
    private readonly options: FullLogOptions,
  ) {}

  write(entry: TransferLog): void {
    if (this.#failed) return;
    this.#buffer += `${redactedLine(entry, this.options.redact)}\n`;
    if (this.#buffer.length >= FLUSH_CHARS) this.#flush();
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
    this.#buffer = '';
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
    const text = this.#buffer;
    this.#buffer = '';
    this.#try(() => writeSync(this.#open(), text));
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
