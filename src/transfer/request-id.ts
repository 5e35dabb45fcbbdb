/**
 * The request id in a registration answer. Wordings seen: "The request with ID 154 was
 * successfully registered." (current), "Successfully registered request with ID: 5" (older), and
 * clients that look for a `requestId` key. Parsed tolerantly; no id is a failure the caller reports.
 */
import { tryJsonObject } from '../http/json.js';

// One optional separator between two runs of spaces, never two `\s*` side by side: on a hostile
// message ('ID' and a megabyte of spaces) those backtracked for minutes.
const ID_IN_TEXT = /\bID\b\s*(?:[:#=]\s*)?(\d{1,15})\b/i;

export interface Registration {
  readonly requestId?: number;
  /** The service's message, for the log (not yet sanitised). */
  readonly message: string;
}

function asId(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  if (typeof value === 'string' && /^\d{1,15}$/.test(value.trim())) return Number(value.trim());
  return undefined;
}

export function parseRegistration(body: string): Registration {
  const json = tryJsonObject(body);
  const message = typeof json?.message === 'string' ? json.message : json ? '' : body;
  const keyed = asId(json?.requestId ?? json?.RequestId ?? json?.id);
  if (keyed !== undefined) return { requestId: keyed, message };
  const match = ID_IN_TEXT.exec(message);
  return { requestId: match ? Number(match[1]) : undefined, message };
}
