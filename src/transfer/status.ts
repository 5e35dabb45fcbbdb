/**
 * The status of one request: `POST {base}/status/request` with `dataspace` and `id`, and its
 * answer turned, once, from wire names (`executionStatus`, `outcome`, `logs`) into a RequestStatus.
 * Unknown values are kept (the poll loop decides what they mean), but the short fields that are
 * printed as they are (status, outcome, times, level) are sanitised here, once: they are server
 * text. Log messages stay whole for the results output, and are sanitised when printed.
 */
import { ResponseError } from '../errors.js';
import type { HttpResponse } from '../http/client.js';
import { expectJsonObject, where } from '../http/json.js';
import { sanitize } from '../text.js';

/** The states in which a request is still running; any other state is terminal. */
export const RUNNING_STATES: ReadonlySet<string> = new Set(['queued', 'inprogress']);

export interface TransferLog {
  readonly level?: string;
  readonly date?: string;
  readonly message: string;
}

export interface RequestStatus {
  readonly executionStatus: string;
  readonly outcome?: string;
  readonly executionStart?: string;
  readonly executionEnd?: string;
  readonly logs: readonly TransferLog[];
}

export function isRunning(status: RequestStatus): boolean {
  return RUNNING_STATES.has(status.executionStatus.toLowerCase());
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
/** A short field (a state, an outcome, a time, a level): one safe line, or undefined when blank. */
const word = (value: unknown, maxLength = 60): string | undefined => {
  const raw = text(value);
  return raw === undefined ? undefined : sanitize(raw, maxLength) || undefined;
};

function parseLog(item: unknown): TransferLog | undefined {
  if (typeof item === 'string') return { message: item };
  if (!item || typeof item !== 'object') return undefined;
  const entry = item as Record<string, unknown>;
  const message = text(entry.message) ?? text(entry.Message);
  if (message === undefined) return undefined;
  return { message, level: word(entry.level, 20) ?? word(entry.logLevel, 20) ?? word(entry.type, 20), date: word(entry.date, 40) ?? word(entry.dateTime, 40) };
}

export function parseStatus(response: HttpResponse): RequestStatus {
  const json = expectJsonObject(response, 'The Transfer status query', 'Check transfer-url: it should be the Transfer base URL with its API version.');
  const executionStatus = word(json.executionStatus) ?? word(json.ExecutionStatus);
  if (!executionStatus) {
    throw new ResponseError(response.status, `The status answer from ${where(response)} has no executionStatus.`, 'The Transfer service answered in an unexpected form; check transfer-url and the service version.', 'BAD_STATUS');
  }
  const logs = Array.isArray(json.logs) ? json.logs.map(parseLog).filter((l): l is TransferLog => l !== undefined) : [];
  return {
    executionStatus,
    outcome: word(json.outcome) ?? word(json.executionOutcome),
    executionStart: word(json.executionStart, 40),
    executionEnd: word(json.executionEnd, 40),
    logs,
  };
}
