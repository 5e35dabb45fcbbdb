/**
 * Where plain http:// is allowed without `allow-insecure-http`: this machine, and only when the
 * address cannot be made to mean another machine. That is a loopback IP literal (127.0.0.0/8,
 * ::1), or the name `localhost`, which is connected to without asking DNS (./client.ts) and never
 * through a proxy. `*.localhost` is not loopback here: such a name goes to a resolver and to
 * HTTPS_PROXY like any other, and either can send it anywhere.
 * @see https://www.rfc-editor.org/rfc/rfc6761#section-6.3
 */
import type { LookupFunction } from 'node:net';

export function isLoopback(url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** `localhost` without DNS, as RFC 6761 asks: 127.0.0.1 and ::1 (both, for a server on either). */
export const lookupLocalhost: LookupFunction = (_hostname, options, callback) => {
  const addresses = [
    { address: '127.0.0.1', family: 4 },
    { address: '::1', family: 6 },
  ].filter((a) => !options.family || options.family === a.family || options.family === `IPv${a.family}`);
  const done = callback as (error: NodeJS.ErrnoException | null, address: string | typeof addresses, family?: number) => void;
  if (options.all) process.nextTick(done, null, addresses);
  else process.nextTick(done, null, addresses[0]?.address ?? '127.0.0.1', addresses[0]?.family ?? 4);
};
