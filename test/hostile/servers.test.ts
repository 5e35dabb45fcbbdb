/**
 * Failing servers: each row runs a built entry point (the action on GitHub, or the command line as
 * a GitLab job) against an identity provider or a Transfer service that misbehaves the way real
 * ones do: bursts of 503 (with and without Retry-After), 429, nothing listening, a connection cut
 * mid-answer, answers slower than request-timeout, truncated JSON, HTML error pages, wrong content
 * types, bodies that never end, redirects, DNS failure, an untrusted certificate, a token that
 * expires during a long import, and a request that never finishes. Every row gets fresh servers,
 * so rows run side by side. runRow() asserts the exit status, the message, no stack trace, no
 * unhandled rejection, a bounded run time and no secret anywhere.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it, type ExpectStatic } from 'vitest';
import type { RunResult } from '../e2e/harness.js';
import { CLIENT_SECRET, PASSWORD, runRow, type Row } from './rows.js';
import {
  afterBody,
  bearerOf,
  closedPort,
  CSV1,
  DNS_STUB,
  drippingBody,
  endlessBody,
  halfThenCut,
  makeWork,
  selfSignedCert,
  startFront,
  startWorld,
  type Front,
  type World,
} from './support/world.js';

let work: ReturnType<typeof makeWork>;
let certDir: string;
let tls: ReturnType<typeof selfSignedCert>;

beforeAll(() => {
  work = makeWork();
  certDir = mkdtempSync(join(tmpdir(), 'dotstat-hostile-tls-'));
  tls = selfSignedCert(certDir);
});
afterAll(() => {
  work.remove();
  rmSync(certDir, { recursive: true, force: true });
});

/** The IdP's realm and the password grant. */
const login = (w: World): Record<string, string> => ({ authority: w.idp.issuer, username: 'alice', password: PASSWORD });
/** The password grant, then one file uploaded to the simulator and waited for. */
const upload = (w: World, extra: Record<string, string> = {}): Record<string, string> => ({
  ...login(w),
  'transfer-url': w.transfer.url,
  dataspace: 'design',
  file: CSV1,
  'poll-interval': '0.1',
  ...extra,
});
const tokenPath = (w: World) => new URL(w.idp.tokenEndpoint).pathname;
const importsOf = (w: World) => w.transfer.requests.filter((r) => r.path.endsWith('/import/sdmxFile'));
const grantsOf = (w: World) => w.idp.requests.filter((r) => r.path === tokenPath(w));

interface Arranged {
  readonly row: Omit<Row, 'name' | 'entry' | 'cwd' | 'secrets'>;
  readonly check?: (result: RunResult) => void | Promise<void>;
  readonly fronts?: readonly Front[];
}

interface ServerRow {
  readonly name: string;
  readonly entry: Row['entry'];
  readonly world?: Parameters<typeof startWorld>[0];
  /** Its checks must assert with the `expect` it is given (the test's own, as the rows run concurrently). */
  readonly arrange: (w: World, expect: ExpectStatic) => Promise<Arranged> | Arranged;
}

