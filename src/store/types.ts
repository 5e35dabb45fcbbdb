/**
 * Where a refresh token is kept between runs: a GitHub Actions secret, a GitLab CI/CD variable, or
 * a local file. The write-back of a rotated refresh token (the token's lifecycle) and `login` (the
 * first token) both write through this one interface; ./target.ts parses what the user names.
 */
import type { StoreTarget } from './target.js';

/** What a store said after a write, read back from it where it can be read (never the value). */
export interface StoreReceipt {
  /** Where it went, for a person: "the GitHub Actions secret DOTSTAT_REFRESH_TOKEN of o/r". */
  readonly where: string;
  /** What confirms it: "updated_at 2026-12-04T01:20:00Z", "masked, protected, raw", "mode 0600". */
  readonly confirmed: string;
  /** Something the person should change about the store (a GitLab variable that is not masked). */
  readonly warning?: string;
}

export interface SecretStore {
  readonly target: StoreTarget;
  /** Where it goes, for a person, before any write. */
  readonly where: string;
  /**
   * Writes `value` (already registered as a secret) and confirms it. Throws an error whose message
   * names the target and the fix, and never holds the value or a credential.
   */
  write(value: string, options?: { readonly signal?: AbortSignal }): Promise<StoreReceipt>;
  /**
   * Reads the target before any token is requested: that it exists and that the token may see it.
   * A refresh spends the refresh token given, so a store that would refuse the new one must be
   * known before (./write-back.ts checkStore). Throws the errors `write` would.
   */
  check?(options?: { readonly signal?: AbortSignal }): Promise<void>;
}
