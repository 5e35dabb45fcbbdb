/**
 * The status of one request: `POST {base}/status/request` with `dataspace` and `id`, and its
 * answer turned, once, from wire names (`executionStatus`, `outcome`, `logs`) into a RequestStatus.
 * The answer is read as a stream (./json-walker.ts): a failed import of a large file answers with
 * one log line per bad row, tens of megabytes, and its verdict must survive that. Unknown values
 * are kept (the poll loop decides what they mean), but the short fields that are printed as they
 * are (status, outcome, times, level) are sanitised here, once: they are server text. Log
 * messages are kept whole (up to MAX_KEPT_CHARS) and sanitised when printed.
 */
import { ResponseError } from '../errors.js';
import type { BodyConsumer, HttpResponse, ResponseHead } from '../http/client.js';
import { describeBody, where } from '../http/json.js';
import { JsonShapeError, JsonWalker, type LogItem, type Primitive } from './json-walker.js';
import { LOG_KEYS, parseLog, word, Words } from './log-line.js';
import { LogDigest, type LogStats, type TransferLog } from './log-digest.js';

export type { LogStats, TransferLog } from './log-digest.js';

/** The states in which a request is still running; any other state is terminal. */
export const RUNNING_STATES: ReadonlySet<string> = new Set(['queued', 'inprogress']);

export interface RequestStatus {
  readonly executionStatus: string;
  readonly outcome?: string;
  readonly executionStart?: string;
  readonly executionEnd?: string;
  /** The kept lines: the first and last of each level (all of them for a short log), in log order. */
  readonly logs: readonly TransferLog[];
  readonly logStats?: LogStats;
  /** The file holding every line of this answer's log, redacted. */
  readonly logFile?: string;
}

/** Where every line of one answer's log goes as it is read (the full-log file). */
export interface LogSink {
  write(entry: TransferLog): void;
  /** The answer was read: keeps the file and returns its path. */
  close(): string | undefined;
  /** The answer could not be read: drops what was written. */
  discard(): void;
}

export interface StatusReadOptions {
  /** Redaction of registered secrets, applied to a kept message before it is cut. */
  readonly redact: (text: string) => string;
  readonly sink?: LogSink;
  /** A defence far above any real log: past it reading stops, and the verdict is kept if it was read. */
  readonly maxBytes?: number;
  /** One string or number longer than this is no log line: reading stops there the same way. */
  readonly maxValueBytes?: number;
}

export const MAX_STATUS_BYTES = 256 * 1024 * 1024;
export const MAX_VALUE_BYTES = 1024 * 1024;
/** The start of the body is kept to quote it when it is not JSON (an HTML page's title). */
const HEAD_BYTES = 64 * 1024;

export function isRunning(status: RequestStatus): boolean {
  return RUNNING_STATES.has(status.executionStatus.toLowerCase());
}

const FIELDS: ReadonlySet<string> = new Set(['executionStatus', 'ExecutionStatus', 'outcome', 'executionOutcome', 'executionStart', 'executionEnd']);

/** Reads one status answer of any size; `consume` takes its body, `status()` gives the result. */
export class StatusReader {
  readonly #fields = new Map<string, Primitive>();
  readonly #digest: LogDigest;
  readonly #walker: JsonWalker;
  readonly #words = new Words();
  #head = Buffer.alloc(0);
  #bytes = 0;
  #cut: string | undefined;

  constructor(
    private readonly response: ResponseHead,
    private readonly options: StatusReadOptions,
  ) {
    this.#digest = new LogDigest(options.redact);
    this.#walker = new JsonWalker('logs', LOG_KEYS, {
      field: (key, value) => void (FIELDS.has(key) && this.#fields.set(key, value)),
      item: (item) => this.#line(item),
    });
  }

  readonly consume: BodyConsumer = async (chunks) => {
    try {
      for await (const chunk of chunks) if (!this.#feed(chunk)) break;
      if (!this.#cut) this.#walker.end();
    } catch (error) {
      throw this.#failed(error);
    }
  };

  /** The same as `consume`, for a body already in memory. */
  consumeSync(body: Buffer): void {
    try {
      if (this.#feed(body) && !this.#cut) this.#walker.end();
    } catch (error) {
      throw this.#failed(error);
    }
  }

  /** Reads one chunk; false once reading must stop (the answer is cut there). */
  #feed(chunk: Buffer): boolean {
    if (this.#head.length < HEAD_BYTES) this.#head = Buffer.concat([this.#head, chunk.subarray(0, HEAD_BYTES - this.#head.length)]);
    this.#bytes += chunk.length;
    const maxBytes = this.options.maxBytes ?? MAX_STATUS_BYTES;
    if (this.#bytes > maxBytes) {
      this.#cut = `the answer is larger than ${maxBytes} bytes`;
      return false;
    }
    this.#walker.write(chunk);
    const maxValue = this.options.maxValueBytes ?? MAX_VALUE_BYTES;
    if (this.#walker.pendingBytes > maxValue) this.#cut = `one value in the answer is longer than ${maxValue} bytes`;
    return this.#cut === undefined;
  }

  #failed(error: unknown): unknown {
    this.options.sink?.discard();
    return error instanceof JsonShapeError ? this.#notJson() : error;
  }

  /** The status read; throws when the answer held none. */
  status(): RequestStatus {
    const executionStatus = word(this.#fields.get('executionStatus')) ?? word(this.#fields.get('ExecutionStatus'));
    if (!executionStatus) {
      this.options.sink?.discard();
      if (this.#cut) {
        throw new ResponseError(
          this.response.status,
          `The answer from ${where({ ...this.response, body: '' })} (HTTP ${this.response.status}) was cut before its status was read: ${this.#cut}.`,
          'Check that the URL points at the service itself and not at a page or a file.',
          'RESPONSE_TOO_LARGE',
        );
      }
      throw new ResponseError(
        this.response.status,
        `The status answer from ${where({ ...this.response, body: '' })} has no executionStatus.`,
        'The Transfer service answered in an unexpected form; check transfer-url and the service version.',
        'BAD_STATUS',
      );
    }
    const { logs, stats } = this.#digest.result(this.#cut && `${this.#cut}; reading stopped after ${this.#bytes} bytes`);
    return {
      executionStatus,
      outcome: word(this.#fields.get('outcome')) ?? word(this.#fields.get('executionOutcome')),
      executionStart: word(this.#fields.get('executionStart'), 40),
      executionEnd: word(this.#fields.get('executionEnd'), 40),
      logs,
      logStats: stats,
      logFile: this.options.sink?.close(),
    };
  }

  #line(item: LogItem): void {
    const entry = parseLog(item, this.#words, this.#digest.total + 1);
    if (!entry) return;
    this.#digest.add(entry);
    this.options.sink?.write(entry);
  }

  #notJson(): ResponseError {
    const response: HttpResponse = { ...this.response, body: this.#head.toString('utf8') };
    return new ResponseError(
      response.status,
      `The Transfer status query at ${where(response)} answered HTTP ${response.status} with something that is not a JSON object (${describeBody(response)}).`,
      'Check transfer-url: it should be the Transfer base URL with its API version.',
      'NOT_JSON',
    );
  }
}

/** A status answer read whole (tests, and answers already in memory), through the same reader. */
export function parseStatus(response: HttpResponse, options: StatusReadOptions = { redact: (s) => s }): RequestStatus {
  const reader = new StatusReader(response, options);
  reader.consumeSync(Buffer.from(response.body, 'utf8'));
  return reader.status();
}
