/**
 * The options of `dotstat-action login`: the realm and client as the action's inputs name them
 * (--authority, --client-id; or DOTSTAT_AUTHORITY, DOTSTAT_CLIENT_ID), where the token goes, and
 * how to sign in. Nothing here is a secret: the token is the command's result, never its input.
 */
import { InputError } from '../errors.js';
import type { InputName } from '../inputs.js';
import { parseUrl } from '../parse.js';
import { parseStoreTarget, type StoreTarget } from '../store/target.js';
import type { Flow } from '../login/choose.js';

export interface LoginOptions {
  readonly authority: URL;
  readonly clientId: string;
  readonly scope: string;
  readonly offline: boolean;
  readonly flow: 'auto' | Flow;
  readonly store?: StoreTarget;
  readonly print?: 'text' | 'json';
  readonly open: boolean;
  readonly timeoutMs: number;
  readonly allowInsecureHttp: boolean;
  readonly debug: boolean;
  readonly help: boolean;
}

export const LOGIN_OPTIONS = [
  { name: 'authority', env: 'DOTSTAT_AUTHORITY', value: 'URL', description: 'The realm URL, e.g. https://keycloak.example.org/realms/OECD.' },
  { name: 'client-id', env: 'DOTSTAT_CLIENT_ID', value: 'ID', description: 'The public client people sign in with [default: app].' },
  {
    name: 'store',
    env: 'DOTSTAT_STORE',
    value: 'TARGET',
    description:
      'Where the refresh token goes: file:PATH, github-secret:[OWNER/REPO/[env/ENV/]]NAME, github-secret:org/ORG/NAME, gitlab-variable:[PROJECT/]NAME.',
  },
  {
    name: 'offline',
    env: 'DOTSTAT_OFFLINE',
    value: '',
    description: 'Ask for an offline token (scope offline_access): it outlives the browser session, for jobs that run less often than the session idle time.',
  },
  {
    name: 'flow',
    env: 'DOTSTAT_FLOW',
    value: 'auto|browser|device',
    description:
      'browser: sign in in a browser on this machine; device: enter a code on any device; auto: device where no browser can be opened here (SSH, no display, CI), else browser [default: auto].',
  },
  { name: 'scope', env: 'DOTSTAT_SCOPE', value: 'SCOPES', description: 'More scopes to ask for, beside openid (and offline_access with --offline).' },
  { name: 'print', env: '', value: '', description: 'Also print the tokens (they are secrets: only where nobody else reads the screen).' },
  { name: 'json', env: '', value: '', description: 'Print the token answer as JSON on stdout, for scripts (it holds secrets); messages go to stderr.' },
  { name: 'no-open', env: '', value: '', description: 'Do not open a browser: print the URL only.' },
  { name: 'timeout', env: 'DOTSTAT_LOGIN_TIMEOUT', value: 'SECONDS', description: 'How long the browser flow waits for the sign-in [default: 300].' },
  { name: 'allow-insecure-http', env: 'DOTSTAT_ALLOW_INSECURE_HTTP', value: '', description: 'Permit plain http:// to a host other than this machine.' },
  { name: 'debug', env: 'DOTSTAT_DEBUG', value: '', description: 'Print debug lines (never secrets).' },
] as const;

const FLAGS = new Map<string, (typeof LOGIN_OPTIONS)[number]>(LOGIN_OPTIONS.map((o) => [o.name, o]));
const SWITCHES = new Set(['offline', 'print', 'json', 'no-open', 'allow-insecure-http', 'debug', 'help']);
const TRUE = /^(true|1|yes|on)$/i;

export function loginHelp(): string {
  const lines = [
    'Usage: dotstat-action login [options]',
    '',
    'Signs a person in (browser with PKCE and a loopback redirect, or the device flow) and stores the',
    'refresh token where the pipeline reads it, without showing it. Needs --store, or --print / --json.',
    '',
  ];
  for (const o of LOGIN_OPTIONS) lines.push(`  --${o.name}${o.value ? ` ${o.value}` : ''}`.padEnd(36) + (o.env ? o.env : ''), `      ${o.description}`);
  lines.push('  --help');
  return lines.join('\n');
}

