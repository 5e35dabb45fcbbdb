import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreError } from '../../../src/errors.js';
import { openStore } from '../../../src/store/open.js';
import { parseStoreTarget } from '../../../src/store/target.js';
import { startGitlabApi } from '../../fixtures/gitlab-api.mjs';
import { FAST_TIMING, HTTP, listen } from '../../support/unit.js';

const MAINTAINER = 'glpat-maintainer000000000000';
const DEVELOPER = 'glpat-developer0000000000000';
const READ_API = 'glpat-readapi00000000000000000';
const OUTSIDER = 'glpat-outsider000000000000000';
const JOB_TOKEN = 'glcbt-64_jobtoken000000000000000';
const NEW_TOKEN = 'eyJhbGciOiJIUzI1NiJ9.rotated-refresh-token.sig';

let api: Awaited<ReturnType<typeof startGitlabApi>>;
beforeAll(async () => {
  api = await startGitlabApi({
    projects: [
      { id: 42, path: 'stats/publish' },
      { id: 7, path: 'stats/other' },
    ],
    tokens: {
      [MAINTAINER]: { projects: ['42'] },
      [DEVELOPER]: { projects: ['42'], role: 'developer' },
      [READ_API]: { projects: ['42'], scopes: ['read_api'] },
      [OUTSIDER]: { projects: ['7'] },
    },
  });
  api.seed(42, { key: 'DOTSTAT_REFRESH_TOKEN', value: 'old-refresh-token', masked: true, protected: true, raw: true });
  api.seed(42, { key: 'PLAIN', value: 'old-refresh-token', masked: false, protected: false, raw: false });
  api.seed(42, { key: 'HIDDEN', value: 'old-refresh-token', masked: true, hidden: true, environment_scope: 'production' });
  api.seed(42, { key: 'TWICE', value: 'old-refresh-token', environment_scope: 'production' });
  api.seed(42, { key: 'TWICE', value: 'old-refresh-token', environment_scope: 'staging' });
});
afterAll(() => api.close());

const store = (target: string, token: string | undefined, env: Record<string, string> = {}) =>
  openStore(parseStoreTarget(target, 'refresh-token-store'), {
    token,
    http: HTTP,
    retry: { timing: FAST_TIMING },
    env: { CI_API_V4_URL: api.url, CI_PROJECT_ID: '42', CI_JOB_TOKEN: JOB_TOKEN, ...env },
  });

const failure = async (target: string, token: string, env: Record<string, string> = {}) =>
  (await store(target, token, env)
    .write(NEW_TOKEN)
    .catch((e: unknown) => e)) as StoreError;

