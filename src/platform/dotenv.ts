/**
 * A dotenv file for GitLab's `artifacts:reports:dotenv`: later jobs receive its variables. GitLab
 * never masks them, so only non-secret results go in (grant type, expiry, request ids, status,
 * outcome), and a value holding a registered secret is refused even if some caller got it wrong.
 */
import { writeFileSync } from 'node:fs';
import { DotstatError } from '../errors.js';
import type { SecretRegistry } from '../secrets.js';

/** Outputs that may be handed to later jobs; everything else stays in this job. */
const PUBLIC_OUTPUTS = new Set(['grant-type', 'token-type', 'expires-in', 'expires-at', 'refresh-expires-at', 'request-id', 'execution-status', 'outcome']);

/**
 * DOTSTAT_<OUTPUT>, except where that is also a setting's variable: a dotenv variable overrides a
 * later job's own `variables:`, so DOTSTAT_GRANT_TYPE=password would force the password grant on
 * every later dotstat job. The grant used is therefore DOTSTAT_GRANT_USED.
 */
const RENAMED: Readonly<Record<string, string>> = { 'grant-type': 'DOTSTAT_GRANT_USED' };

export function dotenvName(output: string): string {
  return RENAMED[output] ?? `DOTSTAT_${output.toUpperCase().replace(/-/g, '_')}`;
}

export class DotenvReport {
  readonly #values = new Map<string, string>();

  constructor(
    readonly path: string,
    private readonly secrets: SecretRegistry,
  ) {}

  /** Records an output (if it may be published) and rewrites the file, so nothing is lost on a later failure. */
  set(output: string, value: string): void {
    if (!PUBLIC_OUTPUTS.has(output) || this.secrets.redact(value) !== value) return;
    // One line per variable: GitLab's dotenv takes no multi-line values.
    this.#values.set(dotenvName(output), value.replace(/\r?\n/g, ',').replace(/[^\x20-\x7e]/g, ''));
    const text = [...this.#values].map(([name, v]) => `${name}=${v}`).join('\n');
    try {
      writeFileSync(this.path, `${text}\n`, { mode: 0o644 });
    } catch (error) {
      throw new DotstatError('DOTENV', `Cannot write the dotenv report '${this.path}': ${(error as NodeJS.ErrnoException).code ?? 'error'}.`, 'Check that its folder exists and is writable, or set --dotenv (DOTSTAT_DOTENV) to another path.', { cause: error });
    }
  }
}
