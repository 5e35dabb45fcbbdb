import { execFileSync, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreError } from '../../../src/errors.js';
import { openStore } from '../../../src/store/open.js';
import { sealedBox } from '../../../src/store/seal.js';
import { parseStoreTarget } from '../../../src/store/target.js';
import { startGithubApi } from '../../fixtures/github-api.mjs';
import { closedPortUrl, FAST_TIMING, HTTP, listen } from '../../support/unit.js';

const WRITER = 'github_pat_writer0000000000000000';
const READER = 'github_pat_noperm0000000000000000';
const ACTIONS = 'ghs_workflowtoken000000000000000000';
const ORG = 'ghp_classicorgadmin00000000000000000';
const NEW_TOKEN = 'eyJhbGciOiJIUzI1NiJ9.rotated-refresh-token.sig';

let api: Awaited<ReturnType<typeof startGithubApi>>;
beforeAll(async () => {
  api = await startGithubApi({
    repos: ['sis-cc/pub', 'sis-cc/other'],
    environments: ['sis-cc/pub/production'],
    orgs: ['sis-cc'],
    tokens: {
      [WRITER]: { repos: ['sis-cc/pub'], grants: ['secrets', 'environments'] },
      [READER]: { repos: ['sis-cc/pub'], grants: [] },
      [ACTIONS]: { repos: ['sis-cc/pub'], grants: [] },
      [ORG]: { repos: [], orgs: ['sis-cc'], grants: ['org_secrets'] },
    },
  });
  api.seed('repos/sis-cc/pub', 'DOTSTAT_REFRESH_TOKEN', 'old');
  api.seed('repos/sis-cc/pub/environments/production', 'RT', 'old');
  api.seed('orgs/sis-cc', 'RT_ALL', 'old', { visibility: 'all' });
  api.seed('orgs/sis-cc', 'RT_SOME', 'old', { visibility: 'selected', selected: Array.from({ length: 130 }, (_, i) => i + 1) });
});
afterAll(() => api.close());

const store = (target: string, token: string | undefined, env: Record<string, string> = {}) =>
  openStore(parseStoreTarget(target, 'refresh-token-store'), {
    token,
    http: HTTP,
    retry: { timing: FAST_TIMING },
    env: { GITHUB_API_URL: api.url, GITHUB_REPOSITORY: 'sis-cc/pub', ...env },
  });

