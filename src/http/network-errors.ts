/** Turns what Node's HTTP client throws into a NetworkError that says what happened and what to do. */
import { NetworkError } from '../errors.js';

const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_UNTRUSTED',
]);

/** Failures where the request cannot have reached the server's application. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'CONNECT_TIMEOUT']);

function codeOf(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'ABORT_ERR') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return (error as { code?: string } | undefined)?.code;
}

/** True when the failed request cannot have been processed, so even a non-idempotent call may be re-sent. */
export function neverReachedServer(error: NetworkError): boolean {
  // A proxy that refused the tunnel, or could not be reached, never passed the request on.
  if (error.code === 'PROXY') return true;
  return error.syscallCode !== undefined && NEVER_SENT.has(error.syscallCode);
}

/** A TLS client that met something else than TLS: OpenSSL says "wrong version number" (Node 20: EPROTO). */
function notTls(code: string | undefined, error: unknown): boolean {
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG') return true;
  return code === 'EPROTO' && /wrong version number|packet length too long/i.test(error instanceof Error ? error.message : '');
}

export function toNetworkError(error: unknown, url: URL, abort: 'timeout' | 'connect-timeout' | 'aborted' | undefined, timeoutMs: number): NetworkError {
  const where = `${url.origin}${url.pathname}`;
  if (abort === 'connect-timeout') {
    return new NetworkError(
      'TIMEOUT',
      `Could not connect to ${url.host} within ${timeoutMs / 1000} s (for ${where}).`,
      'Nothing answered: check the host and port, and whether the runner needs a proxy (HTTPS_PROXY) or a firewall opening to reach it.',
      { cause: error, syscallCode: 'CONNECT_TIMEOUT' },
    );
  }
  if (abort === 'timeout') {
    return new NetworkError(
      'TIMEOUT',
      `No answer from ${where} within ${timeoutMs / 1000} s.`,
      'The server is slow or unreachable. Raise request-timeout if it is known to be slow, or check the URL.',
      { cause: error, syscallCode: 'TIMEOUT' },
    );
  }
  if (abort === 'aborted') return new NetworkError('ABORTED', `The request to ${where} was cancelled.`, undefined, { cause: error });
  const code = codeOf(error);
  if (notTls(code, error)) {
    return new NetworkError(
      'TLS',
      `TLS connection to ${where} failed: the server did not answer in TLS (${code}).`,
      'Check the scheme and port in the URL: https:// sent to a plain-HTTP port does this, and so does a proxy or firewall that intercepts the connection.',
      { cause: error, syscallCode: code },
    );
  }
  if (code && TLS_CODES.has(code)) {
    return new NetworkError(
      'TLS',
      `TLS connection to ${where} failed: the certificate is not trusted (${code}).`,
      "If the server uses a certificate from your organisation's own authority, give the runner that CA: set NODE_EXTRA_CA_CERTS to the path of a PEM file holding it (on Node 24 runners, NODE_USE_SYSTEM_CA=1 uses the system store). Never turn certificate checks off.",
      { cause: error, syscallCode: code },
    );
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new NetworkError(
      'DNS',
      `Cannot resolve the host name ${url.hostname} (${code}) for ${where}.`,
      'Check the host name in the URL, and that the runner can reach it (a self-hosted runner may need HTTPS_PROXY).',
      { cause: error, syscallCode: code },
    );
  }
  const detail = code ?? (error instanceof Error ? error.message : 'unknown error');
  const hints: Record<string, string> = {
    ECONNREFUSED: 'Nothing is listening there: check the host and port, and that the service is up.',
    ECONNRESET: 'The connection was cut before a complete answer came (a proxy, load balancer or the server closed it).',
    EPIPE: 'The connection was cut while the request was being sent (a proxy, load balancer or the server closed it).',
  };
  const malformed = code?.startsWith('HPE_')
    ? "The answer was not valid HTTP/1.1: check the URL's scheme and port (http:// to a TLS port, say), or a proxy in between."
    : undefined;
  return new NetworkError(
    'NETWORK',
    `Connection to ${where} failed (${detail}).`,
    hints[code ?? ''] ?? malformed ?? 'Check that the URL is right and the service is reachable from the runner (proxy: HTTPS_PROXY / NO_PROXY).',
    { cause: error, syscallCode: code },
  );
}
