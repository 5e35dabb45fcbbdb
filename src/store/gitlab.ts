/**
 * A GitLab project CI/CD variable as a store: read it (its masked, protected and raw flags, its
 * environment scope and type), PUT the new value with the same flags, and read it back to confirm
 * the flags (and the value, unless the variable is hidden). Needs a project access token (Maintainer,
 * scope api) in the PRIVATE-TOKEN header: CI_JOB_TOKEN cannot read or write variables.
 * @see https://docs.gitlab.com/api/project_level_variables/
 */
import { DotstatError, InputError, StoreError } from '../errors.js';
import type { HttpResponse } from '../http/client.js';
import { sanitize } from '../text.js';
import { apiBaseUrl, apiCall, apiMessage, jsonOf } from './api.js';
import { inputsOf, tokenOnCommandLine, type StoreContext } from './context.js';
import type { StoreTarget } from './target.js';
import type { SecretStore, StoreReceipt } from './types.js';

type GitlabTarget = Extract<StoreTarget, { kind: 'gitlab-variable' }>;

/** What a person creates for the write-back. */
export const GITLAB_TOKEN_NEEDED = 'a project access token with the Maintainer role and the api scope (Settings > Access tokens)';

interface Variable {
  readonly value: string | null;
  readonly masked: boolean;
  readonly protected: boolean;
  readonly raw: boolean;
  readonly hidden: boolean;
  readonly environment_scope: string;
  readonly variable_type: string;
}

export function gitlabVariableStore(target: GitlabTarget, ctx: StoreContext): SecretStore {
  const inputs = inputsOf(ctx);
  const env = ctx.env ?? {};
  const token = ctx.token;
  const project = target.project ?? env.CI_PROJECT_ID?.trim();
  if (!project)
    throw new InputError(
      inputs.target,
      `gitlab-variable:${target.name} names a variable of this job's project, but CI_PROJECT_ID is not set here.`,
      `Name the project: gitlab-variable:PROJECT/${target.name} (its numeric ID or full path).`,
    );
  const where = `the CI/CD variable ${target.name} of project ${project}`;
  if (!token)
    throw new InputError(
      inputs.token,
      `is required to write ${where}.`,
      `Pass ${GITLAB_TOKEN_NEEDED}, from a masked CI/CD variable${tokenOnCommandLine(ctx)}. CI_JOB_TOKEN cannot write variables.`,
    );
  if (env.CI_JOB_TOKEN && token.trim() === env.CI_JOB_TOKEN.trim())
    throw new InputError(
      inputs.token,
      "holds this job's CI_JOB_TOKEN, which can neither read nor write CI/CD variables.",
      `Create ${GITLAB_TOKEN_NEEDED}, keep it in a masked, protected CI/CD variable and pass that.`,
    );
  const api = apiBase(env.CI_API_V4_URL, ctx.http);
  const headers = { 'private-token': token, accept: 'application/json' };
  const path = `/projects/${encodeURIComponent(project)}/variables/${encodeURIComponent(target.name)}`;
  const url = (scope?: string) => {
    const u = new URL(`${api.href.replace(/\/+$/, '')}${path}`);
    if (scope !== undefined) u.searchParams.set('filter[environment_scope]', scope);
    return u;
  };
  const refused = (response: HttpResponse, step: string) => refusal(response, step, where, target, inputs);

  async function read(signal: AbortSignal | undefined, step: string, scope?: string): Promise<Variable | undefined> {
    const response = await apiCall({ method: 'GET', url: url(scope), headers }, ctx, signal);
    if (response.status === 404 && ctx.create && /variable/i.test(apiMessage(response))) return undefined;
    if (response.status !== 200) throw refused(response, step);
    return variableOf(response, step, where);
  }

  return {
    target,
    where,
    async check(options = {}): Promise<void> {
      await read(options.signal, 'read');
      // A read_api token reads the variable, and fails only at the write, after the refresh. Its
      // scopes are known from GitLab 15.5 on; any other answer (an older GitLab) says nothing.
      const self = await apiCall({ method: 'GET', url: new URL(`${api.href.replace(/\/+$/, '')}/personal_access_tokens/self`), headers }, ctx, options.signal);
      const scopes = self.status === 200 ? jsonOf(self)?.scopes : undefined;
      if (Array.isArray(scopes) && !scopes.includes('api')) {
        const named = scopes.filter((x): x is string => typeof x === 'string').map((x) => sanitize(x, 40));
        throw new StoreError(
          'STORE_FORBIDDEN',
          `The token in ${inputs.token} has the scopes ${named.join(', ') || '(none)'}, not api: it can read ${where}, but not write it.`,
          `Pass in ${inputs.token} ${GITLAB_TOKEN_NEEDED}.`,
        );
      }
    },
    async write(value: string, options = {}): Promise<StoreReceipt> {
      const { signal } = options;
      const before = await read(signal, 'read');
      const flags = before ?? { masked: true, protected: true, raw: true, hidden: false, environment_scope: '*', variable_type: 'env_var', value: null };
      const body = {
        value,
        masked: flags.masked,
        protected: flags.protected,
        raw: flags.raw,
        environment_scope: flags.environment_scope,
        variable_type: flags.variable_type,
      };
      const written = before
        ? await apiCall({ method: 'PUT', url: url(flags.environment_scope), headers, json: body }, ctx, signal)
        : await apiCall({ method: 'POST', url: new URL(url().href.replace(/\/[^/]*$/, '')), headers, json: { key: target.name, ...body } }, ctx, signal);
      if (written.status !== 200 && written.status !== 201) throw refused(written, before ? 'update' : 'create');
      let after: Variable | undefined;
      try {
        after = await read(signal, 'read back', flags.environment_scope);
      } catch (error) {
        const cause = error instanceof DotstatError ? error : undefined;
        throw new StoreError(
          'STORE_NOT_CONFIRMED',
          `GitLab accepted the new value of ${where} (HTTP ${written.status}), but reading it back failed: ${cause?.message ?? String(error)}`,
          cause?.hint,
          { cause: error },
        );
      }
      const changed = after && (['masked', 'protected', 'raw', 'environment_scope', 'variable_type'] as const).filter((k) => after[k] !== flags[k]);
      if (!after || (changed && changed.length > 0) || (after.value !== null && after.value !== value)) {
        const what = !after ? 'it is gone' : changed && changed.length ? `its ${changed.join(', ')} changed` : 'it holds another value';
        throw new StoreError(
          'STORE_NOT_CONFIRMED',
          `GitLab accepted the new value of ${where} (HTTP ${written.status}), but reading it back, ${what}.`,
          'Something else may write the same variable at the same time: give the jobs that refresh this token one resource_group.',
        );
      }
      const confirmed = [
        after.masked ? 'masked' : 'not masked',
        after.protected ? 'protected' : 'not protected',
        after.raw ? 'raw' : 'expanded',
        `environment scope ${sanitize(after.environment_scope, 60)}`,
        after.value === null ? 'hidden value' : 'value read back',
      ].join(', ');
      const warning = after.masked
        ? undefined
        : `${where} is not masked: GitLab would show its value in a job log that prints it. Edit it in Settings > CI/CD > Variables and mark it masked (and protected).`;
      return { where, confirmed, ...(warning ? { warning } : {}) };
    },
  };
}

