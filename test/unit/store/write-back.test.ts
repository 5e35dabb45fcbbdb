/**
 * The write-back itself (../../../src/store/write-back.ts), as a hostile reviewer attacks it: a
 * cancellation that arrives once the identity provider has rotated the token must not drop the
 * new one on the floor, and a write the store accepted but that could not be read back is not
 * reported as "NOT stored" (the person would throw away a token that works).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreError } from '../../../src/errors.js';
import { openStore } from '../../../src/store/open.js';
import { parseStoreTarget } from '../../../src/store/target.js';
import { checkStore, writeBack } from '../../../src/store/write-back.js';
import { startGithubApi } from '../../fixtures/github-api.mjs';
import { startGitlabApi } from '../../fixtures/gitlab-api.mjs';
import { FAST_TIMING, HTTP, listen } from '../../support/unit.js';

const WRITER = 'github_pat_writeback0000000000000';
const MAINTAINER = 'glpat-writeback-maintainer000';
const READ_API = 'glpat-writeback-readapi00000000';
const NEW_TOKEN = 'eyJhbGciOiJIUzI1NiJ9.rotated-refresh-token.review';

let github: Awaited<ReturnType<typeof startGithubApi>>;
let gitlab: Awaited<ReturnType<typeof startGitlabApi>>;
beforeAll(async () => {
  github = await startGithubApi({ repos: ['o/r'], tokens: { [WRITER]: { repos: ['o/r'], grants: ['secrets'] } } });
  github.seed('repos/o/r', 'RT', 'old');
  gitlab = await startGitlabApi({
    projects: [{ id: 42, path: 'g/p' }],
    tokens: { [MAINTAINER]: { projects: ['42'] }, [READ_API]: { projects: ['42'], scopes: ['read_api'] } },
  });
  gitlab.seed(42, { key: 'RT', value: 'old-refresh-token', masked: true, protected: true, raw: true });
});
afterAll(() => Promise.all([github.close(), gitlab.close()]));

const githubStore = (url = github.url) =>
  openStore(parseStoreTarget('github-secret:RT', 'refresh-token-store'), {
    token: WRITER,
    http: HTTP,
    retry: { timing: FAST_TIMING },
    env: { GITHUB_API_URL: url, GITHUB_REPOSITORY: 'o/r' },
  });

describe('writeBack: a cancellation does not lose the rotated token', () => {
  it('a job cancelled (first SIGINT) while the token is written back still keeps it: the one given is spent already', async () => {
    const cancel = new AbortController();
    cancel.abort();
    const receipt = await writeBack(githubStore(), NEW_TOKEN, { signal: cancel.signal });
    expect(receipt.confirmed).toMatch(/^updated_at /);
    expect(github.secret('repos/o/r', 'RT')?.value).toBe(NEW_TOKEN);
  });

  it('the same for a GitLab variable', async () => {
    const cancel = new AbortController();
    cancel.abort();
    const store = openStore(parseStoreTarget('gitlab-variable:RT', 'refresh-token-store'), {
      token: MAINTAINER,
      http: HTTP,
      retry: { timing: FAST_TIMING },
      env: { CI_API_V4_URL: gitlab.url, CI_PROJECT_ID: '42' },
    });
    await writeBack(store, NEW_TOKEN, { signal: cancel.signal });
    expect(gitlab.variable(42, 'RT')?.value).toBe(NEW_TOKEN);
  });
});

describe('writeBack: accepted but not read back is not "NOT stored"', () => {
  it('GitHub took the PUT (204), then the read-back fails: said so, not that the token was not stored', async () => {
    let gets = 0;
    const key = { key_id: '1', key: Buffer.alloc(32, 1).toString('base64') };
    const server = await listen((req, res) => {
      if (req.url?.endsWith('/public-key')) return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(key));
      if (req.method === 'PUT') return void res.writeHead(204).end();
      if (++gets === 1)
        return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ name: 'RT', updated_at: '2026-01-01T00:00:00Z' }));
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Server Error' }));
    });
    try {
      const error = (await writeBack(githubStore(server.url), NEW_TOKEN).catch((e: unknown) => e)) as StoreError;
      expect(error).toBeInstanceOf(StoreError);
      expect(error.code).toBe('STORE_NOT_CONFIRMED');
      expect(error.message).not.toContain('NOT stored');
      expect(error.message).toContain('may not be stored');
      expect(error.message).toContain('accepted');
      expect(error.describe()).not.toContain(NEW_TOKEN);
    } finally {
      await server.close();
    }
  });

  it('GitLab took the PUT (200), then the read-back fails: said so, not that the token was not stored', async () => {
    let gets = 0;
    const variable = { key: 'RT', value: 'old-refresh-token', masked: true, protected: true, raw: true, environment_scope: '*', variable_type: 'env_var' };
    const server = await listen((req, res) => {
      const json = (status: number, body: unknown) => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (req.method === 'PUT') return json(200, { ...variable, value: NEW_TOKEN });
      if (++gets === 1) return json(200, variable);
      json(500, { message: '500 Internal Server Error' });
    });
    try {
      const store = openStore(parseStoreTarget('gitlab-variable:RT', 'refresh-token-store'), {
        token: MAINTAINER,
        http: HTTP,
        retry: { timing: FAST_TIMING },
        env: { CI_API_V4_URL: `${server.url}/api/v4`, CI_PROJECT_ID: '42' },
      });
      const error = (await writeBack(store, NEW_TOKEN).catch((e: unknown) => e)) as StoreError;
      expect(error.code).toBe('STORE_NOT_CONFIRMED');
      expect(error.message).toContain('may not be stored');
      expect(error.message).toContain('GitLab accepted the new value of the CI/CD variable RT of project 42 (HTTP 200), but reading it back failed');
      expect(error.describe()).not.toContain(NEW_TOKEN);
    } finally {
      await server.close();
    }
  });

  it('a refusal of the write itself still says NOT stored', async () => {
    const error = (await writeBack(
      openStore(parseStoreTarget('github-secret:RT', 'refresh-token-store'), {
        token: 'github_pat_unknown',
        http: HTTP,
        env: { GITHUB_API_URL: github.url, GITHUB_REPOSITORY: 'o/r' },
      }),
      NEW_TOKEN,
    ).catch((e: unknown) => e)) as StoreError;
    expect(error.code).toBe('STORE_UNAUTHORIZED');
    expect(error.message).toContain('The new refresh token was NOT stored in');
  });
});

describe('checkStore: a store that would refuse is found out before the refresh', () => {
  it('a GitHub secret that does not exist: said before any token is spent', async () => {
    const store = openStore(parseStoreTarget('github-secret:NO_SUCH', 'refresh-token-store'), {
      token: WRITER,
      http: HTTP,
      env: { GITHUB_API_URL: github.url, GITHUB_REPOSITORY: 'o/r' },
    });
    const error = (await checkStore(store).catch((e: unknown) => e)) as StoreError;
    expect(error.code).toBe('STORE_NOT_FOUND');
    expect(error.message).toContain('The GitHub Actions secret NO_SUCH of o/r (refresh-token-store) cannot be written: GitHub answered HTTP 404');
    expect(error.hint).toContain('the refresh token given is not spent');
  });

  it('a GitLab token that cannot see the project: said before any token is spent', async () => {
    const store = openStore(parseStoreTarget('gitlab-variable:RT', 'refresh-token-store'), {
      token: 'glpat-unknown-token-00000000',
      http: HTTP,
      env: { CI_API_V4_URL: gitlab.url, CI_PROJECT_ID: '42' },
    });
    const error = (await checkStore(store).catch((e: unknown) => e)) as StoreError;
    expect(error.code).toBe('STORE_UNAUTHORIZED');
    expect(error.hint).toContain('the refresh token given is not spent');
    expect(error.describe()).not.toContain('glpat-unknown-token-00000000');
  });

  it('a GitLab token with read_api but not api: found out before the refresh (it can read the variable, never write it)', async () => {
    const store = openStore(parseStoreTarget('gitlab-variable:RT', 'refresh-token-store'), {
      token: READ_API,
      http: HTTP,
      env: { CI_API_V4_URL: gitlab.url, CI_PROJECT_ID: '42' },
    });
    const error = (await checkStore(store).catch((e: unknown) => e)) as StoreError;
    expect(error).toBeInstanceOf(StoreError);
    expect(error.code).toBe('STORE_FORBIDDEN');
    expect(error.message).toContain('scopes read_api');
    expect(error.hint).toContain('api scope');
    expect(error.hint).toContain('the refresh token given is not spent');
  });

  it('a GitLab token with the api scope passes', async () => {
    const store = openStore(parseStoreTarget('gitlab-variable:RT', 'refresh-token-store'), {
      token: MAINTAINER,
      http: HTTP,
      env: { CI_API_V4_URL: gitlab.url, CI_PROJECT_ID: '42' },
    });
    await checkStore(store);
    expect(gitlab.requests.at(-1)?.path).toBe('/api/v4/personal_access_tokens/self');
  });

  it('a store that can be read passes, and nothing is written', async () => {
    const before = github.secret('repos/o/r', 'RT')?.updated_at;
    await checkStore(githubStore());
    expect(github.secret('repos/o/r', 'RT')?.updated_at).toBe(before);
  });
});

describe('the store token goes only to the API named', () => {
  it.each([
    ['GitHub', (url: string) => ({ target: 'github-secret:RT', env: { GITHUB_API_URL: url, GITHUB_REPOSITORY: 'o/r' }, token: WRITER })],
    ['GitLab', (url: string) => ({ target: 'gitlab-variable:RT', env: { CI_API_V4_URL: `${url}/api/v4`, CI_PROJECT_ID: '42' }, token: MAINTAINER })],
  ])('%s: a redirect is not followed with the token (it would carry it to another host)', async (_name, make) => {
    const elsewhere: string[] = [];
    const other = await listen((req, res) => {
      elsewhere.push(`${req.method} ${req.url} ${JSON.stringify(req.headers)}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    const api = await listen((req, res) => res.writeHead(307, { location: `${other.url}${req.url}` }).end());
    try {
      const { target, env, token } = make(api.url);
      const store = openStore(parseStoreTarget(target, 'refresh-token-store'), { token, http: HTTP, retry: { timing: FAST_TIMING }, env });
      const error = (await writeBack(store, NEW_TOKEN).catch((e: unknown) => e)) as StoreError;
      expect(error).toBeInstanceOf(StoreError);
      expect(error.describe()).toContain('never re-sent to a redirect target');
      expect(error.describe()).not.toContain(token);
      expect(elsewhere).toEqual([]);
    } finally {
      await Promise.all([api.close(), other.close()]);
    }
  });
});

describe('no store token: the error names where to put it, also on the command line', () => {
  it.each([
    ['github-secret:RT', { GITHUB_API_URL: 'https://api.github.com', GITHUB_REPOSITORY: 'o/r' }],
    ['gitlab-variable:RT', { CI_API_V4_URL: 'https://gitlab.example.org/api/v4', CI_PROJECT_ID: '42' }],
  ])('%s', (target, env) => {
    let error: unknown;
    try {
      openStore(parseStoreTarget(target, 'refresh-token-store'), { http: HTTP, env, targetInput: 'refresh-token-store', tokenInput: 'store-token' });
    } catch (e) {
      error = e;
    }
    expect(String((error as StoreError).describe())).toContain("Input 'store-token': is required");
    expect(String((error as StoreError).describe())).toContain('command line: DOTSTAT_STORE_TOKEN');
  });
});

describe('writeBack: two write-backs at once (two renewals) land in the order the tokens came', () => {
  it('the later token is the one stored, even when the earlier write is the slower', async () => {
    const FIRST = 'eyJhbGciOiJIUzI1NiJ9.first-rotated.sig';
    const SECOND = 'eyJhbGciOiJIUzI1NiJ9.second-rotated.sig';
    const variable = { key: 'RT', value: 'old-refresh-token', masked: true, protected: false, raw: true, environment_scope: '*', variable_type: 'env_var' };
    const server = await listen((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const reply = () => void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(variable));
        if (req.method !== 'PUT') return reply();
        const value = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { value: string }).value;
        // The first write is slow (a congested API), the second quick.
        setTimeout(
          () => {
            variable.value = value;
            reply();
          },
          value === FIRST ? 200 : 0,
        );
      });
    });
    try {
      const store = openStore(parseStoreTarget('gitlab-variable:RT', 'refresh-token-store'), {
        token: MAINTAINER,
        http: HTTP,
        retry: { timing: FAST_TIMING },
        env: { CI_API_V4_URL: `${server.url}/api/v4`, CI_PROJECT_ID: '42' },
      });
      const results = await Promise.allSettled([writeBack(store, FIRST), writeBack(store, SECOND)]);
      expect(variable.value).toBe(SECOND);
      expect(results[1]?.status).toBe('fulfilled');
    } finally {
      await server.close();
    }
  });
});
