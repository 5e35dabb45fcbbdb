/**
 * Raw settings in, a typed and validated Config out: the identity provider's settings
 * (./oidc/settings.ts), the Transfer settings (./transfer/settings.ts) and the few that belong to
 * the job as a whole. Everything that can be known to be wrong before a request is sent fails
 * there, naming the input, what was expected, and a fix (./parse.ts). Nothing else in the program
 * reads settings.
 */
import type { RawSettings } from './inputs.js';
import { parseIdp, type IdpConfig, type IdpContext } from './oidc/settings.js';
import { parseBoolean, parseEnvName, parseSeconds, read } from './parse.js';
import { parseTransfer, type TransferConfig } from './transfer/settings.js';
import { parseRefreshTokenStore } from './store/settings.js';
import type { SecretStore } from './store/types.js';

export interface Config {
  readonly idp: IdpConfig;
  /** Undefined when the job only gets a token. */
  readonly transfer?: TransferConfig;
  readonly exportEnv?: string;
  readonly http: { readonly timeoutMs: number; readonly allowInsecureHttp: boolean };
  /** Where the rotated refresh token is written back (refresh-token-store), when asked. */
  readonly refreshTokenStore?: SecretStore;
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
  return {
    idp: parseIdp(raw, allowInsecureHttp, platform),
    transfer: parseTransfer(raw, allowInsecureHttp),
    exportEnv: parseEnvName(raw, 'export-env'),
    http: { timeoutMs, allowInsecureHttp },
    refreshTokenStore: parseRefreshTokenStore(raw, { timeoutMs, allowInsecureHttp }, platform.env),
    reports: { summaryFile: read(raw, 'summary-file'), junitFile: read(raw, 'junit-file') },
  };
}
