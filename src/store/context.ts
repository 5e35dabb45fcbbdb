/**
 * What a store needs to reach its API: the credential given for the purpose, the HTTP settings of
 * the job, and the CI's own variables that name the API and this job's repository or project.
 * `openStore()` (./open.ts) takes it; nothing in a store reads process.env itself.
 */
import type { HttpSettings } from '../http/client.js';
import type { RetryContext } from '../http/retry.js';

export interface StoreContext {
  /** The token allowed to write the store (input store-token), registered as a secret before. */
  readonly token?: string;
  readonly http: HttpSettings;
  readonly retry?: RetryContext;
  /**
   * The CI's variables a store reads: GITHUB_API_URL and GITHUB_REPOSITORY (GitHub), CI_API_V4_URL,
   * CI_PROJECT_ID and CI_JOB_TOKEN (GitLab).
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Create the secret or variable when it does not exist yet (login's first token); else a missing one is an error. */
  readonly create?: boolean;
  /** The inputs named in messages: where the target and the token were given. */
  readonly targetInput?: string;
  readonly tokenInput?: string;
}

export const inputsOf = (ctx: StoreContext) => ({ target: ctx.targetInput ?? 'refresh-token-store', token: ctx.tokenInput ?? 'store-token' });

/** Where a person puts the store token on the command line, for a message: its variable (a secret is never a flag). */
export const tokenOnCommandLine = (ctx: StoreContext) =>
  inputsOf(ctx).token === 'store-token' ? ' (command line: DOTSTAT_STORE_TOKEN in the environment)' : '';
