/**
 * The status of one request: `POST {base}/status/request` with `dataspace` and `id`, and its
 * answer turned, once, from wire names (`executionStatus`, `outcome`, `logs`) into a RequestStatus.
 * Unknown values are kept as they are: the poll loop decides what they mean.
 */
import { ResponseError } from '../errors.js';
import type { HttpResponse } from '../http/client.js';
import { expectJsonObject, where } from '../oidc/json.js';

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

function parseLog(item: unknown): TransferLog | undefined {
  if (typeof item === 'string') return { message: item };
  if (!item || typeof item !== 'object') return undefined;
  const entry = item as Record<string, unknown>;
  const message = text(entry.message) ?? text(entry.Message);
  if (message === undefined) return undefined;
  return { message, level: text(entry.level) ?? text(entry.logLevel) ?? text(entry.type), date: text(entry.date) ?? text(entry.dateTime) };
}

export function parseStatus(response: HttpResponse): RequestStatus {
  const json = expectJsonObject(response, 'The Transfer status query', 'Check transfer-url: it should be the Transfer base URL with its API version.');
  const executionStatus = text(json.executionStatus) ?? text(json.ExecutionStatus);
  if (!executionStatus) {
    throw new ResponseError(response.status, `The status answer from ${where(response)} has no executionStatus.`, 'The Transfer service answered in an unexpected form; check transfer-url and the service version.', 'BAD_STATUS');
  }
  const logs = Array.isArray(json.logs) ? json.logs.map(parseLog).filter((l): l is TransferLog => l !== undefined) : [];
  return {
    executionStatus,
    outcome: text(json.outcome) ?? text(json.executionOutcome),
    executionStart: text(json.executionStart),
    executionEnd: text(json.executionEnd),
    logs,
  };
}
