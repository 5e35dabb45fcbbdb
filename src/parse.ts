/**
 * Reading one setting: the helpers every settings module (../oidc/settings.ts,
 * ../transfer/settings.ts, ./config.ts) builds on. `read()` is the one read path: it trims, treats
 * '' as unset, and applies the input's default from the table in ./inputs.ts; every parser below
 * goes through it. Each failure is an InputError naming the input, what was expected, and a fix.
 */
import { InputError } from './errors.js';
import { isLoopback } from './http/loopback.js';
import { INPUTS, type InputName, type RawSettings } from './inputs.js';
import { sanitize } from './text.js';

const DEFAULTS = new Map<string, string>(INPUTS.map((input) => [input.name, input.default]));

/** A value quoted in a message: one line, capped (an input may hold anything, even a stray secret's length of text). */
export function shown(value: string): string {
  return `'${sanitize(value, 60)}'`;
}

/**
 * The trimmed value, else the input's default, else undefined. With `explicitEmpty`, an input set
 * to '' on purpose (export-env: '') is '' rather than its default; only an absent one gets that.
 */
export function read(raw: RawSettings, name: InputName, options: { explicitEmpty?: boolean } = {}): string | undefined {
  const given = raw(name);
  if (options.explicitEmpty && given !== undefined) return given.trim() || undefined;
  return given?.trim() || DEFAULTS.get(name) || undefined;
}

/** The non-empty lines of a multi-line input, each trimmed. */
export function readLines(raw: RawSettings, name: InputName): string[] {
  return (read(raw, name) ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

export function parseBoolean(raw: RawSettings, name: InputName): boolean {
  const value = read(raw, name) ?? 'false';
  if (/^(true|yes|on|1)$/i.test(value)) return true;
  if (/^(false|no|off|0)$/i.test(value)) return false;
  throw new InputError(name, `expected true or false, got ${shown(value)}.`, `Write true or false (or leave it empty for ${DEFAULTS.get(name) || 'false'}).`);
}

/** A number of seconds within [min, max], returned in milliseconds. */
export function parseSeconds(raw: RawSettings, name: InputName, min: number, max: number): number {
  const value = read(raw, name) ?? '';
  const seconds = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !Number.isFinite(seconds) || seconds < min || seconds > max) {
    throw new InputError(
      name,
      `expected a number of seconds from ${min} to ${max}, got ${shown(value)}.`,
      `Write a plain number such as ${DEFAULTS.get(name) || min} (no unit, no sign), or leave it empty for the default.`,
    );
  }
  return Math.round(seconds * 1000);
}

/** A whole number within [min, max]. */
export function parseCount(raw: RawSettings, name: InputName, min: number, max: number): number {
  const value = read(raw, name) ?? '';
  const count = Number(value);
  if (!/^\d+$/.test(value) || count < min || count > max) {
    throw new InputError(
      name,
      `expected a whole number from ${min} to ${max}, got ${shown(value)}.`,
      `Write a plain number such as ${DEFAULTS.get(name) || min}, or leave it empty for the default.`,
    );
  }
  return count;
}

export function parseEnum<T extends string>(raw: RawSettings, name: InputName, allowed: readonly T[]): T {
  const value = (read(raw, name) ?? '').toLowerCase();
  const match = allowed.find((option) => option.toLowerCase() === value);
  if (!match) {
    const fallback = DEFAULTS.get(name);
    throw new InputError(
      name,
      `expected one of ${allowed.join(', ')}; got ${shown(value)}.`,
      `Write one of: ${allowed.join(', ')}${fallback ? ` (or leave it empty for ${fallback})` : ''}.`,
    );
  }
  return match;
}

/** An absolute http(s) URL without credentials, query or fragment. */
export function parseUrl(raw: RawSettings, name: InputName, allowInsecureHttp: boolean): URL | undefined {
  const value = read(raw, name);
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(name, 'is not an absolute URL.', 'Write the full address, starting with https://.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InputError(name, `must be an https:// URL, got a ${sanitize(url.protocol, 20)} URL.`, 'Write the full address, starting with https://.');
  }
  if (url.username || url.password) {
    throw new InputError(name, 'must not contain a user name or password.', 'Remove the user:password@ part; give credentials through the secret inputs.');
  }
  if (url.hash) throw new InputError(name, 'must not contain a #fragment.', 'Remove the # and what follows it.');
  if (url.protocol === 'http:' && !isLoopback(url) && !allowInsecureHttp) {
    throw new InputError(
      name,
      `uses plain http:// to ${url.host}: credentials and tokens would travel unencrypted.`,
      'Use the https:// address. Only on a trusted network, set allow-insecure-http: true.',
    );
  }
  url.pathname = url.pathname.replace(/\/+$/, '');
  return url;
}

const UNITS: Record<string, number> = { '': 1, B: 1, KB: 1e3, MB: 1e6, GB: 1e9, KIB: 1024, MIB: 1024 ** 2, GIB: 1024 ** 3 };

/** A size such as 10MB, 500 KB, 1GiB or 1048576 (bytes), in bytes. */
export function parseSize(raw: RawSettings, name: InputName): number {
  const value = read(raw, name) ?? '';
  const match = /^(\d+(?:\.\d+)?)\s*([KMG]i?B|B)?$/i.exec(value);
  const bytes = match ? Number(match[1]) * (UNITS[(match[2] ?? '').toUpperCase()] ?? NaN) : NaN;
  if (!Number.isFinite(bytes) || bytes > 1e13) {
    throw new InputError(
      name,
      `expected a size such as 10MB, 500KB or a number of bytes; got ${shown(value)}.`,
      'Write a number with an optional unit B, KB, MB, GB (or KiB, MiB, GiB), at most 10 TB, e.g. 10MB.',
    );
  }
  return Math.round(bytes);
}

const RESERVED_ENV = /^(GITHUB_|RUNNER_|ACTIONS_|INPUT_|STATE_)|^(PATH|NODE_OPTIONS|HOME|CI)$/i;

/** An environment variable name for later steps; '' given on purpose means none. */
export function parseEnvName(raw: RawSettings, name: InputName): string | undefined {
  const value = read(raw, name, { explicitEmpty: true });
  if (!value) return undefined;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(value)) {
    throw new InputError(
      name,
      `${shown(value)} is not a valid environment variable name (letters, digits and _, not starting with a digit).`,
      'Use a name such as DOTSTAT_ACCESS_TOKEN, or leave it empty to export nothing.',
    );
  }
  if (RESERVED_ENV.test(value))
    throw new InputError(name, `${shown(value)} is reserved by the runner; choose another name.`, 'For example DOTSTAT_ACCESS_TOKEN (the default).');
  return value;
}