describe('githubSecretStore', () => {
  it("writes this run's repository secret, sealed with its key, and confirms updated_at", async () => {
    const start = api.requests.length;
    const receipt = await store('github-secret:DOTSTAT_REFRESH_TOKEN', WRITER).write(NEW_TOKEN);
    expect(api.secret('repos/sis-cc/pub', 'DOTSTAT_REFRESH_TOKEN')?.value).toBe(NEW_TOKEN);
    expect(receipt.where).toBe('the GitHub Actions secret DOTSTAT_REFRESH_TOKEN of sis-cc/pub');
    expect(receipt.confirmed).toMatch(/^updated_at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const calls = api.requests.slice(start);
    expect(calls.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /repos/sis-cc/pub/actions/secrets/DOTSTAT_REFRESH_TOKEN',
      'GET /repos/sis-cc/pub/actions/secrets/public-key',
      'PUT /repos/sis-cc/pub/actions/secrets/DOTSTAT_REFRESH_TOKEN',
      'GET /repos/sis-cc/pub/actions/secrets/DOTSTAT_REFRESH_TOKEN',
    ]);
    for (const r of calls) {
      expect(r.headers.accept).toBe('application/vnd.github+json');
      expect(r.headers['x-github-api-version']).toBe('2022-11-28');
      expect(r.headers.authorization).toBe(`Bearer ${WRITER}`);
    }
  });

  it('writes an environment secret', async () => {
    await store('github-secret:sis-cc/pub/env/production/RT', WRITER).write(NEW_TOKEN);
    expect(api.secret('repos/sis-cc/pub/environments/production', 'RT')?.value).toBe(NEW_TOKEN);
  });

  it('writes an organisation secret, keeping its visibility and every selected repository (two pages)', async () => {
    await store('github-secret:org/sis-cc/RT_ALL', ORG).write(NEW_TOKEN);
    expect(api.secret('orgs/sis-cc', 'RT_ALL')).toMatchObject({ value: NEW_TOKEN, visibility: 'all' });
    await store('github-secret:org/sis-cc/RT_SOME', ORG).write(NEW_TOKEN);
    const kept = api.secret('orgs/sis-cc', 'RT_SOME');
    expect(kept?.value).toBe(NEW_TOKEN);
    expect(kept?.visibility).toBe('selected');
    expect(kept?.selected).toHaveLength(130);
  });

  it('a secret that does not exist is refused, naming the input (not created)', async () => {
    const error = await store('github-secret:NO_SUCH_SECRET', WRITER)
      .write(NEW_TOKEN)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe('STORE_NOT_FOUND');
    expect((error as StoreError).describe()).toContain('refresh-token-store');
    expect(api.secret('repos/sis-cc/pub', 'NO_SUCH_SECRET')).toBeUndefined();
  });

  it('a missing secret names the input the target came from (login names its own)', async () => {
    const error = (await openStore(parseStoreTarget('github-secret:NO_SUCH_SECRET', 'store'), {
      token: WRITER,
      http: HTTP,
      env: { GITHUB_API_URL: api.url, GITHUB_REPOSITORY: 'sis-cc/pub' },
      targetInput: 'store',
      tokenInput: 'DOTSTAT_STORE_TOKEN',
    })
      .write(NEW_TOKEN)
      .catch((e: unknown) => e)) as StoreError;
    expect(error.code).toBe('STORE_NOT_FOUND');
    expect(error.hint).toContain('Check the name in store');
    expect(error.hint).not.toContain('refresh-token-store');
  });

  it('creates a missing secret when opened to create (login)', async () => {
    const s = openStore(parseStoreTarget('github-secret:FIRST', 'store'), {
      token: WRITER,
      http: HTTP,
      create: true,
      env: { GITHUB_API_URL: api.url, GITHUB_REPOSITORY: 'sis-cc/pub' },
    });
    await s.write(NEW_TOKEN);
    expect(api.secret('repos/sis-cc/pub', 'FIRST')?.value).toBe(NEW_TOKEN);
  });

  it('opened to create: check() refuses a repository the token cannot see (404 for the secret and for its key), and passes a secret not there yet', async () => {
    const opened = (repository: string) =>
      openStore(parseStoreTarget('github-secret:NOT_YET', 'store'), {
        token: WRITER,
        http: HTTP,
        create: true,
        env: { GITHUB_API_URL: api.url, GITHUB_REPOSITORY: repository },
      });
    await expect(opened('sis-cc/pub').check?.()).resolves.toBeUndefined();
    await expect(opened('someone/hidden').check?.()).rejects.toMatchObject({ code: 'STORE_NOT_FOUND' });
  });

  it.each([
    ['a wrong token: 401 Bad credentials', 'github_pat_wrong', 'STORE_UNAUTHORIZED', /HTTP 401: Bad credentials/, /wrong, expired or revoked/],
    [
      'a token without the permission: 403, the permission named',
      READER,
      'STORE_FORBIDDEN',
      /HTTP 403: Resource not accessible by personal access token/,
      /GitHub says this call needs: secrets=read.*"Secrets: Read and write".*repo scope/s,
    ],
    ['GITHUB_TOKEN: 403 by integration, said so', ACTIONS, 'STORE_FORBIDDEN', /by integration/, /GITHUB_TOKEN can never write secrets/],
  ])('%s', async (_title, token, code, message, hint) => {
    const error = (await store('github-secret:DOTSTAT_REFRESH_TOKEN', token)
      .write(NEW_TOKEN)
      .catch((e: unknown) => e)) as StoreError;
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(error.hint).toMatch(hint);
    expect(error.describe()).not.toContain(token);
    expect(error.describe()).not.toContain(NEW_TOKEN);
  });

  it('a repository the token cannot see: 404, with the permission (GitHub hides what a token may not see)', async () => {
    const error = (await store('github-secret:sis-cc/other/RT', WRITER)
      .write(NEW_TOKEN)
      .catch((e: unknown) => e)) as StoreError;
    expect(error.code).toBe('STORE_NOT_FOUND');
    expect(error.message).toContain('HTTP 404 (Not Found)');
    expect(error.hint).toContain('"Secrets: Read and write"');
  });

  it('an organisation secret: the org permission is named', async () => {
    const error = (await store('github-secret:org/sis-cc/RT_ALL', READER)
      .write(NEW_TOKEN)
      .catch((e: unknown) => e)) as StoreError;
    expect(error.hint).toContain('organization permission "Secrets: Read and write"');
    expect(error.hint).toContain('admin:org');
  });

  it('an environment secret: the environments permission is named', async () => {
    const error = (await store('github-secret:sis-cc/pub/env/production/RT', READER)
      .write(NEW_TOKEN)
      .catch((e: unknown) => e)) as StoreError;
    expect(error.hint).toContain('"Environments: Read and write"');
  });

  it('a write that reading back does not show is not confirmed', async () => {
    api.seed('repos/sis-cc/pub', 'STALE', 'old', { updated_at: '2020-01-01T00:00:00Z' });
    api.setClock(() => Date.parse('2020-01-01T00:00:00Z'));
    try {
      const error = (await store('github-secret:STALE', WRITER)
        .write(NEW_TOKEN)
        .catch((e: unknown) => e)) as StoreError;
      expect(error.code).toBe('STORE_NOT_CONFIRMED');
      expect(error.hint).toContain('concurrency');
    } finally {
      api.setClock(undefined);
    }
  });

  it.each([
    [undefined, {}, "Input 'store-token': is required"],
    [WRITER, { GITHUB_REPOSITORY: '' }, 'GITHUB_REPOSITORY is not set'],
    [WRITER, { GITHUB_API_URL: 'not a url' }, "Input 'GITHUB_API_URL': is not an http(s) URL"],
  ])('refuses before any request: %s %j', (token, env, message) => {
    expect(() => store('github-secret:DOTSTAT_REFRESH_TOKEN', token as string | undefined, env)).toThrow(message);
  });
});

