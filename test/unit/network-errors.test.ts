import { describe, expect, it } from 'vitest';
import { NetworkError } from '../../src/errors.js';
import { neverReachedServer, toNetworkError } from '../../src/http/network-errors.js';

const url = new URL('https://keycloak.example.org/realms/OECD/protocol/openid-connect/token?x=1');
const where = 'https://keycloak.example.org/realms/OECD/protocol/openid-connect/token';
const withCode = (code: string, cause?: unknown) => Object.assign(new Error(`failed: ${code}`), { code, cause });

describe('toNetworkError()', () => {
  it.each([
    ['refused', withCode('ECONNREFUSED'), 'NETWORK', 'ECONNREFUSED', `Connection to ${where} failed (ECONNREFUSED).`, 'Nothing is listening there'],
    ['reset', withCode('ECONNRESET'), 'NETWORK', 'ECONNRESET', `Connection to ${where} failed (ECONNRESET).`, 'The connection was cut'],
    ['unknown host', withCode('ENOTFOUND'), 'DNS', 'ENOTFOUND', `Cannot resolve the host name keycloak.example.org (ENOTFOUND) for ${where}.`, 'HTTPS_PROXY'],
    [
      'DNS try again',
      withCode('EAI_AGAIN'),
      'DNS',
      'EAI_AGAIN',
      `Cannot resolve the host name keycloak.example.org (EAI_AGAIN) for ${where}.`,
      'Check the host name',
    ],
    [
      'self-signed certificate',
      withCode('SELF_SIGNED_CERT_IN_CHAIN'),
      'TLS',
      'SELF_SIGNED_CERT_IN_CHAIN',
      `TLS connection to ${where} failed: the certificate is not trusted (SELF_SIGNED_CERT_IN_CHAIN).`,
      'NODE_EXTRA_CA_CERTS',
    ],
    [
      'TLS code under an abort wrapper',
      withCode('ABORT_ERR', withCode('CERT_HAS_EXPIRED')),
      'TLS',
      'CERT_HAS_EXPIRED',
      `TLS connection to ${where} failed: the certificate is not trusted (CERT_HAS_EXPIRED).`,
      'Never turn certificate checks off',
    ],
    [
      'https:// to a plain-HTTP port',
      withCode('ERR_SSL_WRONG_VERSION_NUMBER'),
      'TLS',
      'ERR_SSL_WRONG_VERSION_NUMBER',
      `TLS connection to ${where} failed: the server did not answer in TLS (ERR_SSL_WRONG_VERSION_NUMBER).`,
      'scheme and port',
    ],
    [
      'https:// to a plain-HTTP port (Node 20)',
      Object.assign(new Error('write EPROTO 806C…:error:0A00010B:SSL routines:ssl3_get_record:wrong version number'), { code: 'EPROTO' }),
      'TLS',
      'EPROTO',
      `TLS connection to ${where} failed: the server did not answer in TLS (EPROTO).`,
      'scheme and port',
    ],
    ['broken pipe while sending', withCode('EPIPE'), 'NETWORK', 'EPIPE', `Connection to ${where} failed (EPIPE).`, 'cut while the request was being sent'],
    [
      'socket hang up (closed before the answer)',
      withCode('ECONNRESET'),
      'NETWORK',
      'ECONNRESET',
      `Connection to ${where} failed (ECONNRESET).`,
      'cut before a complete answer came',
    ],
    [
      'not HTTP (http:// to a TLS port)',
      withCode('HPE_INVALID_CONSTANT'),
      'NETWORK',
      'HPE_INVALID_CONSTANT',
      `Connection to ${where} failed (HPE_INVALID_CONSTANT).`,
      'not valid HTTP/1.1',
    ],
    ['no code', new Error('something odd'), 'NETWORK', undefined, `Connection to ${where} failed (something odd).`, 'HTTPS_PROXY / NO_PROXY'],
  ])('%s', (_title, error, code, syscallCode, message, hint) => {
    const result = toNetworkError(error, url, undefined, 30_000);
    expect(result).toBeInstanceOf(NetworkError);
    expect(result.code).toBe(code);
    expect(result.syscallCode).toBe(syscallCode);
    expect(result.message).toBe(message);
    expect(result.hint).toContain(hint);
    expect(result.cause).toBe(error);
  });

  it('a timeout names the limit and request-timeout', () => {
    const result = toNetworkError(new Error('aborted'), url, 'timeout', 2_500);
    expect(result).toMatchObject({ code: 'TIMEOUT', syscallCode: 'TIMEOUT', message: `No answer from ${where} within 2.5 s.` });
    expect(result.hint).toContain('Raise request-timeout');
  });

  it('a timeout before the connection was made is a connect timeout, and says so', () => {
    const result = toNetworkError(new Error('aborted'), url, 'connect-timeout', 30_000);
    expect(result).toMatchObject({
      code: 'TIMEOUT',
      syscallCode: 'CONNECT_TIMEOUT',
      message: `Could not connect to keycloak.example.org within 30 s (for ${where}).`,
    });
    expect(result.hint).toContain('HTTPS_PROXY');
    expect(neverReachedServer(result)).toBe(true);
  });

  it('an abort is ABORTED', () => {
    expect(toNetworkError(new Error('x'), url, 'aborted', 1_000)).toMatchObject({ code: 'ABORTED', message: `The request to ${where} was cancelled.` });
  });

  it('never quotes the query string', () => {
    expect(toNetworkError(withCode('ECONNREFUSED'), url, undefined, 1_000).message).not.toContain('x=1');
  });
});

describe('neverReachedServer()', () => {
  it.each([
    ['ECONNREFUSED', true],
    ['ENOTFOUND', true],
    ['EAI_AGAIN', true],
    ['EHOSTUNREACH', true],
    ['ENETUNREACH', true],
    ['CONNECT_TIMEOUT', true],
    ['ECONNRESET', false],
    ['TIMEOUT', false],
    ['EPIPE', false],
    ['HPE_INVALID_CONSTANT', false],
  ])('%s → %s', (syscallCode, expected) => {
    expect(neverReachedServer(new NetworkError('NETWORK', 'x', undefined, { syscallCode }))).toBe(expected);
  });

  it('a proxy that refused the tunnel or could not be reached → true (the server never saw it)', () => {
    expect(neverReachedServer(new NetworkError('PROXY', 'x', undefined, { syscallCode: 'PROXY_407' }))).toBe(true);
    expect(neverReachedServer(new NetworkError('PROXY', 'x', undefined, { syscallCode: 'ECONNRESET' }))).toBe(true);
  });

  it('w/o a code → false', () => {
    expect(neverReachedServer(new NetworkError('NETWORK', 'x'))).toBe(false);
  });
});
