/**
 * What is kept of a Transfer log of any length: the count of lines by level, the first and last
 * lines of each level, and the number of observations processed. A failed import of a large file
 * logs one line per bad row (hundreds of thousands); the reports show the first ones and say how
 * many were left out, and the full log goes to a file as it is read (../report/full-log.ts).
 */

export interface TransferLog {
  readonly level?: string;
  readonly date?: string;
  readonly message: string;
  /** Its position in the whole log, from 1. */
  readonly line?: number;
}

export interface LogStats {
  /** Lines in the whole log. */
  readonly total: number;
  /** Lines by level, upper-cased ('' for lines without one). */
  readonly levels: Readonly<Record<string, number>>;
  /** Lines of the log that are not among the kept ones. */
  readonly omitted: number;
  /** Set when the answer was cut before its end: why, in words. Counts are then of the lines read. */
  readonly cut?: string;
  readonly observationsProcessed?: number;
}

/** The first lines of each level that are kept, and the last. */
export const KEEP_FIRST = 50;
export const KEEP_LAST = 10;
/** Distinct levels counted apart; any further ones (a server that puts text there) count as OTHER. */
export const MAX_LEVELS = 12;
/** A kept message longer than this is cut (after redaction): the full log file has it whole. */
export const MAX_KEPT_CHARS = 4000;

const PROCESSED = /\sobservations? (?:have|has) been processed/i;
/** The number just before the phrase, read from a short tail: the phrase is found first. */
const COUNT_AT_END = /(\d(?:[\d,. ]{0,20}\d)?)\s*$/;

/**
 * "101 observations have been processed" → 101. Found in two linear steps: a single pattern with
 * the number before the phrase backtracked for minutes on a log message of digits and spaces that
 * never says "observations".
 */
export function processedCount(message: string): number | undefined {
  const at = PROCESSED.exec(message)?.index;
  if (at === undefined) return undefined;
  const match = COUNT_AT_END.exec(message.slice(Math.max(0, at - 24), at + 1));
  return match ? Number(match[1]!.replace(/[,. ]/g, '')) : undefined;
}

interface Level {
  count: number;
  readonly first: TransferLog[];
  /** A ring of the last KEEP_LAST lines after the first KEEP_FIRST. */
  readonly last: TransferLog[];
}

export class LogDigest {
  readonly #levels = new Map<string, Level>();
  readonly #byWritten = new Map<string, Level>();
  #total = 0;
  #observations: number | undefined;

  /** @param redact applied to every kept message before it is cut, so that no part of a secret survives a cut */
  constructor(private readonly redact: (text: string) => string) {}

  add(entry: TransferLog): void {
    this.#total += 1;
    this.#observations ??= processedCount(entry.message);
    const level = this.#level(entry.level ?? '');
    level.count += 1;
    if (level.first.length < KEEP_FIRST) level.first.push(this.#kept(entry));
    else if (KEEP_LAST > 0) {
      if (level.last.length === KEEP_LAST) level.last.shift();
      level.last.push(this.#kept(entry));
    }
  }

  get total(): number {
    return this.#total;
  }

  /** The kept lines in log order, and the counts. */
  result(cut?: string): { logs: TransferLog[]; stats: LogStats } {
    const logs = [...this.#levels.values()].flatMap((l) => [...l.first, ...l.last]).sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    const levels = Object.fromEntries([...this.#levels].map(([name, l]) => [name, l.count]));
    return { logs, stats: { total: this.#total, levels, omitted: this.#total - logs.length, cut, observationsProcessed: this.#observations } };
  }

  /** The level's entry, found by the name as written first (no new string per line), then upper-cased. */
  #level(written: string): Level {
    const known = this.#byWritten.get(written);
    if (known) return known;
    const name = written.toUpperCase();
    const key = this.#levels.has(name) || this.#levels.size < MAX_LEVELS - 1 ? name : 'OTHER';
    let level = this.#levels.get(key);
    if (!level) this.#levels.set(key, (level = { count: 0, first: [], last: [] }));
    if (this.#byWritten.size < 4 * MAX_LEVELS) this.#byWritten.set(written, level);
    return level;
  }

  /** Kept lines are redacted here, once: every report quotes them, and some cut them further. */
  #kept(entry: TransferLog): TransferLog {
    const message = this.redact(entry.message);
    return { ...entry, message: message.length <= MAX_KEPT_CHARS ? message : `${message.slice(0, MAX_KEPT_CHARS)}…` };
  }
}
