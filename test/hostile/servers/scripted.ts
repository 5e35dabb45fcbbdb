/**
 * A tiny node:http server on 127.0.0.1 that answers whatever a row scripts: for the malicious or
 * odd answers no faithful fixture would ever give (a token with a newline in it, a status nobody
 * defined). It reads each request's body whole before answering, like a real server.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Scripted {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** A string is sent as it is; anything else as JSON. */
  readonly body: unknown;
}

export interface Received {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface ScriptedServer {
  readonly url: string;
  readonly requests: readonly Received[];
  close(): Promise<void>;
}

/** `answer` gets each request (and how many came before it on the same path) and returns the reply. */
export async function scriptedServer(answer: (request: Received, nth: number) => Scripted): Promise<ScriptedServer> {
  const requests: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const received: Received = {
        method: req.method ?? '',
        path: new URL(req.url ?? '/', 'http://x').pathname,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      const nth = requests.filter((r) => r.path === received.path).length;
      requests.push(received);
      const reply = answer(received, nth);
      const body = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      const type = typeof reply.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json';
      res.writeHead(reply.status ?? 200, { 'content-type': type, 'content-length': String(Buffer.byteLength(body)), ...reply.headers });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A token endpoint (any path) that answers every request with this reply. */
export function tokenEndpoint(reply: Scripted): Promise<ScriptedServer> {
  return scriptedServer(() => reply);
}

/** A good token answer, with a token that is not a JWT (so it is told apart from the leak scan's JWT check). */
export const GOOD_TOKEN = 'hostile-access-token-0001';
export const GOOD_TOKENS: Scripted = { body: { access_token: GOOD_TOKEN, token_type: 'Bearer', expires_in: 300 } };

/**
 * A Transfer service at `{url}/3`: uploads get `registration`, status queries get `status(nth)`
 * (nth counts the status queries before this one).
 */
export function transferService(registration: Scripted, status: (nth: number) => Scripted): Promise<ScriptedServer> {
  return scriptedServer((request, nth) => {
    if (request.path.endsWith('/import/sdmxFile') || request.path.endsWith('/validate/sdmxFile')) return registration;
    if (request.path.endsWith('/status/request')) return status(nth);
    return { status: 404, body: 'Not Found' };
  });
}

/** A status answer as the service writes it, with overrides. */
export function statusBody(overrides: Record<string, unknown> = {}): Scripted {
  return {
    body: {
      requestId: 154,
      executionStatus: 'Completed',
      outcome: 'Success',
      executionStart: '2026-06-04T08:00:00Z',
      executionEnd: '2026-06-04T08:00:01Z',
      logs: [{ date: '2026-06-04T08:00:01Z', level: 'NOTICE', message: '12 observations have been processed' }],
      ...overrides,
    },
  };
}

export const REGISTERED: Scripted = { body: { message: 'The request with ID 154 was successfully registered.' } };
