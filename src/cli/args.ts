/**
 * The command line's settings: flags named like the action's inputs (`--client-id app`), or
 * environment variables `DOTSTAT_<INPUT>` (`DOTSTAT_CLIENT_ID`). A flag wins over the
 * environment, the environment over the default. Secrets come only from the environment (masked
 * CI/CD variables): on a command line they would show in the process list, shell history and logs.
 */
import { InputError } from '../errors.js';
import { INPUTS, type InputName, type RawSettings } from '../inputs.js';

export interface CliOptions {
  readonly settings: RawSettings;
  /** Inputs set by a flag or an environment variable (not defaulted). */
  readonly explicit: ReadonlySet<InputName>;
  readonly dotenv?: string;
  readonly tokenFile?: string;
  readonly debug: boolean;
  readonly help: boolean;
  readonly version: boolean;
  /** `keyless-setup`: print this job's ID token claims and the Keycloak setup that trusts them. */
  readonly keylessSetup: boolean;
  /** `exec -- CMD ARGS`: the command to run with the token in its environment. */
  readonly command?: readonly string[];
  /** `token`: print a valid access token of the job's kept sign-in; `revoke`: end the job (../lifecycle/). */
  readonly lifecycle?: 'token' | 'revoke';
  /** Where the job's sign-in is kept (--state-file, DOTSTAT_STATE_FILE); undefined: the default, in CI only. */
  readonly stateFile?: string;
}

/** Options of the command line itself, beside the action's inputs. */
export const CLI_OPTIONS = [
  {
    name: 'dotenv',
    env: 'DOTSTAT_DOTENV',
    description:
      'Write non-secret results (grant type, expiry, request ids, status, outcome) as DOTSTAT_* variables to this dotenv file, for artifacts:reports:dotenv. Default on GitLab: dotstat.env; elsewhere none.',
  },
  { name: 'token-file', env: 'DOTSTAT_TOKEN_FILE', description: 'Write the access token to this file, created with mode 0600, for use within the job.' },
  {
    name: 'state-file',
    env: 'DOTSTAT_STATE_FILE',
    description:
      "Where the job's sign-in is kept (mode 0600) for the token and revoke commands. Default in CI: a file for this job in RUNNER_TEMP, or in a folder of this user's own under the temporary folder; elsewhere only when set.",
  },
  { name: 'debug', env: 'DOTSTAT_DEBUG', description: 'Print debug lines (never secrets).' },
] as const;

const BOOLEAN_INPUTS = new Set(INPUTS.filter((i) => i.default === 'true' || i.default === 'false').map((i) => i.name));
const SECRET = new Set(INPUTS.filter((i) => i.secret).map((i) => i.name));
const NAMES = new Set<string>(INPUTS.map((i) => i.name));

export function envName(input: string): string {
  return `DOTSTAT_${input.toUpperCase().replace(/-/g, '_')}`;
}

function refuseSecretFlag(name: string): never {
  throw new InputError(
    `--${name}`,
    'a secret is never taken from the command line: it would show in the process list, in shell history and in CI logs.',
    `Set the environment variable ${envName(name)} instead (in GitLab: a masked CI/CD variable).`,
  );
}

/** The known name nearest to a mistyped one (edit distance, a third of its length at most). */
function closest(name: string, known: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    const d = distance(name, candidate);
    if (d <= Math.max(2, Math.floor(candidate.length / 3)) && (!best || d < best.distance)) best = { name: candidate, distance: d };
  }
  return best?.name ?? known.find((n) => name.length > 3 && (n.startsWith(name) || name.startsWith(n)));
}