const rows: ServerRow[] = [
  // ---- identity provider ----------------------------------------------------------------------
  {
    name: 'IdP token endpoint: two 503 w/ Retry-After: 1, then recovers → token',
    entry: 'action',
    arrange: (w, expect) => {
      w.idp.inject({ kind: '503', times: 2, retryAfter: 1 });
      return {
        row: { inputs: login(w), code: 0, says: ['Got an access token with the password grant'] },
        check: (r) => {
          expect(grantsOf(w)).toHaveLength(3);
          const [, second, third] = grantsOf(w).map((g) => g.at);
          expect(third! - second!, 'Retry-After: 1 was not honoured').toBeGreaterThanOrEqual(900);
          expect(r.outputs['grant-type']).toBe('password');
        },
      };
    },
  },
  {
    name: 'IdP token endpoint: 503 that never recovers (no Retry-After) → fails after 4 attempts',
    entry: 'gitlab',
    arrange: (w, expect) => {
      w.idp.inject({ kind: '503', times: 100 });
      return {
        row: { inputs: login(w), code: 1, says: [`The token endpoint ${w.idp.tokenEndpoint} answered HTTP 503`, 'retried without success. Try again later'] },
        check: () => expect(grantsOf(w)).toHaveLength(4),
      };
    },
  },
  {
    name: 'IdP discovery: a 502 burst (HTML page), then recovers → token',
    entry: 'gitlab',
    arrange: (w, expect) => {
      w.idp.inject({ kind: '502', on: 'discovery', times: 2 });
      return {
        row: { inputs: login(w), code: 0, says: ['Got an access token with the password grant'] },
        check: () => expect(w.idp.requests.filter((r) => r.path.endsWith('/openid-configuration'))).toHaveLength(3),
      };
    },
  },
  {
    name: 'IdP token endpoint: 429 w/ Retry-After: 1 → waits, then token',
    entry: 'action',
    arrange: (w, expect) => {
      w.idp.inject({ kind: '429', retryAfter: 1 });
      return {
        row: { inputs: login(w), code: 0, says: ['Got an access token'] },
        check: () => {
          const [first, second] = grantsOf(w).map((g) => g.at);
          expect(second! - first!).toBeGreaterThanOrEqual(900);
        },
      };
    },
  },
  {
    name: 'IdP: connection refused (a closed port) → names the URL, says nothing listens',
    entry: 'gitlab',
    arrange: async (_w, expect) => {
      const port = await closedPort();
      return {
        row: {
          inputs: { 'token-url': `http://127.0.0.1:${port}/realms/x/protocol/openid-connect/token?client=1`, username: 'alice', password: PASSWORD },
          code: 1,
          says: [`Connection to http://127.0.0.1:${port}/realms/x/protocol/openid-connect/token failed (ECONNREFUSED)`, 'Nothing is listening there'],
        },
        check: (r) => expect(r.stdout).not.toContain('client=1'),
      };
    },
  },
  {
    name: 'IdP: answer cut mid-body (half a JSON, then the socket is destroyed) → connection closed early',
    entry: 'action',
    arrange: async (w) => {
      const front = await startFront(w.idp.url, (req, res) => (req.method === 'POST' ? (halfThenCut(req, res), true) : false));
      return {
        fronts: [front],
        row: {
          inputs: { 'token-url': `${front.url}${tokenPath(w)}`, username: 'alice', password: PASSWORD },
          code: 1,
          says: [`Connection to ${front.url}${tokenPath(w)} failed`, /closed before a complete answer|cut/],
        },
      };
    },
  },
  {
    name: 'IdP: no answer within request-timeout 1 (hang) → TIMEOUT naming request-timeout',
    entry: 'gitlab',
    arrange: (w) => {
      w.idp.inject({ kind: 'hang', times: 100 });
      return {
        row: { inputs: { ...login(w), 'request-timeout': '1' }, code: 1, says: [`No answer from ${w.idp.tokenEndpoint} within 1 s`, 'request-timeout'] },
      };
    },
  },
  {
    name: 'IdP: refresh answered slower than request-timeout → TIMEOUT, the refresh is not re-sent',
    entry: 'action',
    arrange: (w, expect) => {
      const stored = w.idp.issueRefreshToken({ clientId: 'app', username: 'alice' });
      w.idp.inject({ kind: 'slow', delayMs: 3000 });
      return {
        row: {
          inputs: { authority: w.idp.issuer, 'refresh-token': stored, 'request-timeout': '1' },
          code: 1,
          says: [`No answer from ${w.idp.tokenEndpoint} within 1 s`, 'request-timeout'],
        },
        check: () => expect(grantsOf(w), 'a refresh that may have been processed was sent again').toHaveLength(1),
      };
    },
  },
  {
    name: 'IdP: refresh processed, then the connection reset → not re-sent; says the token may be spent',
    entry: 'action',
    arrange: (w, expect) => {
      const stored = w.idp.issueRefreshToken({ clientId: 'app', username: 'alice' });
      w.idp.inject({ kind: 'after-processing-reset' });
      return {
        row: {
          inputs: { authority: w.idp.issuer, 'refresh-token': stored },
          code: 1,
          says: [`Connection to ${w.idp.tokenEndpoint} failed`, /refresh token may have been (used|spent)/],
        },
        check: () => expect(grantsOf(w)).toHaveLength(1),
      };
    },
  },
  {
    name: 'IdP token endpoint: truncated JSON → not a JSON object, points at token-url',
    entry: 'gitlab',
    arrange: (w) => {
      w.idp.inject({ kind: 'truncated-json' });
      return {
        row: {
          inputs: login(w),
          code: 1,
          says: [`The token endpoint ${w.idp.tokenEndpoint} answered HTTP 200 but its body is not a JSON object (application/json`, 'token-url'],
        },
      };
    },
  },
  {
    name: 'IdP discovery: HTML 404 page → discovery failed, hint on the realm URL',
    entry: 'action',
    arrange: (w) => {
      w.idp.inject({ kind: 'html404', on: 'discovery' });
      return {
        row: {
          inputs: login(w),
          code: 1,
          says: [`OpenID Connect discovery failed: ${w.idp.discoveryUrl} answered HTTP 404 (text/html`, 'authority must be the realm URL'],
        },
      };
    },
  },
  {
    name: 'IdP token endpoint: HTML sign-in page w/ 200 (wrong content type) → not a token endpoint',
    entry: 'action',
    arrange: (w) => {
      w.idp.inject({ kind: 'html200' });
      return { row: { inputs: login(w), code: 1, says: ['answered HTTP 200 but its body is not a JSON object (text/html', 'check token-url / authority'] } };
    },
  },
  {
    name: 'IdP token endpoint: a body that never ends → stops reading at 1 MiB, fails at once',
    entry: 'gitlab',
    arrange: async (w, expect) => {
      const front = await startFront(w.idp.url, (req, res, f) => (req.method === 'POST' ? (endlessBody(req, res, f), true) : false));
      return {
        fronts: [front],
        row: {
          inputs: { 'token-url': `${front.url}${tokenPath(w)}`, username: 'alice', password: PASSWORD },
          code: 1,
          says: [
            `The answer from ${front.url}${tokenPath(w)} (HTTP 200) is larger than 1048576 bytes; stopped reading it.`,
            'Check that the URL points at the service',
          ],
          withinMs: 10_000,
        },
        check: () => {
          expect(
            front.requests.filter((r) => r.method === 'POST'),
            'a huge answer is not worth a retry',
          ).toHaveLength(1);
          expect(front.written.closedAt, 'the client did not hang up').toBeDefined();
          expect(front.written.bytes).toBeLessThan(16 * 1024 * 1024);
        },
      };
    },
  },
  {
    name: 'IdP token endpoint: 307 to another host → the password is never replayed there',
    entry: 'action',
    arrange: async (w, expect) => {
      const elsewhere = await startFront(undefined);
      w.idp.inject({ kind: 'redirect', location: `${elsewhere.url}/steal${tokenPath(w)}?x=1` });
      return {
        fronts: [elsewhere],
        row: {
          inputs: login(w),
          code: 1,
          says: [`answered HTTP 307, redirecting to ${elsewhere.url}/steal${tokenPath(w)}.`, 'never re-sent to a redirect target'],
        },
        check: (r) => {
          expect(elsewhere.requests, 'the redirect target received a request').toHaveLength(0);
          expect(r.stdout).not.toContain('x=1');
        },
      };
    },
  },
  {
    name: 'IdP discovery: 302 to another server (a GET without credentials) is followed → token',
    entry: 'gitlab',
    arrange: async (w, expect) => {
      const moved = await startFront(w.idp.url);
      w.idp.inject({ kind: 'redirect', on: 'discovery', location: `${moved.url}${new URL(w.idp.discoveryUrl).pathname}` });
      return {
        fronts: [moved],
        row: { inputs: login(w), code: 0, says: ['Got an access token'] },
        check: () => {
          expect(moved.requests.map((r) => r.method)).toEqual(['GET']);
          expect(moved.requests[0]?.headers.authorization).toBeUndefined();
        },
      };
    },
  },
  {
    name: 'IdP: DNS failure (keycloak.invalid, stubbed resolver) → cannot resolve, no retry storm',
    entry: 'gitlab',
    arrange: (_w, expect) => {
      const lookups = join(certDir, 'dns-idp.log');
      return {
        row: {
          inputs: { authority: 'https://keycloak.invalid/realms/OECD', username: 'alice', password: PASSWORD },
          env: { NODE_OPTIONS: `--import ${DNS_STUB}`, DNS_STUB_LOG: lookups },
          code: 1,
          says: [
            'Cannot resolve the host name keycloak.invalid (ENOTFOUND) for https://keycloak.invalid/realms/OECD/.well-known/openid-configuration',
            'Check the host name in the URL',
          ],
          withinMs: 5000,
        },
        // The lookup went through the stub (so no real query), once: an unknown name is not retried.
        check: () => expect(readFileSync(lookups, 'utf8').split('\n').filter(Boolean)).toEqual(['keycloak.invalid']),
      };
    },
  },
  {
    name: 'IdP over TLS w/ a self-signed certificate the runner does not trust → points at NODE_EXTRA_CA_CERTS',
    entry: 'action',
    arrange: async (w, expect) => {
      const secure = await startFront(w.idp.url, undefined, tls);
      return {
        fronts: [secure],
        row: {
          inputs: { 'token-url': `${secure.url}${tokenPath(w)}`, username: 'alice', password: PASSWORD },
          code: 1,
          says: [`TLS connection to ${secure.url}${tokenPath(w)} failed: the certificate is not trusted (DEPTH_ZERO_SELF_SIGNED_CERT)`, 'NODE_EXTRA_CA_CERTS'],
        },
        check: () => expect(grantsOf(w), 'credentials went over an untrusted connection').toHaveLength(0),
      };
    },
  },
  {
    name: 'IdP over TLS w/ the same certificate in NODE_EXTRA_CA_CERTS → trusted, token',
    entry: 'gitlab',
    arrange: async (w, expect) => {
      const secure = await startFront(w.idp.url, undefined, tls);
      return {
        fronts: [secure],
        row: {
          inputs: { 'token-url': `${secure.url}${tokenPath(w)}`, username: 'alice', password: PASSWORD },
          env: { NODE_EXTRA_CA_CERTS: tls.certPath },
          code: 0,
          says: ['Got an access token with the password grant'],
        },
        check: () => expect(grantsOf(w)).toHaveLength(1),
      };
    },
  },

  // ---- Transfer service -----------------------------------------------------------------------
  {
    name: 'Transfer upload: two 503 w/ Retry-After: 1, then registered → success',
    entry: 'gitlab',
    arrange: (w, expect) => {
      w.transfer.inject({ kind: '503', times: 2, retryAfter: 1 });
      return {
        row: { inputs: upload(w), code: 0, says: ['Request 100 registered', 'All 1 request finished.'] },
        check: () => {
          expect(importsOf(w)).toHaveLength(3);
          expect(w.transfer.uploads).toHaveLength(1);
        },
      };
    },
  },
  {
    name: 'Transfer upload: 503 that never recovers (no Retry-After) → fails after 3 attempts, nothing registered',
    entry: 'action',
    arrange: (w, expect) => {
      w.transfer.inject({ kind: '503', times: 100 });
      return {
        row: { inputs: upload(w), code: 1, says: [`Uploading ${CSV1}: ${w.transfer.url}/3/import/sdmxFile answered HTTP 503`, 'Try again later'] },
        check: (r) => {
          expect(importsOf(w)).toHaveLength(3);
          expect(r.outputs['execution-status']).toBe('NotRegistered');
        },
      };
    },
  },
  {
    name: 'Transfer upload: 429 w/ Retry-After: 1 → waits, then registered',
    entry: 'action',
    arrange: (w, expect) => {
      w.transfer.inject({ kind: '429', retryAfter: 1 });
      return { row: { inputs: upload(w), code: 0, says: ['Request 100 registered'] }, check: () => expect(importsOf(w)).toHaveLength(2) };
    },
  },
  {
    name: 'Transfer upload: 502 → not re-sent (it may be registered); says check before re-running',
    entry: 'gitlab',
    arrange: (w, expect) => {
      w.transfer.inject({ kind: '502' });
      return {
        row: { inputs: upload(w), code: 1, says: ['answered HTTP 502', /may already have registered this request/, /check .*before re-running/i] },
        check: () => expect(importsOf(w)).toHaveLength(1),
      };
    },
  },
  {
    name: 'Transfer upload: 504 after the service registered it → not re-sent (no double import)',
    entry: 'action',
    arrange: (w, expect) => {
      w.transfer.inject({ kind: '504' });
      return {
        row: { inputs: upload(w), code: 1, says: ['answered HTTP 504', /may already have registered this request/, /check .*before re-running/i] },
        check: () => {
          expect(importsOf(w)).toHaveLength(1);
          expect(w.transfer.uploads).toHaveLength(1);
        },
      };
    },
  },
  {
    name: 'Transfer upload: connection reset → UND_ERR_SOCKET, not re-sent, may be registered',
    entry: 'gitlab',
    arrange: (w, expect) => {
      w.transfer.inject({ kind: 'reset' });
      return {
        row: {
          inputs: upload(w),
          code: 1,
          says: [`Connection to ${w.transfer.url}/3/import/sdmxFile failed`, /UND_ERR_SOCKET|ECONNRESET|EPIPE/, /may already have registered this request/],
        },
        check: () => expect(importsOf(w)).toHaveLength(1),
      };
    },
  },
  {
    name: 'Transfer upload: answer cut mid-body → ECONNRESET, not re-sent',
    entry: 'action',
    arrange: async (w, expect) => {
      const front = await startFront(w.transfer.url, (req, res) => (req.url?.includes('/import/') ? (halfThenCut(req, res), true) : false));
      return {
        fronts: [front],
        row: {
          inputs: upload(w, { 'transfer-url': `${front.url}/3` }),
          code: 1,
          says: [`Connection to ${front.url}/3/import/sdmxFile failed (ECONNRESET)`, /may already have registered this request/],
        },
        check: () => expect(front.requests.filter((r) => r.path.includes('/import/'))).toHaveLength(1),
      };
    },
  },
  {
    name: 'Transfer: connection refused (a closed port) → retried, then names the URL',
    entry: 'action',
    arrange: async (w) => {
      const port = await closedPort();
      return {
        row: {
          inputs: upload(w, { 'transfer-url': `http://127.0.0.1:${port}/3` }),
          code: 1,
          says: [`Connection to http://127.0.0.1:${port}/3/import/sdmxFile failed (ECONNREFUSED)`, 'Nothing is listening there'],
        },
      };
    },
  },
  {
    name: 'Transfer upload: no answer within request-timeout 1 (hang) → TIMEOUT naming request-timeout',
    entry: 'gitlab',
    arrange: (w, expect) => {
      w.transfer.inject({ kind: 'hang' });
      return {
        row: {
          inputs: upload(w, { 'request-timeout': '1' }),
          code: 1,
          says: [`No answer from ${w.transfer.url}/3/import/sdmxFile within 1 s`, 'request-timeout', /may already have registered this request/],
        },
        check: () => expect(importsOf(w)).toHaveLength(1),
      };
    },
  },
  {
    name: 'Transfer upload: the answer drips one byte every 100 ms forever → request-timeout bounds it',
    entry: 'action',
    arrange: async (w, expect) => {
      const front = await startFront(w.transfer.url, (req, res, f) => (req.url?.includes('/import/') ? (drippingBody(req, res, f), true) : false));
      return {
        fronts: [front],
        row: {
          inputs: upload(w, { 'transfer-url': `${front.url}/3`, 'request-timeout': '1' }),
          code: 1,
          says: [`Uploading ${CSV1}: No answer from ${front.url}/3/import/sdmxFile within 1 s`, 'request-timeout', /may already have registered this request/],
          withinMs: 8000,
        },
        check: () => {
          expect(front.written.closedAt, 'the client did not hang up').toBeDefined();
          expect(front.requests.filter((r) => r.path.includes('/import/'))).toHaveLength(1);
        },
      };
    },
  },
  {
    name: 'Transfer status: one poll slower than request-timeout, then answers → success',
    entry: 'action',
    arrange: (w) => {
      w.transfer.inject({ kind: 'slow', on: 'status', delayMs: 2500 });
      return {
        row: { inputs: upload(w, { 'request-timeout': '1' }), code: 0, says: ['Request 100 (data/sample-sdmx-csv-1.0.csv): Completed, outcome Success'] },
      };
    },
  },
  {
    name: 'Transfer status: answers that are not JSON (200), then a real status → success',
    entry: 'gitlab',
    arrange: (w) => {
      w.transfer.inject({ kind: 'non-json-200', on: 'status', times: 2 });
      return { row: { inputs: upload(w), code: 0, says: ['Could not read the status of request 100 (1 of 5 tries)', 'Completed, outcome Success'] } };
    },
  },
  {
    name: 'Transfer status: an HTML sign-in page w/ 200 every time → gives up on that request, says why',
    entry: 'action',
    arrange: (w) => {
      w.transfer.inject({ kind: 'html200', on: 'status', times: 100 });
      return {
        row: {
          inputs: upload(w),
          code: 1,
          says: [
            `Stopped checking request 100 (${CSV1}): The Transfer status query at ${w.transfer.url}/3/status/request answered HTTP 200 with something that is not a JSON object (text/html`,
            'Check transfer-url',
            'The import may still be running',
            'Check later with: curl',
          ],
        },
      };
    },
  },
  {
    name: 'Transfer status: a 503 burst w/ Retry-After: 1 → keeps waiting, success',
    entry: 'gitlab',
    arrange: (w) => {
      w.transfer.inject({ kind: '503', on: 'status', times: 3, retryAfter: 1 });
      return { row: { inputs: upload(w), code: 0, says: ['Completed, outcome Success'] } };
    },
  },
  {
    name: 'Transfer status: 503 w/ Retry-After: 0 that never recovers → each poll retried, then that request given up with how to check later',
    entry: 'gitlab',
    arrange: (w, expect) => {
      w.transfer.inject({ kind: '503', on: 'status', times: Infinity, retryAfter: 0 });
      return {
        row: {
          inputs: upload(w),
          code: 1,
          says: [
            `Stopped checking request 100 (${CSV1}): Checking request 100: ${w.transfer.url}/3/status/request answered HTTP 503`,
            'The import may still be running',
            '(ids: 100)',
          ],
          withinMs: 15_000,
        },
        check: () => expect(w.transfer.requests.filter((r) => r.path.endsWith('/status/request'))).toHaveLength(25),
      };
    },
  },
  {
    name: 'Transfer upload: registration answer cut short (truncated JSON, 200) → no request id; may be registered',
    entry: 'action',
    arrange: async (w) => {
      const front = await startFront(w.transfer.url, (req, res) => {
        if (!req.url?.includes('/import/')) return false;
        afterBody(req, () => res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end('{"message":"The request with'));
        return true;
      });
      return {
        fronts: [front],
        row: {
          inputs: upload(w, { 'transfer-url': `${front.url}/3` }),
          code: 1,
          says: ['answered HTTP 200 without a request id ("{"message":"The request with")', /may already have registered this request/],
        },
      };
    },
  },
  {
    name: 'Transfer status: a 2 MiB answer that is not JSON → read as a stream, not a JSON object, given up after 5 polls',
    entry: 'gitlab',
    arrange: async (w) => {
      const huge = Buffer.alloc(2 * 1024 * 1024, 'a');
      const front = await startFront(w.transfer.url, (req, res) => {
        if (!req.url?.endsWith('/status/request')) return false;
        afterBody(req, () => res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(huge.length) }).end(huge));
        return true;
      });
      return {
        fronts: [front],
        row: {
          inputs: upload(w, { 'transfer-url': `${front.url}/3` }),
          code: 1,
          says: [
            `The Transfer status query at ${front.url}/3/status/request answered HTTP 200 with something that is not a JSON object (application/json: "aaaa`,
            'Stopped checking request 100',
          ],
        },
      };
    },
  },
  {
    name: 'Transfer status: a log line longer than 1 MiB after the verdict → reading stops there, the verdict is kept, the cut is said',
    entry: 'action',
    arrange: async (w, expect) => {
      const head =
        '{"executionStatus":"Completed","outcome":"Success","logs":[{"level":"NOTICE","message":"12 observations have been processed"},{"level":"NOTICE","message":"';
      const body = Buffer.concat([Buffer.from(head), Buffer.alloc(2 * 1024 * 1024, 'a'), Buffer.from('"}]}')]);
      const front = await startFront(w.transfer.url, (req, res) => {
        if (!req.url?.endsWith('/status/request')) return false;
        afterBody(req, () => res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length) }).end(body));
        return true;
      });
      return {
        fronts: [front],
        row: {
          inputs: upload(w, { 'transfer-url': `${front.url}/3` }),
          code: 0,
          says: [
            'Request 100 (data/sample-sdmx-csv-1.0.csv): Completed, outcome Success',
            "1 of 1 log lines shown (NOTICE 1); 0 left out. The service's answer was cut (one value in the answer is longer than 1048576 bytes; reading stopped after",
          ],
        },
        check: (r) => {
          expect(r.summary).toContain("The service's answer was cut (one value in the answer is longer than 1048576 bytes");
          expect(JSON.parse(r.outputs.results ?? '')[0]).toMatchObject({
            observationsProcessed: 12,
            logLines: 1,
            logCut: expect.stringMatching(/^one value in the answer is longer than 1048576 bytes; reading stopped after \d+ bytes$/),
          });
        },
      };
    },
  },
  {
    name: 'Transfer upload: 200 w/ no request id → says nothing was registered',
    entry: 'action',
    arrange: (w) => {
      w.transfer.inject({ kind: 'no-id' });
      return {
        row: {
          inputs: upload(w),
          code: 1,
          says: ['answered HTTP 200 without a request id ("Something was registered")', 'Without a request id the outcome cannot be checked'],
        },
      };
    },
  },
  {
    name: 'Transfer upload: HTML 404 page → wrong transfer-url or API version',
    entry: 'gitlab',
    arrange: (w) => {
      w.transfer.inject({ kind: 'html404' });
      return {
        row: {
          inputs: upload(w),
          code: 1,
          says: ['answered HTTP 404 (text/html: "404 Not Found', 'transfer-url should be the Transfer base URL with its version'],
        },
      };
    },
  },
  {
    name: 'Transfer upload: 307 to another host → the Bearer token and file are never replayed there',
    entry: 'action',
    arrange: async (w, expect) => {
      const elsewhere = await startFront(undefined);
      const front = await startFront(w.transfer.url, (req, res) => {
        if (!req.url?.includes('/import/')) return false;
        res.writeHead(307, { location: `${elsewhere.url}${req.url}` }).end();
        return true;
      });
      return {
        fronts: [front, elsewhere],
        row: {
          inputs: upload(w, { 'transfer-url': `${front.url}/3` }),
          code: 1,
          says: [`${front.url}/3/import/sdmxFile answered HTTP 307, redirecting to ${elsewhere.url}/3/import/sdmxFile`, 'never re-sent to a redirect target'],
        },
        check: () => {
          expect(elsewhere.requests, 'the redirect target received a request').toHaveLength(0);
          expect(bearerOf(front.requests[0]?.headers.authorization), 'the first hop got no token').toBeTruthy();
        },
      };
    },
  },
  {
    name: 'Transfer: DNS failure (transfer.invalid, stubbed resolver) → cannot resolve',
    entry: 'action',
    arrange: (w, expect) => {
      const lookups = join(certDir, 'dns-transfer.log');
      return {
        row: {
          inputs: upload(w, { 'transfer-url': 'https://transfer.invalid/3' }),
          env: { NODE_OPTIONS: `--import ${DNS_STUB}`, DNS_STUB_LOG: lookups },
          code: 1,
          says: [
            `Uploading ${CSV1}: Cannot resolve the host name transfer.invalid (ENOTFOUND) for https://transfer.invalid/3/import/sdmxFile.`,
            'Check the host name in the URL',
          ],
          withinMs: 8000,
        },
        check: () => expect(readFileSync(lookups, 'utf8').split('\n').filter(Boolean)).toEqual(['transfer.invalid']),
      };
    },
  },
  {
    name: 'Transfer over TLS w/ a certificate the runner does not trust → no token sent, points at NODE_EXTRA_CA_CERTS',
    entry: 'gitlab',
    arrange: async (w, expect) => {
      const secure = await startFront(w.transfer.url, undefined, tls);
      return {
        fronts: [secure],
        row: {
          inputs: upload(w, { 'transfer-url': `${secure.url}/3` }),
          code: 1,
          says: [
            `Uploading ${CSV1}: TLS connection to ${secure.url}/3/import/sdmxFile failed: the certificate is not trusted (DEPTH_ZERO_SELF_SIGNED_CERT)`,
            'NODE_EXTRA_CA_CERTS',
          ],
        },
        check: () => expect(secure.requests, 'a request (and its Bearer token) went over an untrusted connection').toHaveLength(0),
      };
    },
  },
  {
    name: 'Transfer: the access token expires during a long import → renewed, success',
    entry: 'action',
    world: { idp: { accessTokenLifespan: 1 } },
    arrange: (w, expect) => {
      w.transfer.setScenario(() => ({ durationMs: 3000 }));
      return {
        row: {
          inputs: upload(w),
          code: 0,
          says: ['The access token was refused while checking request 100; getting a new one.', 'Completed, outcome Success'],
        },
        check: async (r) => {
          const grants = grantsOf(w).map((g) => g.form.grant_type);
          expect(grants[0]).toBe('password');
          expect(grants.slice(1)).toContain('refresh_token');
          // The output is the newest refresh token: the IdP still accepts it (an older one would end the session).
          expect(await refreshWith(w, r.outputs['refresh-token'] ?? '')).toBe(200);
        },
      };
    },
  },
  {
    name: 'Transfer status: never reaches a terminal state → wait-timeout names the request and how to check later',
    entry: 'gitlab',
    arrange: (w) => {
      w.transfer.setScenario(() => ({ durationMs: Infinity }));
      return {
        row: {
          inputs: upload(w, { 'wait-timeout': '1' }),
          code: 1,
          says: [
            'Gave up waiting after wait-timeout (1 s). Requests still running: 100 (data/sample-sdmx-csv-1.0.csv: Queued)',
            'Raise wait-timeout',
            `Check later with: curl -X POST -H "Authorization: Bearer $TOKEN" -d dataspace=design -d id=<id> ${w.transfer.url}/3/status/request (ids: 100)`,
          ],
          withinMs: 8000,
        },
      };
    },
  },
];

