/**
 * Proxies. Which proxy a URL goes through (HTTPS_PROXY / HTTP_PROXY / NO_PROXY, loopback never
 * proxied) is @actions/http-client's resolution, the same as every other action's. Getting there
 * is a CONNECT tunnel opened here, inside the request's own time limit and cancellation, so a
 * proxy that hangs or refuses is reported as such rather than as a cut connection.
 */
import http from 'node:http';
import https from 'node:https';
import { isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
// The resolution alone: the package's main module would also load undici, which nothing here uses.
import { getProxyUrl } from '@actions/http-client/lib/proxy';
import { NetworkError } from '../errors.js';

/**
 * The proxy for this URL, or undefined to connect directly. A loopback address (./loopback.ts) is
 * never proxied: a proxy would see what is sent there in clear (test/unit/client.test.ts).
 */
export function proxyFor(url: URL): URL | undefined {
  return getProxyUrl(url);
}

export function defaultPort(url: URL): number {
  return Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
}

/** The address a person can check: host and port, never the credentials in the proxy URL. */
export function proxyName(proxy: URL): string {
  return `${proxy.hostname}:${defaultPort(proxy)}`;
}

/**
 * Asks the proxy for a tunnel to `target` and returns the socket to speak HTTP on (TLS to the
 * target for https://, checked against the target's name as for a direct connection).
 */
export async function openTunnel(proxy: URL, target: URL, signal: AbortSignal): Promise<Socket> {
  const authority = `${target.hostname}:${defaultPort(target)}`;
  const headers: Record<string, string> = { host: authority };
  if (proxy.username || proxy.password) {
    // getProxyUrl() has decoded them already (a password may hold a literal %).
    const credentials = `${proxy.username}:${proxy.password}`;
    headers['proxy-authorization'] = `Basic ${Buffer.from(credentials).toString('base64')}`;
  }
  const request = (proxy.protocol === 'https:' ? https : http).request({
    host: proxy.hostname.replace(/^\[|\]$/g, ''),
    port: defaultPort(proxy),
    method: 'CONNECT',
    path: authority,
    headers,
    agent: false,
    signal,
  });
  const socket = await new Promise<Socket>((resolve, reject) => {
    request.once('connect', (response: http.IncomingMessage, tunnel: Socket, head: Buffer) => {
      const status = response.statusCode ?? 0;
      if (status === 200 && head.length === 0) return resolve(tunnel);
      tunnel.destroy();
      reject(refusal(proxy, authority, status));
    });
    request.once('error', (error) => reject(unreachable(proxy, error)));
    request.end();
  });
  if (target.protocol !== 'https:') return socket;
  const host = target.hostname.replace(/^\[|\]$/g, '');
  const secure = tlsConnect({ socket, host, servername: isIP(host) ? undefined : host });
  // Returned once the handshake is done, so that a handshake that hangs is still a connect
  // timeout (the request cannot have been sent) and a certificate error is reported as such.
  await new Promise<void>((resolve, reject) => {
    const abort = () => {
      secure.destroy();
      reject(signal.reason);
    };
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    secure.once('secureConnect', () => {
      signal.removeEventListener('abort', abort);
      resolve();
    });
    // Kept after the handshake: an error before node:http takes the socket over must not be unhandled.
    secure.on('error', (error) => {
      signal.removeEventListener('abort', abort);
      reject(error);
    });
  });
  return secure;
}

function refusal(proxy: URL, authority: string, status: number): NetworkError {
  const where = `The proxy ${proxyName(proxy)} refused to open a tunnel to ${authority} (HTTP ${status || 'answer without a status'}).`;
  const hint =
    status === 407
      ? 'The proxy wants credentials: put them in the proxy URL, as in HTTPS_PROXY=http://user:password@proxy:port (the password is masked in the log).'
      : status >= 500
        ? 'The proxy could not reach the server: check the host and port in the URL, and that the proxy can reach them.'
        : 'Ask for the proxy to allow tunnels (CONNECT) to this host and port, or, if the runner can reach the server directly, add the host to NO_PROXY.';
  return new NetworkError('PROXY', where, hint, { syscallCode: `PROXY_${status}` });
}

function unreachable(proxy: URL, error: unknown): unknown {
  // A timeout or cancellation is the request's own: the caller says what it was.
  if (signalAbort(error)) return error;
  const code = (error as { code?: unknown }).code;
  const detail = typeof code === 'string' ? code : error instanceof Error ? error.message : 'unknown error';
  return new NetworkError(
    'PROXY',
    `Cannot reach the proxy ${proxyName(proxy)} (${detail}).`,
    'Check HTTPS_PROXY / HTTP_PROXY on the runner; if the server can be reached directly, add its host to NO_PROXY.',
    { cause: error, syscallCode: typeof code === 'string' ? code : 'PROXY_UNREACHABLE' },
  );
}

function signalAbort(error: unknown): boolean {
  return (error as { code?: unknown; name?: unknown }).code === 'ABORT_ERR' || (error as { name?: unknown }).name === 'AbortError';
}
