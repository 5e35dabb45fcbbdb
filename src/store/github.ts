/**
 * A GitHub Actions secret (repository, environment or organisation) as a store: GET the scope's
 * public key, seal the value with it (./seal.ts), PUT it, and read the secret back to confirm its
 * `updated_at`. A missing secret is an error unless the store was opened to create it. The token
 * must be one given for the purpose: the workflow's GITHUB_TOKEN can never write secrets.
 * @see https://docs.github.com/en/rest/actions/secrets
 */
import { DotstatError, InputError, StoreError } from '../errors.js';
import type { HttpResponse } from '../http/client.js';
import { headerValue } from '../http/client.js';
import { DEFAULT_TIMING, sleep } from '../http/retry.js';
import { sanitize } from '../text.js';
import { apiBaseUrl, apiCall, apiMessage, jsonOf } from './api.js';
import { inputsOf, tokenOnCommandLine, type StoreContext } from './context.js';
import { sealedBox } from './seal.js';
import type { StoreTarget } from './target.js';
import type { SecretStore, StoreReceipt } from './types.js';

type GithubTarget = Extract<StoreTarget, { kind: 'github-secret' }>;

/** The REST API version this code is written against (GitHub keeps it for 24 months after a successor). */
export const GITHUB_API_VERSION = '2022-11-28';

/** How far GitHub's clock may be behind ours, when its answer has no Date to compare `updated_at` with. */
const CLOCK_SKEW_MS = 120_000;
/** How far apart the clocks of two of GitHub's servers may be (the Date of one answer, the updated_at of another). */
const SERVER_SLACK_MS = 2_000;
/** Reads of the secret after the write, before it is said not to be confirmed. */
const READ_BACKS = 3;

/** The earliest updated_at that can be this write: GitHub's Date before the PUT, or our clock less the skew. */
function writeStart(answer: HttpResponse): { ms: number; clock: string } {
  const date = Date.parse(headerValue(answer.headers, 'date') ?? '');
  if (Number.isFinite(date)) return { ms: date - SERVER_SLACK_MS, clock: "GitHub's clock, less 2 s" };
  return { ms: Date.now() - CLOCK_SKEW_MS, clock: "this machine's clock, less 2 min" };
}

interface SecretMeta {
  readonly updatedAt: string;
  readonly visibility?: string;
  readonly selectedRepositoriesUrl?: string;
}