describe('gitlabVariableStore', () => {
  it("updates this job's project variable, keeping masked, protected and raw, and confirms them", async () => {
    const start = api.requests.length;
    const receipt = await store('gitlab-variable:DOTSTAT_REFRESH_TOKEN', MAINTAINER).write(NEW_TOKEN);
    expect(api.variable(42, 'DOTSTAT_REFRESH_TOKEN')).toMatchObject({ value: NEW_TOKEN, masked: true, protected: true, raw: true, environment_scope: '*' });
    expect(receipt).toEqual({
      where: 'the CI/CD variable DOTSTAT_REFRESH_TOKEN of project 42',
      confirmed: 'masked, protected, raw, environment scope *, value read back',
    });
    const calls = api.requests.slice(start);
    expect(calls.map((r) => `${r.method} ${r.path}${decodeURIComponent(r.query)}`)).toEqual([
      'GET /api/v4/projects/42/variables/DOTSTAT_REFRESH_TOKEN',
      'PUT /api/v4/projects/42/variables/DOTSTAT_REFRESH_TOKEN?filter[environment_scope]=*',
      'GET /api/v4/projects/42/variables/DOTSTAT_REFRESH_TOKEN?filter[environment_scope]=*',
    ]);
    expect(calls.every((r) => r.headers['private-token'] === MAINTAINER)).toBe(true);
    expect(JSON.parse(calls[1]?.body ?? '')).toEqual({
      value: NEW_TOKEN,
      masked: true,
      protected: true,
      raw: true,
      environment_scope: '*',
      variable_type: 'env_var',
    });
  });

  it('a project named by its path, URL-encoded', async () => {
    await store('gitlab-variable:stats/publish/PLAIN', MAINTAINER, { CI_PROJECT_ID: '' }).write(NEW_TOKEN);
    expect(api.requests.at(-1)?.path).toBe('/api/v4/projects/stats%2Fpublish/variables/PLAIN');
  });

  it('keeps an unmasked variable unmasked, and warns', async () => {
    const receipt = await store('gitlab-variable:PLAIN', MAINTAINER).write(NEW_TOKEN);
    expect(api.variable(42, 'PLAIN')).toMatchObject({ value: NEW_TOKEN, masked: false, raw: false });
    expect(receipt.warning).toContain('is not masked');
  });

  it('a hidden variable in its environment scope: the flags are confirmed, the value cannot be read back', async () => {
    const receipt = await store('gitlab-variable:HIDDEN', MAINTAINER).write(NEW_TOKEN);
    expect(api.variable(42, 'HIDDEN')?.value).toBe(NEW_TOKEN);
    expect(receipt.confirmed).toBe('masked, not protected, expanded, environment scope production, hidden value');
  });

  it('creates a missing variable, masked, protected and raw, when opened to create (login)', async () => {
    const s = openStore(parseStoreTarget('gitlab-variable:FIRST', 'store'), {
      token: MAINTAINER,
      http: HTTP,
      create: true,
      env: { CI_API_V4_URL: api.url, CI_PROJECT_ID: '42' },
    });
    await s.write(NEW_TOKEN);
    expect(api.variable(42, 'FIRST')).toMatchObject({ value: NEW_TOKEN, masked: true, raw: true, protected: true });
  });

  it.each([
    ['a wrong token: 401', 'glpat-wrong', 'STORE_UNAUTHORIZED', 'HTTP 401: 401 Unauthorized', 'wrong, expired or revoked'],
    ['a Developer: 403, the role named', DEVELOPER, 'STORE_FORBIDDEN', 'HTTP 403: 403 Forbidden', 'Maintainer role'],
    ['a read_api token: 403 insufficient_scope, the scope named', READ_API, 'STORE_FORBIDDEN', 'insufficient_scope', 'lacks the api scope'],
    ['a token of another project: 404 Project Not Found', OUTSIDER, 'STORE_NOT_FOUND', '404 Project Not Found', 'cannot see a project'],
  ])('%s', async (_title, token, code, message, hint) => {
    const error = await failure('gitlab-variable:DOTSTAT_REFRESH_TOKEN', token);
    expect(error.code).toBe(code);
    expect(error.message).toContain(message);
    expect(error.hint).toContain(hint);
    if (error.code !== 'STORE_NOT_FOUND') expect(error.hint).toContain('CI_JOB_TOKEN cannot read or write CI/CD variables');
    expect(error.describe()).not.toContain(token);
    expect(error.describe()).not.toContain(NEW_TOKEN);
  });

  it('a variable that does not exist: 404 Variable Not Found, naming the input (not created)', async () => {
    const error = await failure('gitlab-variable:NO_SUCH', MAINTAINER);
    expect(error.code).toBe('STORE_NOT_FOUND');
    expect(error.message).toContain('404 Variable Not Found');
    expect(error.hint).toContain('refresh-token-store');
    expect(api.variable(42, 'NO_SUCH')).toBeUndefined();
  });

  it('a key with several environment scopes: 409, said so', async () => {
    const error = await failure('gitlab-variable:TWICE', MAINTAINER);
    expect(error.code).toBe('STORE_CONFLICT');
    expect(error.hint).toContain('environment scopes');
  });

  it('a value GitLab cannot mask: 400, said so', async () => {
    const error = (await store('gitlab-variable:DOTSTAT_REFRESH_TOKEN', MAINTAINER)
      .write('short')
      .catch((e: unknown) => e)) as StoreError;
    expect(error.code).toBe('STORE_REJECTED');
    expect(error.message).toContain('{"value":["is invalid"]}');
  });

  it('an answer that is not a variable: said so, naming CI_API_V4_URL', async () => {
    const other = await listen((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"projects":[]}'));
    try {
      const error = await failure('gitlab-variable:DOTSTAT_REFRESH_TOKEN', MAINTAINER, { CI_API_V4_URL: `${other.url}/api/v4` });
      expect(error.code).toBe('STORE_HTTP_ERROR');
      expect(error.describe()).toContain('but not with a variable.\nCheck CI_API_V4_URL.');
    } finally {
      await other.close();
    }
  });

  it.each([
    [JOB_TOKEN, {}, "Input 'store-token': holds this job's CI_JOB_TOKEN"],
    [undefined, {}, "Input 'store-token': is required"],
    [MAINTAINER, { CI_API_V4_URL: '' }, "Input 'CI_API_V4_URL': is not set"],
    [MAINTAINER, { CI_PROJECT_ID: '' }, 'CI_PROJECT_ID is not set'],
  ])('refuses before any request: %s %j', (token, env, message) => {
    expect(() => store('gitlab-variable:DOTSTAT_REFRESH_TOKEN', token as string | undefined, env)).toThrow(message);
  });
});

it('gitlabVariableStore refuses a plain http:// API on another machine before any request', () => {
  expect(() =>
    openStore(parseStoreTarget('gitlab-variable:RT', 'refresh-token-store'), {
      token: MAINTAINER,
      http: HTTP,
      env: { CI_API_V4_URL: 'http://gitlab.example.org/api/v4', CI_PROJECT_ID: '1' },
    }),
  ).toThrow("Input 'CI_API_V4_URL': uses plain http:// to gitlab.example.org");
});
