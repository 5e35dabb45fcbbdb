/**
 * Raw settings in, a typed and validated Config out: the identity provider's settings
 * (./oidc/settings.ts), the Transfer settings (./transfer/settings.ts) and the few that belong to
 * the job as a whole. Everything that can be known to be wrong before a request is sent fails
 * there, naming the input, what was expected, and a fix (./parse.ts). Nothing else in the program
 * reads settings.
 */
import { InputError } from './errors.js';
import type { RawSettings } from './inputs.js';
import { parseHandoffKey } from './oidc/handoff-key.js';
import { parseIdp, type IdpConfig, type IdpContext } from './oidc/settings.js';
import { parseBoolean, parseEnum, parseEnvName, parseSeconds, read } from './parse.js';
import { parseTransfer, type TransferConfig } from './transfer/settings.js';
import { parseRefreshTokenStore } from './store/settings.js';
import type { SecretStore } from './store/types.js';

/** What the end of the job revokes (./lifecycle/finish.ts). */
export type RevokePolicy = 'auto' | 'always' | 'never';

export interface Config {
  /** Undefined only when the token is received from an earlier job (`handoff`): no sign-in at all. */
  readonly idp?: IdpConfig;
  /** The hand-off key; with `received`, the hand-off to open instead of signing in. */
  readonly handoff?: { readonly key: Uint8Array; readonly received?: string };
  readonly revoke: RevokePolicy;
  /** Undefined when the job only gets a token. */
  readonly transfer?: TransferConfig;
  readonly exportEnv?: string;
  readonly http: { readonly timeoutMs: number; readonly allowInsecureHttp: boolean };
  /** Where the rotated refresh token is written back (refresh-token-store), when asked. */
  readonly refreshTokenStore?: SecretStore;
  /** Its credential (store-token), kept in the job's state so that a later renewal writes back too. */
  readonly storeToken?: string;
  /** Report files besides the platform's own summary (GitLab has none): paths, or undefined. */
  readonly reports: { readonly summaryFile?: string; readonly junitFile?: string };
}

/** What the entry points know of the job: keyless (./oidc/settings.ts), and the CI's variables a store reads (./store/context.ts). */
export interface ConfigContext extends IdpContext {
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export function parseConfig(raw: RawSettings, platform: ConfigContext = {}): Config {
  const allowInsecureHttp = parseBoolean(raw, 'allow-insecure-http');
  const timeoutMs = parseSeconds(raw, 'request-timeout', 1, 600);
  const key = parseHandoffKey(raw('handoff-key'));
  const received = read(raw, 'handoff');
  if (received && !key)
    throw new InputError(
      'handoff-key',
      'is required with handoff: the hand-off is opened with the key it was sealed with.',
      'Give this job the same handoff-key secret as the job that made the hand-off.',
    );
  return {
    idp: received ? undefined : parseIdp(raw, allowInsecureHttp, platform),
    handoff: key ? { key, received } : undefined,
    revoke: parseEnum(raw, 'revoke', ['auto', 'always', 'never']),
    transfer: parseTransfer(raw, allowInsecureHttp),
    exportEnv: parseEnvName(raw, 'export-env'),
    http: { timeoutMs, allowInsecureHttp },
    refreshTokenStore: parseRefreshTokenStore(raw, { timeoutMs, allowInsecureHttp }, platform.env),
    storeToken: read(raw, 'store-token'),
    reports: { summaryFile: read(raw, 'summary-file'), junitFile: read(raw, 'junit-file') },
  };
}