export function githubSecretStore(target: GithubTarget, ctx: StoreContext): SecretStore {
  const inputs = inputsOf(ctx);
  const token = ctx.token;
  if (!token)
    throw new InputError(
      inputs.token,
      `is required to write ${describe(target, ctx.env?.GITHUB_REPOSITORY)}.`,
      `Pass a token allowed to write it, from a secret${tokenOnCommandLine(ctx)}: ${permissionFor(target)}. The workflow's own GITHUB_TOKEN can never write secrets.`,
    );
  const repository = target.repository ?? ctx.env?.GITHUB_REPOSITORY?.trim();
  if (target.scope !== 'organization' && !repository)
    throw new InputError(
      inputs.target,
      `github-secret:${target.name} names a secret of this run's repository, but GITHUB_REPOSITORY is not set here.`,
      `Name the repository: github-secret:OWNER/REPO/${target.name}.`,
    );
  const api = apiBaseUrl(
    'GITHUB_API_URL',
    ctx.env?.GITHUB_API_URL?.trim() || 'https://api.github.com',
    ctx.http,
    'Leave it to the runner, which sets it (https://api.github.com on github.com).',
  );
  const where = describe(target, repository);
  const base =
    target.scope === 'organization'
      ? `/orgs/${encodeURIComponent(target.organization ?? '')}/actions/secrets`
      : target.scope === 'environment'
        ? `/repos/${repository}/environments/${encodeURIComponent(target.environment ?? '')}/secrets`
        : `/repos/${repository}/actions/secrets`;
  const headers = { authorization: `Bearer ${token}`, accept: 'application/vnd.github+json', 'x-github-api-version': GITHUB_API_VERSION };
  const url = (path: string) => new URL(`${api.href.replace(/\/+$/, '')}${path}`);
  const get = (path: string, signal?: AbortSignal) => apiCall({ method: 'GET', url: url(path), headers }, ctx, signal);
  const refused = (response: HttpResponse, step: string) => refusal(response, step, where, target, token, inputs);

  async function readMeta(signal: AbortSignal | undefined, step: string): Promise<SecretMeta | undefined> {
    const response = await get(`${base}/${target.name}`, signal);
    if (response.status === 404 && ctx.create) return undefined;
    if (response.status !== 200) throw refused(response, step);
    const json = jsonOf(response);
    const updatedAt = typeof json?.updated_at === 'string' ? json.updated_at : undefined;
    if (!updatedAt) throw unexpected(response, step, where, 'no updated_at');
    const visibility = typeof json?.visibility === 'string' ? json.visibility : undefined;
    const selected = typeof json?.selected_repositories_url === 'string' ? json.selected_repositories_url : undefined;
    return { updatedAt, visibility, selectedRepositoriesUrl: selected };
  }

  /** An organisation secret's PUT must name its visibility again (and the repositories, for `selected`), or it would change. */
  async function orgFields(meta: SecretMeta | undefined, signal?: AbortSignal): Promise<Record<string, unknown>> {
    if (target.scope !== 'organization') return {};
    const visibility = meta?.visibility ?? 'private';
    if (visibility !== 'selected') return { visibility };
    const ids: number[] = [];
    for (let page = 1; page <= 100; page++) {
      const response = await get(`${base}/${target.name}/repositories?per_page=100&page=${page}`, signal);
      if (response.status !== 200) throw refused(response, 'list the repositories of');
      const json = jsonOf(response);
      const repositories = Array.isArray(json?.repositories) ? (json.repositories as Array<{ id?: unknown }>) : [];
      for (const r of repositories) if (typeof r.id === 'number') ids.push(r.id);
      const total = typeof json?.total_count === 'number' ? json.total_count : ids.length;
      if (repositories.length === 0 || ids.length >= total) break;
    }
    return { visibility, selected_repository_ids: ids };
  }

  return {
    target,
    where,
    async check(options = {}): Promise<void> {
      // A secret not there yet (login creates it) answers 404, and so does a repository this token
      // cannot see: the scope's public key tells them apart, and a write needs it anyway.
      const before = await readMeta(options.signal, 'read');
      if (before) return;
      const keyAnswer = await get(`${base}/public-key`, options.signal);
      if (keyAnswer.status !== 200) throw refused(keyAnswer, 'give the public key for');
    },
    async write(value: string, options = {}): Promise<StoreReceipt> {
      const { signal } = options;
      const before = await readMeta(signal, 'read');
      const keyAnswer = await get(`${base}/public-key`, signal);
      if (keyAnswer.status !== 200) throw refused(keyAnswer, 'give the public key for');
      const key = jsonOf(keyAnswer);
      if (typeof key?.key !== 'string' || typeof key.key_id !== 'string') throw unexpected(keyAnswer, 'give the public key for', where, 'no key and key_id');
      let encrypted: string;
      try {
        encrypted = await sealedBox(value, key.key);
      } catch (error) {
        throw unexpected(keyAnswer, 'give the public key for', where, `a key that cannot seal: ${(error as Error).message}`);
      }
      // When the write began, on GitHub's own clock (the key's answer came before the PUT was
      // sent), else on ours: updated_at must not be older, or the secret shows another write.
      const since = writeStart(keyAnswer);
      const body = { encrypted_value: encrypted, key_id: key.key_id, ...(await orgFields(before, signal)) };
      const put = await apiCall({ method: 'PUT', url: url(`${base}/${target.name}`), headers, json: body }, ctx, signal);
      if (put.status !== 201 && put.status !== 204) throw refused(put, 'write');
      const accepted = `GitHub accepted the new value of ${where} (HTTP ${put.status})`;
      for (let n = 1; ; n++) {
        let after: SecretMeta | undefined;
        try {
          after = await readMeta(signal, 'read back');
        } catch (error) {
          const cause = error instanceof DotstatError ? error : undefined;
          throw new StoreError('STORE_NOT_CONFIRMED', `${accepted}, but reading it back failed: ${cause?.message ?? String(error)}`, cause?.hint, {
            cause: error,
          });
        }
        // Server text, quoted: cleaned like any other (no line break, no workflow command).
        if (after && Date.parse(after.updatedAt) >= since.ms) return { where, confirmed: `updated_at ${sanitize(after.updatedAt, 40)}` };
        if (n >= READ_BACKS) {
          const shown = after ? `updated_at ${sanitize(after.updatedAt, 40)}` : 'no such secret';
          throw new StoreError(
            'STORE_NOT_CONFIRMED',
            `${accepted}, but reading it back shows ${shown}, not a write since ${new Date(since.ms).toISOString()} (${since.clock}).`,
            'Something else may write the same secret at the same time: give the jobs that refresh this token one concurrency group.',
          );
        }
        // A read served right after the write may not show it yet.
        await sleep(n * (ctx.retry?.timing?.baseMs ?? DEFAULT_TIMING.baseMs), signal);
      }
    },
  };
}