/** Refreshes a token directly at the IdP (127.0.0.1) and returns the status. */
async function refreshWith(w: World, refreshToken: string): Promise<number> {
  const body = new URLSearchParams({ grant_type: 'refresh_token', client_id: 'app', refresh_token: refreshToken });
  const response = await fetch(w.idp.tokenEndpoint, { method: 'POST', body });
  await response.arrayBuffer();
  return response.status;
}

describe.concurrent('failing servers', () => {
  for (const spec of rows) {
    it(`${spec.entry}: ${spec.name}`, async ({ expect }) => {
      const world = await startWorld(spec.world);
      let fronts: readonly Front[] = [];
      try {
        const arranged = await spec.arrange(world, expect);
        fronts = arranged.fronts ?? [];
        const result = await runRow(
          {
            name: spec.name,
            entry: spec.entry,
            cwd: work.dir,
            secrets: () => [CLIENT_SECRET, ...world.seen(), ...fronts.flatMap(secretsSeenBy)],
            ...arranged.row,
          },
          expect,
        );
        await arranged.check?.(result);
      } finally {
        await Promise.all(fronts.map((f) => f.close()));
        await world.close();
      }
    });
  }
});

/** Bearer tokens a front (or a redirect target) received: the leak scan looks for them too. */
function secretsSeenBy(front: Front): string[] {
  return front.requests.map((r) => bearerOf(r.headers.authorization)).filter((s): s is string => Boolean(s));
}

it('has at least 25 rows, on both servers and both platforms', ({ expect }) => {
  expect(rows.length).toBeGreaterThanOrEqual(25);
  expect(rows.filter((r) => r.name.startsWith('IdP')).length).toBeGreaterThanOrEqual(10);
  expect(rows.filter((r) => r.name.startsWith('Transfer')).length).toBeGreaterThanOrEqual(10);
  expect(new Set(rows.map((r) => r.entry))).toEqual(new Set(['action', 'gitlab']));
});
