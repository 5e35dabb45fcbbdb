/**
 * For vi.mock('node:http') / vi.mock('node:https'): records every request the code under test
 * makes, and fails one to a host off this machine on the spot, so that a regression of the HTTPS
 * rule can never send anything over the network.
 */
import type * as Http from 'node:http';

type RequestFn = typeof Http.request;

const LOOPBACK = /^(127\.|localhost$|.*\.localhost$|\[?::1\]?$)/;

export function guarded<M extends { request: RequestFn; default?: unknown }>(actual: M, dispatched: string[]): M {
  const request = ((...args: Parameters<RequestFn>) => {
    const [first, second] = args as [unknown, unknown];
    const url = typeof first === 'string' || first instanceof URL ? new URL(String(first)) : undefined;
    const options = (url ? second : first) as Http.RequestOptions | undefined;
    const host = url?.hostname ?? String(options?.hostname ?? options?.host ?? 'localhost');
    dispatched.push(url ? url.href : `${options?.method ?? 'GET'} ${host}:${options?.port ?? ''}${options?.path ?? ''}`);
    // A request on a tunnel (createConnection) goes to the proxy that opened it, on this machine.
    if (!LOOPBACK.test(host) && !options?.createConnection) throw new Error(`test guard: a request to ${host} was about to leave this machine`);
    return (actual.request as (...a: unknown[]) => Http.ClientRequest)(...args);
  }) as RequestFn;
  const base = (actual.default ?? actual) as object;
  return { ...actual, request, default: { ...base, request } };
}
