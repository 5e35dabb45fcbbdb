/**
 * The hostile world, the write-back: bad write-back inputs and stores that refuse, through dist/
 * as GitHub and as a GitLab job. Every row must say what failed and the fix, and no secret may
 * reach any sink: not the refresh token given, not the rotated one, not the store token, even when
 * a hostile store API echoes them back in every form in its error bodies and headers.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startGithubApi } from '../fixtures/github-api.mjs';
import { startGitlabApi } from '../fixtures/gitlab-api.mjs';
import { runRow, type Row } from '../support/rows.js';
import { GOOD_TOKEN, scriptedServer, type ScriptedServer } from '../support/scripted.js';

const GIVEN = 'hostile-given-refresh-token-0001';
const ROTATED = 'hostile-rotated-refresh-token-0001';
const STORE_TOKEN = 'hostile-store-token-0001';
const NO_PERMISSION = 'hostile-store-token-noperm-0001';
const JOB_TOKEN = 'hostile-ci-job-token-0001';

/** Every form a server could echo a secret in. */
const forms = (s: string) => [s, encodeURIComponent(s), Buffer.from(s).toString('base64'), JSON.stringify(s).slice(1, -1), s.toLowerCase()].join(' | ');

let github: Awaited<ReturnType<typeof startGithubApi>>;
let gitlab: Awaited<ReturnType<typeof startGitlabApi>>;
let hostile: ScriptedServer;
beforeAll(async () => {
  github = await startGithubApi({
    repos: ['sis-cc/pub'],
    tokens: { [STORE_TOKEN]: { repos: ['sis-cc/pub'], grants: ['secrets'] }, [NO_PERMISSION]: { repos: ['sis-cc/pub'], grants: [] } },
  });
  github.seed('repos/sis-cc/pub', 'DOTSTAT_REFRESH_TOKEN', 'seeded');
  gitlab = await startGitlabApi({
    projects: [{ id: 42, path: 'stats/publish' }],
    tokens: { [STORE_TOKEN]: { projects: ['42'] }, [NO_PERMISSION]: { projects: ['42'], role: 'developer' } },
  });
  gitlab.seed(42, { key: 'DOTSTAT_REFRESH_TOKEN', value: 'seeded-refresh-token', masked: true, protected: true, raw: true });
  // Echoes the store token and the value it was sent in every form, in its bodies and headers.
  hostile = await scriptedServer((request) => {
    const echo = `${forms(STORE_TOKEN)} | ${forms(ROTATED)}`;
    if (request.path.endsWith('/public-key')) return { body: { key_id: '1', key: Buffer.alloc(32, 7).toString('base64') } };
    if (request.method === 'GET' && request.path.includes('/variables/'))
      return {
        body: { key: 'DOTSTAT_REFRESH_TOKEN', value: 'x', masked: true, protected: false, raw: true, environment_scope: '*', variable_type: 'env_var' },
      };
    if (request.method === 'GET') return { body: { name: 'DOTSTAT_REFRESH_TOKEN', updated_at: '2026-01-01T00:00:00Z' } };
    return { status: 403, headers: { 'x-accepted-github-permissions': echo }, body: { message: `${echo} ${request.body}`, error_description: echo } };
  });
});
afterAll(() => Promise.all([github.close(), gitlab.close(), hostile.close()]));

type Case = Omit<Row, 'name' | 'entry' | 'code' | 'inputs' | 'says'> & { inputs: Record<string, string>; says: string[]; code?: number; before?: boolean };

