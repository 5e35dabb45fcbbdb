// @ts-check
/**
 * A small stand-in for the GitHub Actions runner, shared by the end-to-end tests and the demo:
 * it runs an entry point with inputs as INPUT_<NAME> variables (upper-cased, dashes kept) and
 * action.yml's defaults applied, temporary GITHUB_OUTPUT / GITHUB_ENV / GITHUB_STATE /
 * GITHUB_STEP_SUMMARY files, and captures stdout and stderr. `render()` shows a log the way the
 * runner's web page does: mask commands consumed, masked values as ***.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const ACTION_ENTRY = join(ROOT, 'dist/index.js');

/** @returns {Record<string, string>} input defaults as action.yml declares them */
export function actionDefaults() {
  const yml = readFileSync(join(ROOT, 'action.yml'), 'utf8');
  const inputs = yml.split(/^outputs:/m)[0]?.split(/^inputs:/m)[1] ?? '';
  /** @type {Record<string, string>} */
  const defaults = {};
  for (const match of inputs.matchAll(/^ {2}([a-z-]+):\n(?:(?: {4}.*)\n)*? {4}default: '(.*)'$/gm)) {
    defaults[String(match[1])] = String(match[2]);
  }
  return defaults;
}

/**
 * Parses the runner's file-command format: `name<<DELIM\nvalue\nDELIM` (and legacy name=value).
 * @param {string} text
 * @returns {Record<string, string>}
 */
export function parseFileCommands(text) {
  /** @type {Record<string, string>} */
  const values = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(String(heredoc[2]), i + 1);
      values[String(heredoc[1])] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (line.includes('=')) {
      values[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return values;
}

/**
 * @typedef {object} StepOptions
 * @property {boolean} [github] run as on GitHub (GITHUB_ACTIONS=true); default true
 * @property {boolean} [debug] ACTIONS_STEP_DEBUG=true
 * @property {Record<string, string>} [env] extra environment
 * @property {string} [entry] default dist/index.js
 * @property {string} [node] the Node binary; default this process's (scripts/node24.mjs gives the runner's Node 24)
 * @property {readonly string[]} [args]
 * @property {number} [timeoutMs] killed after this long; default 25 s
 * @property {{ when: string | RegExp, signal: NodeJS.Signals }} [kill] send a signal once stdout matches
 * @property {string} [cwd] working directory; default a temporary one
 * @property {boolean} [inputsAsEnv] pass inputs as INPUT_ variables; default true
 * @property {{ uid: number, gid: number }} [user] run as this user (the caller being root), as a
 *   runner's own user is: a permission check is then not waved through as it is for root
 *
 * @typedef {object} StepResult
 * @property {number | null} code
 * @property {string} stdout
 * @property {string} stderr
 * @property {Record<string, string>} outputs
 * @property {Record<string, string>} env
 * @property {string} summary
 * @property {string} state
 * @property {number} durationMs
 */

/**
 * The files the runner reads after a step, created empty in `dir`.
 * @param {string} dir
 */
export function stepFiles(dir) {
  const files = {
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_ENV: join(dir, 'env'),
    GITHUB_STATE: join(dir, 'state'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
  };
  for (const file of Object.values(files)) writeFileSync(file, '');
  return files;
}

/**
 * @param {Record<string, string>} inputs
 * @param {StepOptions} [options]
 * @returns {Promise<StepResult>}
 */
export async function runStep(inputs, options = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'dotstat-step-'));
  const files = stepFiles(dir);
  /** @type {Record<string, string>} */
  const env = { PATH: process.env.PATH ?? '', HOME: dir, RUNNER_TEMP: dir };
  if (options.github ?? true) Object.assign(env, files, { GITHUB_ACTIONS: 'true', CI: 'true' });
  if (options.debug) Object.assign(env, { ACTIONS_STEP_DEBUG: 'true', RUNNER_DEBUG: '1' });
  if (options.inputsAsEnv ?? true) {
    for (const [name, value] of Object.entries({ ...actionDefaults(), ...inputs })) {
      env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
    }
  }
  Object.assign(env, options.env);
  if (options.user) {
    chmodSync(dir, 0o777);
    for (const file of Object.values(files)) chmodSync(file, 0o666);
  }
  const started = Date.now();
  const child = spawn(options.node ?? process.execPath, [options.entry ?? ACTION_ENTRY, ...(options.args ?? [])], {
    env,
    cwd: options.cwd ?? dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...options.user,
  });
  let stdout = '';
  let stderr = '';
  let killed = false;
  child.stdout.on('data', (chunk) => {
    stdout += chunk.toString();
    const kill = options.kill;
    if (kill && !killed && (typeof kill.when === 'string' ? stdout.includes(kill.when) : kill.when.test(stdout))) {
      killed = true;
      child.kill(kill.signal);
    }
  });
  child.stderr.on('data', (chunk) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 25_000);
  /** @type {number | null} */
  const code = await new Promise((done) => child.on('close', (c) => done(c)));
  clearTimeout(timer);
  const read = (/** @type {string} */ file) => readFileSync(file, 'utf8');
  const result = {
    code,
    stdout,
    stderr,
    outputs: parseFileCommands(read(files.GITHUB_OUTPUT)),
    env: parseFileCommands(read(files.GITHUB_ENV)),
    summary: read(files.GITHUB_STEP_SUMMARY),
    state: read(files.GITHUB_STATE),
    durationMs: Date.now() - started,
  };
  rmSync(dir, { recursive: true, force: true });
  return result;
}

/**
 * The log as the runner shows it: masks applied, commands turned into what the page displays.
 * @param {string} stdout
 * @returns {string}
 */
export function render(stdout) {
  /** @type {string[]} */
  const masks = [];
  /** @type {string[]} */
  const shown = [];
  for (const line of stdout.split('\n')) {
    const mask = /^::add-mask::(.*)$/.exec(line);
    if (mask) masks.push(unescape(mask[1] ?? ''));
    else if (line.startsWith('::debug::')) continue;
    else
      shown.push(
        line
          .replace(/^::(warning|error|notice)[^:]*::/, (_, kind) => `${kind[0].toUpperCase()}${kind.slice(1)}: `)
          .replace(/^::group::/, '▼ ')
          .replace(/^::endgroup::$/, ''),
      );
  }
  masks.sort((a, b) => b.length - a.length);
  return shown.map((line) => masks.reduce((text, mask) => (mask ? text.split(mask).join('***') : text), unescape(line))).join('\n');
}

/** @param {string} text */
function unescape(text) {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}