function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min((row[j] ?? 0) + 1, (next[j - 1] ?? 0) + 1, (row[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length] ?? 0;
}

function unknownFlag(flag: string, position: number): never {
  // Named without its =value: a mistyped `--pasword=...` must not print the password. And named
  // at all only when it is close to a known flag (a typo): anything else may be a pasted secret
  // that happens to start with --.
  const given = flag.split('=')[0] ?? '';
  const name = given.replace(/^--(no-)?/, '');
  const close = closest(name, [...NAMES, ...CLI_OPTIONS.map((o) => o.name)]);
  if (!close) throw new InputError(`argument ${position}`, 'is not a known option (it is not shown, in case it is a secret).', 'See --help for every setting.');
  // A secret has no flag: point at its variable rather than at a flag that would be refused.
  const hint = SECRET.has(close as InputName)
    ? `Did you mean ${envName(close)}? Secrets are read only from the environment.`
    : `Did you mean --${close}? See --help.`;
  throw new InputError(given, 'is not a known option.', hint);
}

interface Parsed {
  readonly flags: Map<string, string>;
  readonly command?: string[];
}

function parseArgv(argv: readonly string[]): Parsed {
  const flags = new Map<string, string>();
  let command: string[] | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === 'exec') {
      const rest = argv.slice(i + 1);
      command = rest[0] === '--' ? rest.slice(1) : rest;
      if (command.length === 0) throw new InputError('exec', 'needs a command to run.', 'Write it after --, e.g. dotstat-action exec -- python publish.py');
      break;
    }
    if (arg === 'keyless-setup' || arg === 'token' || arg === 'revoke') {
      // Apart from the flags: `revoke` is also an input (--revoke always revoke).
      flags.set(`command:${arg}`, 'true');
      continue;
    }
    if (arg === '-h' || arg === '--help' || arg === '--version' || arg === '-v') {
      flags.set(arg.replace(/^-+/, '').replace(/^h$/, 'help').replace(/^v$/, 'version'), 'true');
      continue;
    }
    if (!arg.startsWith('--')) {
      // Never quoted, not even a word: a stray argument may be a pasted secret, and a password
      // can look like a mistyped command. Named by its position, with the command it resembles.
      const hint = distance(arg, 'exec') <= 2 ? 'Did you mean exec? ' : '';
      throw new InputError(
        `argument ${i + 1}`,
        'is not an option or a command (it is not shown, in case it is a secret).',
        `${hint}Options start with --; the commands are exec, token, revoke and keyless-setup. See --help.`,
      );
    }
    const [flag = '', inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    const negated = flag.startsWith('no-') && (BOOLEAN_INPUTS.has(flag.slice(3) as InputName) || flag === 'no-debug');
    const name = negated ? flag.slice(3) : flag;
    if (SECRET.has(name as InputName)) refuseSecretFlag(name);
    const isBoolean = BOOLEAN_INPUTS.has(name as InputName) || name === 'debug';
    if (!NAMES.has(name) && !CLI_OPTIONS.some((o) => o.name === name)) unknownFlag(arg, i + 1);
    let value: string;
    if (negated) value = 'false';
    else if (inline !== undefined) value = inline;
    else if (isBoolean && (argv[i + 1] === undefined || !/^(true|false|yes|no|on|off|1|0)$/i.test(argv[i + 1] ?? ''))) value = 'true';
    // `--client-id --wait` forgot the value; a value starting with -- is still possible as --flag=--x.
    else if (argv[i + 1] === undefined || argv[i + 1]?.startsWith('--'))
      throw new InputError(`--${name}`, 'needs a value.', `Write --${name} VALUE, or --${name}=VALUE.`);
    else value = argv[++i] ?? '';
    // --file may be repeated: each adds a line, as in the action's multi-line input.
    flags.set(name, name === 'file' && flags.has(name) ? `${flags.get(name)}\n${value}` : value);
  }
  return { flags, command };
}

export function parseCli(argv: readonly string[], env: NodeJS.ProcessEnv): CliOptions {
  const { flags, command } = parseArgv(argv);
  const fromEnv = (input: string) => {
    const value = env[envName(input)];
    return value === undefined || value.trim() === '' ? undefined : value;
  };
  const explicit = new Set<InputName>();
  for (const input of INPUTS) if (flags.has(input.name) || fromEnv(input.name) !== undefined) explicit.add(input.name);
  const settings: RawSettings = (name) => (SECRET.has(name) ? env[envName(name)] : (flags.get(name) ?? fromEnv(name)));
  const option = (name: string) => flags.get(name) ?? fromEnv(name);
  const onGitlab = env.GITLAB_CI === 'true';
  return {
    settings,
    explicit,
    dotenv: option('dotenv') ?? (onGitlab ? 'dotstat.env' : undefined),
    tokenFile: option('token-file'),
    debug: /^(true|1|yes|on)$/i.test(option('debug') ?? '') || env.RUNNER_DEBUG === '1' || env.CI_DEBUG_TRACE === 'true',
    help: flags.has('help'),
    keylessSetup: flags.has('command:keyless-setup'),
    lifecycle: flags.has('command:token') ? 'token' : flags.has('command:revoke') ? 'revoke' : undefined,
    stateFile: option('state-file'),
    version: flags.has('version'),
    command,
  };
}
