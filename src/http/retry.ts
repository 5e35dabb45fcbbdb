/**
 * The retry policy, in one table. A retry is only safe when a repeat cannot do harm:
 * - discovery is a GET: always safe;
 * - a password or client-credentials request that ran twice only mints a second token: safe;
 * - a refresh request that the server processed has spent the stored refresh token (Keycloak
 *   rotates it, and reusing the old one ends the session), so it is re-sent only when the server
 *   cannot have processed it: the connection was refused or never made, or a 429/503 came back;
 * - a keyless request spends its ID token once the server has seen it (each is accepted once),
 *   so, like a refresh, it is re-sent only when the server cannot have processed it; so are an
 *   authorization code and a device code (`login`), each exchanged once;
 * - an upload that was registered must not be registered twice (two imports of the same data),
 *   so it is re-sent only on the same condition; never after a 502/504 or a reset mid-request;
 * - a status query is a read: always safe;
 * - a store's API call (../store/) is a read, or a PUT of the same whole value: a repeat writes
 *   the same again, so it is safe.
 * - a revocation repeated does no harm (RFC 7009 §2.2).
 * Backoff is exponential with jitter and a cap; `Retry-After` is honoured up to a limit.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { DotstatError, NetworkError } from '../errors.js';
import { headerValue, type HttpResponse } from './client.js';
import { neverReachedServer } from './network-errors.js';

export type Operation = 'discovery' | 'token' | 'refresh' | 'assertion' | 'upload' | 'status' | 'store' | 'revoke';

interface Policy {
  readonly attempts: number;
  readonly statuses: readonly number[];
  /** 'any': every network failure is retried; 'unsent': only those that never reached the server. */
  readonly network: 'any' | 'unsent';
}

export const RETRY_POLICY: Readonly<Record<Operation, Policy>> = {
  discovery: { attempts: 4, statuses: [429, 502, 503, 504], network: 'any' },
  token: { attempts: 4, statuses: [429, 502, 503, 504], network: 'any' },
  refresh: { attempts: 4, statuses: [429, 503], network: 'unsent' },
  assertion: { attempts: 4, statuses: [429, 503], network: 'unsent' },
  upload: { attempts: 3, statuses: [429, 503], network: 'unsent' },
  status: { attempts: 5, statuses: [429, 500, 502, 503, 504], network: 'any' },
  store: { attempts: 4, statuses: [429, 502, 503, 504], network: 'any' },
  // Revoking twice is harmless (RFC 7009 §2.2: an invalid token is answered 200); few tries: the job is over.
  revoke: { attempts: 2, statuses: [429, 502, 503, 504], network: 'any' },
};

export interface RetryTiming {
  readonly baseMs: number;
  readonly capMs: number;
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_TIMING: RetryTiming = { baseMs: 1000, capMs: 16_000, maxRetryAfterMs: 60_000 };

export interface RetryContext {
  readonly signal?: AbortSignal;
  readonly timing?: RetryTiming;
  readonly debug?: (message: string) => void;
  readonly random?: () => number;
}

/** Delay before attempt `attempt + 1` (attempt counts from 1): exponential, capped, with jitter. */
export function backoffMs(attempt: number, timing: RetryTiming, random: () => number = Math.random): number {
  const ceiling = Math.min(timing.capMs, timing.baseMs * 2 ** (attempt - 1));
  return Math.round(ceiling * (0.5 + random() / 2));
}

/** `Retry-After` as milliseconds (delta-seconds or an HTTP date), or undefined when absent/invalid. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // An HTTP-date starts with a day name; without this, Date.parse reads '1.5' or '-1' as a year.
  const date = /^[a-z]+,? /i.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Sleeps, but wakes at once (throwing ABORTED) when the signal aborts. */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  try {
    await delay(ms, undefined, { signal });
  } catch {
    throw new DotstatError('ABORTED', 'Cancelled while waiting.');
  }
}

/**
 * Runs `attempt` under the policy of `operation`. Returns the first response that is not retryable,
 * or the last response when the attempts run out; rethrows the last network error likewise.
 */
export async function withRetry(operation: Operation, attempt: () => Promise<HttpResponse>, context: RetryContext = {}): Promise<HttpResponse> {
  const policy = RETRY_POLICY[operation];
  const timing = context.timing ?? DEFAULT_TIMING;
  for (let n = 1; ; n++) {
    let wait: number;
    try {
      const response = await attempt();
      if (!policy.statuses.includes(response.status) || n >= policy.attempts) return response;
      const after = retryAfterMs(headerValue(response.headers, 'retry-after'));
      wait = after === undefined ? backoffMs(n, timing, context.random) : Math.min(after, timing.maxRetryAfterMs);
      context.debug?.(`${operation}: HTTP ${response.status}, attempt ${n} of ${policy.attempts}; retrying in ${wait} ms`);
    } catch (error) {
      if (!(error instanceof NetworkError) || n >= policy.attempts || !retryable(policy, error)) throw error;
      wait = backoffMs(n, timing, context.random);
      context.debug?.(`${operation}: ${error.message} attempt ${n} of ${policy.attempts}; retrying in ${wait} ms`);
    }
    await sleep(wait, context.signal);
  }
}

function retryable(policy: Policy, error: NetworkError): boolean {
  if (error.code === 'ABORTED' || error.code === 'TLS' || error.syscallCode === 'ENOTFOUND') return false;
  // A proxy that wants credentials or forbids the tunnel says the same thing every time.
  if (error.code === 'PROXY' && /^PROXY_[1-4]\d\d$/.test(error.syscallCode ?? '')) return false;
  return policy.network === 'any' || neverReachedServer(error);
}
