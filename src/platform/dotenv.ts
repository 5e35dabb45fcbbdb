/**
 * A dotenv file for GitLab's `artifacts:reports:dotenv`: later jobs receive its variables. GitLab
 * never masks them, so only non-secret results go in (grant type, expiry, request ids, status,
 * outcome), and a value holding a registered secret is refused even if some caller got it wrong.
 */
import { DotstatError } from '../errors.js';
import { notAPlainFile, replaceFile } from '../files.js';
import type { SecretRegistry } from '../secrets.js';

/** Outputs that may be handed to later jobs; everything else stays in this job. */
const PUBLIC_OUTPUTS = new Set([
  'grant-type',
  'token-type',
  'expires-in',
  'expires-at',
  'refresh-expires-at',
  'request-id',
  'execution-status',
  'outcome',
  // The sealed access token (../oidc/handoff.ts): ciphertext, not a secret; a later job opens it with the key.
  'handoff',
]);
/** A value that is never cut to fit: half a ciphertext opens nothing. */
const WHOLE = 'DOTSTAT_HANDOFF';

/**
 * DOTSTAT_<OUTPUT>, except where that is also a setting's variable: a dotenv variable overrides a
 * later job's own `variables:`, so DOTSTAT_GRANT_TYPE=password would force the password grant on
 * every later dotstat job. The grant used is therefore DOTSTAT_GRANT_USED.
 */
const RENAMED: Readonly<Record<string, string>> = { 'grant-type': 'DOTSTAT_GRANT_USED' };

/**
 * GitLab refuses a dotenv report of 5 KiB or more (plan limit `dotenv_size`, 5120 bytes on every
 * plan), and the job's artifacts with it. Eight variables are far under its count limit (20 at least).
 * @see https://docs.gitlab.com/administration/instance_limits/#limit-dotenv-file-size
 */
export const MAX_DOTENV_BYTES = 5120;

/** The report's text, under MAX_DOTENV_BYTES: when too long, the longest value (the request ids) is cut. */
function fitted(values: ReadonlyMap<string, string>): string {
  const lines = [...values].map(([name, value]) => ({ name, value }));
  const size = () => lines.reduce((sum, l) => sum + l.name.length + l.value.length + 2, 0);
  const cuttable = lines.filter((l) => l.name !== WHOLE);
  if (size() >= MAX_DOTENV_BYTES && cuttable.length > 0) {
    const longest = cuttable.reduce((a, b) => (b.value.length > a.value.length ? b : a));
    longest.value = fitValue(longest.value, longest.value.length - (size() - MAX_DOTENV_BYTES + 1));
  }
  return lines.map((l) => `${l.name}=${l.value}`).join('\n');
}

/**
 * A value cut to `room` characters: a list (request ids of many files) is cut between items and
 * says how many were left out, so that no id is ever shown half.
 */
export function fitValue(value: string, room: number): string {
  if (value.length <= room) return value;
  const items = value.split(',');
  if (items.length === 1) return value.slice(0, Math.max(0, room));
  const kept: string[] = [];
  for (const item of items) {
    const next = [...kept, item].join(',');
    if (next.length + `,+${items.length - kept.length - 1} more`.length > room) break;
    kept.push(item);
  }
  return `${kept.join(',')}${kept.length ? ',' : ''}+${items.length - kept.length} more`;
}

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
    const text = fitted(this.#values);
    // The default path (dotstat.env) is in the working folder, which the repository fills: never
    // written through a link it committed, nor into a pipe.
    const kind = notAPlainFile(this.path);
    if (kind)
      throw new DotstatError(
        'DOTENV',
        `Cannot write the dotenv report '${this.path}': it is ${kind}, not a regular file.`,
        'Remove it, or set --dotenv (DOTSTAT_DOTENV) to another path.',
      );
    try {
      replaceFile(this.path, `${text}\n`, 0o644);
    } catch (error) {
      throw new DotstatError(
        'DOTENV',
        `Cannot write the dotenv report '${this.path}': ${(error as NodeJS.ErrnoException).code ?? 'error'}.`,
        'Check that its folder exists and is writable, or set --dotenv (DOTSTAT_DOTENV) to another path.',
        { cause: error },
      );
    }
  }
}