describe('githubSecretStore w/ a server that misbehaves', () => {
  const open = (url: string) =>
    openStore(parseStoreTarget('github-secret:RT', 'refresh-token-store'), {
      token: WRITER,
      http: HTTP,
      retry: { timing: FAST_TIMING },
      env: { GITHUB_API_URL: url, GITHUB_REPOSITORY: 'o/r' },
    });
  const meta = { name: 'RT', created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z' };
  const key = { key_id: '1', key: Buffer.alloc(32, 1).toString('base64') };

  it.each([
    ['a 422 on the PUT: the request refused', 422, { message: 'Invalid request.', status: '422' }, 'STORE_REJECTED'],
    ['a 500 on the PUT: GitHub failed', 500, { message: 'Server Error' }, 'STORE_HTTP_ERROR'],
  ])('%s', async (_title, status, body, code) => {
    const server = await listen((req, res) => {
      const reply = req.method === 'PUT' ? [status, body] : [200, req.url?.endsWith('/public-key') ? key : meta];
      res.writeHead(reply[0] as number, { 'content-type': 'application/json' }).end(JSON.stringify(reply[1]));
    });
    try {
      const error = (await open(server.url)
        .write(NEW_TOKEN)
        .catch((e: unknown) => e)) as StoreError;
      expect(error.code).toBe(code);
      expect(error.message).toContain(`GitHub refused to write the GitHub Actions secret RT of o/r (HTTP ${status}: ${body.message})`);
    } finally {
      await server.close();
    }
  });

  it.each([
    ['primary', 403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1800000000' }, 'API rate limit exceeded for user ID 123456.'],
    ['secondary', 403, { 'retry-after': '60' }, 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.'],
    ['429', 429, { 'x-ratelimit-remaining': '0' }, 'API rate limit exceeded for user ID 123456.'],
  ])("GitHub's %s rate limit is said to be one, not a missing permission", async (_kind, status, limitHeaders, message) => {
    const server = await listen((_req, res) =>
      res
        .writeHead(status, { 'content-type': 'application/json', ...limitHeaders })
        .end(JSON.stringify({ message, documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api', status: String(status) })),
    );
    try {
      const error = (await open(server.url)
        .write(NEW_TOKEN)
        .catch((e: unknown) => e)) as StoreError;
      expect(error.message).toContain(message);
      expect(error.hint).toContain('rate limit');
      expect(error.hint).not.toContain('lacks the permission');
    } finally {
      await server.close();
    }
  });

  it('a 502 is retried (the PUT of a whole value may be repeated), then the write goes through', async () => {
    let puts = 0;
    let updated = meta.updated_at;
    const server = await listen((req, res) => {
      if (req.method === 'PUT' && ++puts === 1) return void res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad Gateway</h1>');
      if (req.method === 'PUT') updated = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
      res.writeHead(req.method === 'PUT' ? 204 : 200, { 'content-type': 'application/json' });
      res.end(req.method === 'PUT' ? '' : JSON.stringify(req.url?.endsWith('/public-key') ? key : { ...meta, updated_at: updated }));
    });
    try {
      const receipt = await open(server.url).write(NEW_TOKEN);
      expect(puts).toBe(2);
      expect(receipt.confirmed).toBe(`updated_at ${updated}`);
    } finally {
      await server.close();
    }
  });

  /** A server whose secret's updated_at, read before and after the PUT, is given by `updatedAt(n)` (n: the nth read). */
  const stalled = (updatedAt: (n: number) => string) =>
    listen((req, res) => {
      if (req.url?.endsWith('/public-key')) return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(key));
      if (req.method === 'PUT') return void res.writeHead(204).end();
      reads += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ...meta, updated_at: updatedAt(reads) }));
    });
  let reads = 0;
  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

  it.each([
    // GitHub said 204, but the secret still shows the write of 30 s ago (another job's, or this run's renewal before).
    ['updated_at unchanged, though recent: not confirmed', () => iso(Date.now() - 30_000)],
    // Changed, but to a time long before this write: someone else's write, not this one.
    ['updated_at changed, but older than the write: not confirmed', (n: number) => (n === 1 ? '2020-01-01T00:00:00Z' : '2021-01-01T00:00:00Z')],
    ['updated_at that is no time: not confirmed', () => 'yesterday'],
  ])('%s', async (_title, updatedAt) => {
    reads = 0;
    const server = await stalled(updatedAt);
    try {
      const error = (await open(server.url)
        .write(NEW_TOKEN)
        .catch((e: unknown) => e)) as StoreError;
      expect(error).toBeInstanceOf(StoreError);
      expect(error.code).toBe('STORE_NOT_CONFIRMED');
      expect(error.message).toContain('GitHub accepted the new value of the GitHub Actions secret RT of o/r (HTTP 204)');
      // Read back more than once: a read just after the write may not show it yet.
      expect(reads).toBeGreaterThan(2);
    } finally {
      await server.close();
    }
  });

  it('a read-back that shows the write only on its second try is confirmed (a read just after a write may lag)', async () => {
    reads = 0;
    const server = await stalled((n) => (n <= 2 ? '2026-01-01T00:00:00Z' : iso(Date.now())));
    try {
      const receipt = await open(server.url).write(NEW_TOKEN);
      expect(receipt.confirmed).toMatch(/^updated_at \d{4}-/);
      expect(reads).toBe(3);
    } finally {
      await server.close();
    }
  });

  it('an answer that is not the API (no key): said so, naming GITHUB_API_URL', async () => {
    const server = await listen((req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(req.url?.endsWith('/public-key') ? {} : meta)),
    );
    try {
      const error = (await open(server.url)
        .write(NEW_TOKEN)
        .catch((e: unknown) => e)) as StoreError;
      expect(error.code).toBe('STORE_HTTP_ERROR');
      expect(error.describe()).toContain('but with no key and key_id');
      expect(error.describe()).toContain('GITHUB_API_URL');
    } finally {
      await server.close();
    }
  });

  it('no server at all: the network error, kept as such', async () => {
    const error = (await open(await closedPortUrl())
      .write(NEW_TOKEN)
      .catch((e: unknown) => e)) as { code: string };
    expect(error.code).toBe('NETWORK');
  });
});

describe('sealedBox()', () => {
  const python = spawnSync('python3', ['-c', 'import nacl'], { encoding: 'utf8' });
  // One line of skip: PyNaCl is libsodium's own Python binding (pip install pynacl). CI, which
  // installs it, sets DOTSTAT_REQUIRE_TOOLS=1: there the test runs, and fails without PyNaCl.
  it.skipIf(python.status !== 0 && process.env.DOTSTAT_REQUIRE_TOOLS !== '1')('libsodium itself (PyNaCl) opens what we seal', async () => {
    const keys = api.keyPair('repos/sis-cc/pub');
    const secret = 'a refresh token ✓ with ünïcode';
    const sealed = await sealedBox(secret, keys.publicKey);
    const opened = execFileSync(
      'python3',
      [
        '-c',
        'import sys,base64\nfrom nacl.public import PrivateKey, SealedBox\nk=PrivateKey(base64.b64decode(sys.argv[1]))\nsys.stdout.buffer.write(SealedBox(k).decrypt(base64.b64decode(sys.argv[2])))',
        keys.privateKey,
        sealed,
      ],
      { encoding: 'utf8' },
    );
    expect(opened).toBe(secret);
  });

  it('refuses a key that is not 32 bytes', async () => {
    await expect(sealedBox('x', Buffer.alloc(31).toString('base64'))).rejects.toThrow('31 bytes, not 32');
  });
});

describe('githubSecretStore: the API must be reached safely', () => {
  it('refuses a plain http:// API on another machine before any request, naming GITHUB_API_URL', () => {
    expect(() =>
      openStore(parseStoreTarget('github-secret:RT', 'refresh-token-store'), {
        token: WRITER,
        http: HTTP,
        env: { GITHUB_API_URL: 'http://ghes.example.org/api/v3', GITHUB_REPOSITORY: 'o/r' },
      }),
    ).toThrow("Input 'GITHUB_API_URL': uses plain http:// to ghes.example.org: the store token would travel unencrypted.");
  });

  it("quotes the server's updated_at cleaned: no line break, no workflow command", async () => {
    const server = await listen((req, res) => {
      const body = req.url?.endsWith('/public-key')
        ? { key_id: '1', key: Buffer.alloc(32, 1).toString('base64') }
        : { name: 'RT', updated_at: `${new Date().toISOString()}\n::error::forged` };
      res.writeHead(req.method === 'PUT' ? 204 : 200, { 'content-type': 'application/json' }).end(req.method === 'PUT' ? '' : JSON.stringify(body));
    });
    try {
      const store = openStore(parseStoreTarget('github-secret:RT', 'refresh-token-store'), {
        token: WRITER,
        http: HTTP,
        retry: { timing: FAST_TIMING },
        env: { GITHUB_API_URL: server.url, GITHUB_REPOSITORY: 'o/r' },
      });
      // Not a time, so not a confirmation: quoted in the error, cleaned.
      const error = (await store.write(NEW_TOKEN).catch((e: unknown) => e)) as StoreError;
      expect(error.code).toBe('STORE_NOT_CONFIRMED');
      expect(error.message).toContain('forg');
      expect(error.message).not.toContain('\n');
      expect(error.message).not.toContain('::');
    } finally {
      await server.close();
    }
  });
});