function parseFlags(argv: readonly string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '-h') {
      flags.set('help', 'true');
      continue;
    }
    // Never quoted: a stray argument may be a pasted token.
    if (!arg.startsWith('--'))
      throw new InputError(`argument ${i + 2}`, 'is not an option of login (it is not shown, in case it is a secret).', 'See dotstat-action login --help.');
    const [name = '', inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (!FLAGS.has(name) && name !== 'help')
      throw new InputError(`argument ${i + 2}`, 'is not an option of login (it is not shown, in case it is a secret).', 'See dotstat-action login --help.');
    if (SWITCHES.has(name)) flags.set(name, inline ?? 'true');
    else if (inline !== undefined) flags.set(name, inline);
    else if (argv[i + 1] === undefined || argv[i + 1]?.startsWith('--')) throw new InputError(`--${name}`, 'needs a value.', `Write --${name} VALUE.`);
    else flags.set(name, argv[++i] ?? '');
  }
  return flags;
}

function storeTarget(text: string): StoreTarget {
  try {
    return parseStoreTarget(text, 'store');
  } catch (error) {
    throw new InputError('store', String((error as Error).message).replace(/^store: /, ''), 'See dotstat-action login --help.');
  }
}

/** Parses `login`'s arguments (those after the word login) and the DOTSTAT_* variables it reads. */
export function parseLogin(argv: readonly string[], env: NodeJS.ProcessEnv): LoginOptions {
  const flags = parseFlags(argv);
  const value = (name: string): string | undefined => {
    const env_ = FLAGS.get(name)?.env;
    const given = flags.get(name) ?? (env_ ? env[env_] : undefined);
    return given?.trim() ? given.trim() : undefined;
  };
  const on = (name: string) => TRUE.test(value(name) ?? '');
  const help = on('help');
  const allowInsecureHttp = on('allow-insecure-http');
  const raw = (name: InputName) => value(name);
  const authority = parseUrl(raw, 'authority', allowInsecureHttp);
  if (!authority && !help)
    throw new InputError('authority', 'is required for login.', 'Set --authority to the realm URL, e.g. https://keycloak.example.org/realms/OECD.');
  if (authority) authority.pathname = authority.pathname.replace(/\/\.well-known\/openid-configuration$/, '');
  const clientId = value('client-id') ?? 'app';
  if (/\s/.test(clientId)) throw new InputError('client-id', 'must not contain spaces.', 'Write the client id as Keycloak shows it under Clients, e.g. app.');
  const flow = (value('flow') ?? 'auto').toLowerCase();
  if (flow !== 'auto' && flow !== 'browser' && flow !== 'device')
    throw new InputError('flow', `expected auto, browser or device.`, 'Write --flow browser, --flow device, or leave it out (auto).');
  const timeout = value('timeout') ?? '300';
  if (!/^\d+$/.test(timeout) || Number(timeout) < 1 || Number(timeout) > 3600)
    throw new InputError('timeout', 'expected a number of seconds from 1 to 3600.', 'Write e.g. --timeout 600.');
  const store = value('store');
  const print = on('json') ? 'json' : on('print') ? 'text' : undefined;
  if (!store && !print && !help)
    throw new InputError(
      'store',
      'is required: login must put the refresh token somewhere.',
      'Give --store file:PATH, github-secret:NAME or gitlab-variable:NAME (see --help); or --print / --json to show the tokens (they are secrets).',
    );
  const offline = on('offline');
  const scope = ['openid', ...(offline ? ['offline_access'] : []), ...(value('scope')?.split(/\s+/) ?? [])];
  return {
    authority: authority ?? new URL('https://unset.invalid'),
    clientId,
    scope: [...new Set(scope)].join(' '),
    offline,
    flow,
    store: store ? storeTarget(store) : undefined,
    print,
    open: !on('no-open'),
    timeoutMs: Number(timeout) * 1000,
    allowInsecureHttp,
    debug: on('debug') || env.RUNNER_DEBUG === '1',
    help,
  };
}