function describe(target: GithubTarget, repository: string | undefined): string {
  const repo = repository ?? 'this repository';
  if (target.scope === 'organization') return `the GitHub Actions secret ${target.name} of organisation ${target.organization}`;
  if (target.scope === 'environment') return `the GitHub Actions secret ${target.name} of environment ${target.environment} of ${repo}`;
  return `the GitHub Actions secret ${target.name} of ${repo}`;
}

/** The permission that writes this scope's secrets, for a person making the token. */
export function permissionFor(target: GithubTarget): string {
  if (target.scope === 'organization')
    return `a fine-grained personal access token with the organization permission "Secrets: Read and write" (of an organisation owner), or a classic one with the admin:org scope`;
  if (target.scope === 'environment')
    return 'a fine-grained personal access token with the repository permissions "Environments: Read and write" and "Secrets: Read and write", or a classic one with the repo scope';
  return 'a fine-grained personal access token with the repository permission "Secrets: Read and write", or a classic one with the repo scope';
}

function refusal(
  response: HttpResponse,
  step: string,
  where: string,
  target: GithubTarget,
  token: string,
  inputs: { target: string; token: string },
): StoreError {
  const tokenInput = inputs.token;
  const said = apiMessage(response);
  const status = response.status;
  const needs = headerValue(response.headers, 'x-accepted-github-permissions');
  const needsText = needs ? ` GitHub says this call needs: ${sanitize(needs, 80)}.` : '';
  const integration = token.startsWith('ghs_') || /by integration/i.test(said);
  const builtIn = integration
    ? " This looks like the workflow's GITHUB_TOKEN (or a GitHub App's installation token): GITHUB_TOKEN can never write secrets, whatever its permissions: block."
    : " The workflow's own GITHUB_TOKEN can never write secrets.";
  const fix = `Pass in ${tokenInput} ${permissionFor(target)}.`;
  const head = `GitHub refused to ${step} ${where} (HTTP ${status}: ${said}).`;
  // A rate limit is a 403 (or 429) too: it must not read as a missing permission.
  // @see https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api
  const limited = headerValue(response.headers, 'x-ratelimit-remaining') === '0' || headerValue(response.headers, 'retry-after') !== undefined;
  if ((status === 403 || status === 429) && (limited || /rate limit/i.test(said))) {
    const reset = Number(headerValue(response.headers, 'x-ratelimit-reset'));
    const when = Number.isFinite(reset) && reset > 0 ? ` It resets at ${new Date(reset * 1000).toISOString()}.` : '';
    return new StoreError(
      'STORE_HTTP_ERROR',
      head,
      `GitHub's rate limit for the token in ${tokenInput} is spent; its permission is not in question.${when} Give the write-back a token of its own, or run less often.`,
    );
  }
  if (status === 401) return new StoreError('STORE_UNAUTHORIZED', head, `The token in ${tokenInput} is wrong, expired or revoked.${builtIn} ${fix}`);
  if (status === 403) return new StoreError('STORE_FORBIDDEN', head, `The token in ${tokenInput} lacks the permission.${needsText}${builtIn} ${fix}`);
  if (status === 404)
    return new StoreError(
      'STORE_NOT_FOUND',
      `GitHub answered HTTP 404 (${said}) when asked to ${step} ${where}: it does not exist, or the token cannot see it.`,
      `Check the name in ${inputs.target} (create the secret first if it does not exist), and that the token in ${tokenInput} can see it: GitHub answers 404, not 403, to a token that lacks the permission.${needsText}${builtIn} ${fix}`,
    );
  if (status === 409 || status === 422)
    return new StoreError('STORE_REJECTED', head, `GitHub refused the request itself: check the target in ${inputs.target}.`);
  return new StoreError('STORE_HTTP_ERROR', head, status >= 500 ? 'GitHub failed; try again later.' : 'An answer this action does not expect.');
}

function unexpected(response: HttpResponse, step: string, where: string, what: string): StoreError {
  return new StoreError(
    'STORE_HTTP_ERROR',
    `GitHub answered HTTP ${response.status} when asked to ${step} ${where}, but with ${what}.`,
    'Check GITHUB_API_URL.',
  );
}
