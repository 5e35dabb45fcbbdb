/**
 * One item of a status answer's `logs`, as the service writes it (a string, or an object with
 * `message`/`Message`, a level under `level`, `logLevel` or `type`, a date under `date` or
 * `dateTime`), turned into a TransferLog. The level and date are printed as they are, so they are
 * sanitised here; the message stays whole and is sanitised where it is printed.
 */
import { sanitize } from '../text.js';
import type { LogItem, Primitive } from './json-walker.js';
import type { TransferLog } from './log-digest.js';

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
/** A short field (a state, an outcome, a time, a level): one safe line, or undefined when blank. */
export const word = (value: unknown, maxLength = 60): string | undefined => {
  const raw = text(value);
  return raw === undefined ? undefined : sanitize(raw, maxLength) || undefined;
};

/**
 * The short fields of log lines, sanitised once per distinct value: a log of 200,000 lines has a
 * handful of levels and dates, and sanitising each again would be most of the garbage its reading
 * makes (which the memory budget pays for: V8 grows its young generation with the garbage rate).
 */
export class Words {
  readonly #seen = new Map<string, string | undefined>();

  of(value: Primitive | undefined, maxLength: number): string | undefined {
    if (typeof value !== 'string' || value === '') return undefined;
    const key = `${maxLength}:${value}`;
    if (this.#seen.has(key)) return this.#seen.get(key);
    const result = word(value, maxLength);
    // Bounded: a hostile log with a new date on every line must not grow this without end.
    if (this.#seen.size >= 256) this.#seen.clear();
    this.#seen.set(key, result);
    return result;
  }
}

export function parseLog(item: LogItem, words: Words, line: number): TransferLog | undefined {
  if (typeof item === 'string') return item === '' ? undefined : { message: item, line };
  if (!item || typeof item !== 'object') return undefined;
  const message = text(item.message) ?? text(item.Message);
  if (message === undefined) return undefined;
  return {
    message,
    level: words.of(item.level, 20) ?? words.of(item.logLevel, 20) ?? words.of(item.type, 20),
    date: words.of(item.date, 40) ?? words.of(item.dateTime, 40),
    line,
  };
}

export const LOG_KEYS: ReadonlySet<string> = new Set(['message', 'Message', 'level', 'logLevel', 'type', 'date', 'dateTime']);