function apiBase(text: string | undefined, http: StoreContext['http']): URL {
  const value = text?.trim();
  const hint = 'GitLab sets it in every job; elsewhere set it to the API of your GitLab, e.g. https://gitlab.example.com/api/v4.';
  if (!value) throw new InputError('CI_API_V4_URL', 'is not set: the GitLab API is not known.', hint);
  return apiBaseUrl('CI_API_V4_URL', value, http, hint);
}

function variableOf(response: HttpResponse, step: string, where: string): Variable {
  const json = jsonOf(response);
  const bool = (v: unknown) => v === true;
  if (!json || typeof json.key !== 'string')
    throw new StoreError(
      'STORE_HTTP_ERROR',
      `GitLab answered HTTP ${response.status} when asked to ${step} ${where}, but not with a variable.`,
      'Check CI_API_V4_URL.',
    );
  return {
    value: typeof json.value === 'string' ? json.value : null,
    masked: bool(json.masked),
    protected: bool(json.protected),
    raw: bool(json.raw),
    hidden: bool(json.hidden),
    environment_scope: typeof json.environment_scope === 'string' ? json.environment_scope : '*',
    variable_type: typeof json.variable_type === 'string' ? json.variable_type : 'env_var',
  };
}

function refusal(response: HttpResponse, step: string, where: string, target: GitlabTarget, inputs: { target: string; token: string }): StoreError {
  const said = apiMessage(response);
  const status = response.status;
  const head = `GitLab refused to ${step} ${where} (HTTP ${status}: ${said}).`;
  const jobToken = 'CI_JOB_TOKEN cannot read or write CI/CD variables.';
  if (status === 401)
    return new StoreError('STORE_UNAUTHORIZED', head, `The token in ${inputs.token} is wrong, expired or revoked. ${jobToken} Pass ${GITLAB_TOKEN_NEEDED}.`);
  if (status === 403) {
    const scope = /insufficient_scope/.test(said)
      ? 'The token lacks the api scope (read_api cannot write). '
      : 'The token lacks the Maintainer role on the project. ';
    return new StoreError('STORE_FORBIDDEN', head, `${scope}${jobToken} Pass in ${inputs.token} ${GITLAB_TOKEN_NEEDED}.`);
  }
  if (status === 404 && /project/i.test(said))
    return new StoreError(
      'STORE_NOT_FOUND',
      `GitLab found no project ${target.project ?? '(CI_PROJECT_ID)'} when asked to ${step} ${where} (HTTP 404: ${said}).`,
      `Check the project in ${inputs.target}, and that the token in ${inputs.token} belongs to it: GitLab answers 404 to a token that cannot see a project.`,
    );
  if (status === 404)
    return new StoreError(
      'STORE_NOT_FOUND',
      `GitLab has no ${where.replace(/^the /, '')} (HTTP 404: ${said}).`,
      `Check the name in ${inputs.target}. The variable must exist (it holds the refresh token this job used): create it as a masked, protected variable in Settings > CI/CD > Variables.`,
    );
  if (status === 409)
    return new StoreError(
      'STORE_CONFLICT',
      head,
      `Several variables named ${target.name} exist, for different environment scopes: keep one, or give each environment's refresh token a name of its own.`,
    );
  if (status === 400)
    return new StoreError('STORE_REJECTED', head, 'GitLab refused the value or a flag: a masked variable needs at least 8 characters of the allowed set.');
  return new StoreError('STORE_HTTP_ERROR', head, status >= 500 ? 'GitLab failed; try again later.' : 'An answer this action does not expect.');
}