const CASES: Record<string, () => Case> = {
  'a GitHub secret that does not exist': () => ({
    inputs: { 'refresh-token-store': 'github-secret:sis-cc/pub/NO_SUCH', 'store-token': STORE_TOKEN },
    env: { GITHUB_API_URL: github.url },
    // Found out before the refresh: the token given is not spent on a store that would refuse its successor.
    says: ['The GitHub Actions secret NO_SUCH of sis-cc/pub (refresh-token-store) cannot be written', 'HTTP 404 (Not Found)', 'is not spent'],
    before: true,
  }),
  'a GitHub token that lacks the permission': () => ({
    inputs: { 'refresh-token-store': 'github-secret:sis-cc/pub/DOTSTAT_REFRESH_TOKEN', 'store-token': NO_PERMISSION },
    env: { GITHUB_API_URL: github.url },
    says: ['cannot be written', 'HTTP 403: Resource not accessible by personal access token', 'Secrets: Read and write', 'is not spent'],
    before: true,
  }),
  'a GitLab variable that does not exist': () => ({
    inputs: { 'refresh-token-store': 'gitlab-variable:42/NO_SUCH', 'store-token': STORE_TOKEN },
    env: { CI_API_V4_URL: gitlab.url },
    says: ['The CI/CD variable NO_SUCH of project 42 (refresh-token-store) cannot be written', '404 Variable Not Found', 'is not spent'],
    before: true,
  }),
  'a GitLab token without the Maintainer role': () => ({
    inputs: { 'refresh-token-store': 'gitlab-variable:42/DOTSTAT_REFRESH_TOKEN', 'store-token': NO_PERMISSION },
    env: { CI_API_V4_URL: gitlab.url },
    says: ['cannot be written', 'HTTP 403: 403 Forbidden', 'Maintainer role', 'CI_JOB_TOKEN cannot read or write CI/CD variables', 'is not spent'],
    before: true,
  }),
  'CI_JOB_TOKEN as the store token (refused before any request)': () => ({
    inputs: { 'refresh-token-store': 'gitlab-variable:42/DOTSTAT_REFRESH_TOKEN', 'store-token': JOB_TOKEN },
    env: { CI_API_V4_URL: gitlab.url, CI_JOB_TOKEN: JOB_TOKEN },
    says: ["Input 'store-token': holds this job's CI_JOB_TOKEN"],
    secrets: () => [JOB_TOKEN],
    before: true,
  }),
  'no store token (refused before any request)': () => ({
    inputs: { 'refresh-token-store': 'gitlab-variable:42/DOTSTAT_REFRESH_TOKEN' },
    env: { CI_API_V4_URL: gitlab.url },
    says: ["Input 'store-token': is required to write the CI/CD variable DOTSTAT_REFRESH_TOKEN of project 42"],
    before: true,
  }),
  'a store token without a store (refused before any request)': () => ({
    inputs: { 'store-token': STORE_TOKEN },
    says: ["Input 'store-token': is set, but refresh-token-store is not"],
    before: true,
  }),
  'a file in a folder that does not exist (refused before any request)': () => ({
    inputs: { 'refresh-token-store': 'file:/nonexistent-dotstat-folder/refresh-token' },
    says: ["Input 'refresh-token-store': the folder /nonexistent-dotstat-folder does not exist."],
    before: true,
  }),
  'a target of no known kind (refused before any request)': () => ({
    inputs: { 'refresh-token-store': `vault:${GIVEN}` },
    says: ['Input \'refresh-token-store\': "vault" is not a kind of store'],
    before: true,
  }),
  'a hostile GitHub API echoing the store token and the value in its 403': () => ({
    inputs: { 'refresh-token-store': 'github-secret:o/r/DOTSTAT_REFRESH_TOKEN', 'store-token': STORE_TOKEN },
    env: { GITHUB_API_URL: hostile.url },
    says: ['NOT stored', 'HTTP 403: ***'],
  }),
  'a hostile GitLab API echoing the store token and the value in its 403': () => ({
    inputs: { 'refresh-token-store': 'gitlab-variable:42/DOTSTAT_REFRESH_TOKEN', 'store-token': STORE_TOKEN },
    env: { CI_API_V4_URL: `${hostile.url}/api/v4` },
    says: ['NOT stored', 'HTTP 403: ***'],
  }),
};

describe.concurrent('the write-back: bad input and refusing stores name the cause, and leak nothing', () => {
  for (const [name, make] of Object.entries(CASES)) {
    for (const entry of ['action', 'gitlab'] as const) {
      it(`${entry}: ${name}`, async ({ expect }) => {
        const c = make();
        // One identity provider per row (rows run side by side): it must not be asked when the input is refused.
        const idp = await scriptedServer(() => ({ body: { access_token: GOOD_TOKEN, token_type: 'Bearer', expires_in: 300, refresh_token: ROTATED } }));
        try {
          await runRow(
            {
              name,
              entry,
              code: c.code ?? 1,
              inputs: { 'token-url': `${idp.url}/token`, 'refresh-token': GIVEN, ...c.inputs },
              env: { RUNNER_DEBUG: '1', ACTIONS_STEP_DEBUG: 'true', ...c.env },
              args: entry === 'gitlab' ? ['--debug'] : [],
              says: c.says,
              secrets: () => [GIVEN, ROTATED, STORE_TOKEN, NO_PERMISSION, ...(c.secrets?.() ?? [])],
            },
            expect,
          );
          if (c.before) expect(idp.requests).toHaveLength(0);
          else expect(idp.requests).toHaveLength(1);
        } finally {
          await idp.close();
        }
      });
    }
  }
});
