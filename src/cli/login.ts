/**
 * `dotstat-action login`: a person signs in once (browser or device flow, ../login/), and the
 * refresh token goes straight where the pipeline reads it (--store), never through the screen
 * unless --print or --json asks. Messages go to stderr; stdout carries only what --print/--json ask.
 */
import { asDotstatError, InputError, LoginError } from '../errors.js';
import { DEFAULT_TIMING } from '../http/retry.js';
import { browserSignIn } from '../login/browser.js';
import { chooseFlow, noBrowserHere, onCi, type Flow } from '../login/choose.js';
import type { SignInContext } from '../login/context.js';
import { deviceSignIn } from '../login/device.js';
import { discoverSignIn } from '../login/endpoints.js';
import { browserCommand, openBrowser } from '../login/open.js';
import { checkTokens, deliver, explain } from '../login/result.js';
import type { TokenSet } from '../oidc/token-response.js';
import { listenForCancellation } from '../platform/startup.js';
import { createTerminalPlatform } from '../platform/terminal.js';
import type { Platform } from '../platform/types.js';
import { SECRETS } from '../secrets.js';
import { openStore } from '../store/open.js';
import { notAPlainFile } from '../files.js';
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { HttpSettings } from '../http/client.js';
import type { StoreTarget } from '../store/target.js';
import type { SecretStore } from '../store/types.js';
import { loginHelp, parseLogin, type LoginOptions } from './login-args.js';

/**
 * The store a target names, opened to create the secret or variable when it does not exist yet
 * (the first token). Its API token is read from DOTSTAT_STORE_TOKEN, else the one its CLI uses
 * (GH_TOKEN or GITHUB_TOKEN for GitHub, GITLAB_TOKEN for GitLab); the API from GITHUB_API_URL or
 * CI_API_V4_URL where set (a GitHub Enterprise server, a self-managed GitLab).
 */
export function openLoginStore(target: StoreTarget, env: NodeJS.ProcessEnv, http: HttpSettings, secret: (value: string) => void): SecretStore {
  const names = target.kind === 'github-secret' ? ['DOTSTAT_STORE_TOKEN', 'GH_TOKEN', 'GITHUB_TOKEN'] : ['DOTSTAT_STORE_TOKEN', 'GITLAB_TOKEN'];
  const tokenInput = target.kind === 'file' ? undefined : names.find((name) => env[name]?.trim());
  const token = tokenInput ? env[tokenInput]?.trim() : undefined;
  if (token) secret(token);
  if (target.kind === 'file') {
    const not = notAPlainFile(resolve(target.path));
    if (not)
      throw new InputError('store', `${resolve(target.path)} is ${not}.`, 'Name a plain file, or a path that does not exist yet; a link is never followed.');
    if (!isFolder(dirname(resolve(target.path))))
      throw new InputError('store', `the folder ${dirname(resolve(target.path))} does not exist.`, 'Create it first, or name a file in a folder that exists.');
  }
  return openStore(target, {
    token,
    http,
    env: { GITHUB_API_URL: env.GITHUB_API_URL, GITHUB_REPOSITORY: env.GITHUB_REPOSITORY, CI_API_V4_URL: env.CI_API_V4_URL, CI_PROJECT_ID: env.CI_PROJECT_ID },
    create: true,
    targetInput: 'store',
    tokenInput: tokenInput ?? names.join(' or '),
  });
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function realmOf(authority: URL): string {
  return /\/realms\/([^/]+)/.exec(authority.pathname)?.[1] ?? 'REALM';
}

async function signIn(flow: Flow, ctx: SignInContext, options: LoginOptions, env: NodeJS.ProcessEnv): Promise<TokenSet> {
  if (flow === 'device') return deviceSignIn(ctx);
  const canOpen = options.open && !noBrowserHere(env);
  return browserSignIn(ctx, {
    timeoutMs: options.timeoutMs,
    open: canOpen ? (url) => openBrowser(browserCommand(env), url) : undefined,
    accept: (tokens) => void checkTokens(tokens, options.offline, ctx),
  });
}

const REFUSED = { browser: 'BROWSER_FLOW_REFUSED', device: 'DEVICE_FLOW_REFUSED' } as const;

async function login(options: LoginOptions, platform: Platform, env: NodeJS.ProcessEnv, signal: AbortSignal): Promise<void> {
  if (options.print && onCi(env))
    throw new InputError(
      options.print === 'json' ? 'json' : 'print',
      'would print the tokens into a CI log, which is kept with the run.',
      'Use --store to put the refresh token into a secret or variable.',
    );
  const http = { timeoutMs: 30_000, allowInsecureHttp: options.allowInsecureHttp };
  // Opened before anyone signs in: a target that lacks its token is found before a sign-in is spent on it.
  const store = options.store ? openLoginStore(options.store, env, http, (value) => platform.addSecret(value)) : undefined;
  const retry = { signal, timing: DEFAULT_TIMING, debug: (m: string) => platform.debug(m) };
  // Read too (a secret or variable that may not exist yet is fine): a store token the API refuses,
  // a repository it cannot see, a GitLab token without the api scope are found before a person
  // signs in, not after, when the new refresh token could only be lost.
  if (store?.check) {
    platform.info(`Checking ${store.where} before the sign-in.`);
    await store.check({ signal });
  }
  const endpoints = await discoverSignIn(options.authority, http, retry);
  const ctx: SignInContext = {
    authority: options.authority,
    clientId: options.clientId,
    realm: realmOf(options.authority),
    scope: options.scope,
    endpoints,
    http,
    retry,
    log: platform,
    secret: (value) => platform.addSecret(value),
    signal,
  };
  const choice = chooseFlow(options.flow, endpoints, env);
  platform.info(`Signing in to ${options.authority.href} as client ${options.clientId} with the ${choice.flow} flow: ${choice.why}.`);
  let tokens: TokenSet;
  try {
    tokens = await signIn(choice.flow, ctx, options, env);
  } catch (error) {
    if (!choice.fallback || !(error instanceof LoginError) || error.code !== REFUSED[choice.flow]) throw error;
    platform.warning(`${error.describe()}\nTrying the ${choice.fallback} flow instead.`);
    tokens = await signIn(choice.fallback, ctx, options, env);
  }
  const outcome = checkTokens(tokens, options.offline, ctx);
  platform.info(`Signed in${outcome.user ? ` as ${outcome.user}` : ''}.`);
  for (const line of explain(outcome)) platform.info(line);
  await deliver(tokens, outcome, { store, print: options.print, stdout: (text) => void process.stdout.write(text) }, platform, signal);
  if (!store) platform.info('The refresh token was not stored (no --store): put it into a masked secret yourself.');
}

/** Runs `dotstat-action login ARGS`; the exit status is set on process.exitCode. */
export async function runLogin(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  let options: LoginOptions | undefined;
  let parseError: unknown;
  try {
    options = parseLogin(argv, env);
  } catch (error) {
    parseError = error;
  }
  // stderr: stdout is kept for what --print / --json ask for.
  const platform = createTerminalPlatform(SECRETS, { debug: options?.debug ?? false, write: (line) => void process.stderr.write(`${line}\n`) });
  if (parseError || !options) return platform.setFailed(asDotstatError(parseError).describe());
  if (options.help) return void process.stdout.write(`${loginHelp()}\n`);
  const cancellation = listenForCancellation();
  try {
    await login(options, platform, env, cancellation.signal);
  } catch (error) {
    platform.setFailed(asDotstatError(error).describe());
  } finally {
    cancellation.release();
  }
}
